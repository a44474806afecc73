import { createServer, type Server } from 'node:net';
import pino from 'pino';
import { parseCliArgs } from './cli-options';
import { answers, cliReference } from './cli-reference';

const CREDENTIALS = ['--api-key', 'K', '--secret', 'S', '--client-id', '1'];

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.destroy());
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

describe('the CLI reference price', () => {
  const logger = pino({ level: 'silent' });

  it('follows a feed that answers, and walks from the start price when nothing answers', async () => {
    const { server, port } = await listen();
    try {
      expect(await answers(`ws://127.0.0.1:${port}`, 1000)).toBe(true);
      const config = parseCliArgs(CREDENTIALS)!;
      const feed = await cliReference(
        { ...config, reference: { kind: 'auto', url: `ws://127.0.0.1:${port}` } },
        logger,
      );
      expect(feed.description).toBe(`feed ws://127.0.0.1:${port} (BTC-USD mid)`);
      expect(feed.source.current()).toBeUndefined(); // not started: no price until the feed's first top
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // The port is closed now: the same auto choice falls back to the walk from 97000.
    expect(await answers(`ws://127.0.0.1:${port}`, 1000)).toBe(false);
    const config = parseCliArgs(CREDENTIALS)!;
    const walk = await cliReference({ ...config, reference: { kind: 'auto', url: `ws://127.0.0.1:${port}` } }, logger);
    expect(walk.description).toBe('random walk from 97000');
    expect(walk.source.current()).toBe('97000');
    const explicit = await cliReference(parseCliArgs([...CREDENTIALS, '--reference-price', '50000'])!, logger);
    expect(explicit.description).toBe('random walk from 50000');
  });
});
