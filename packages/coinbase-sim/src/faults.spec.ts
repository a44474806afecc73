import type { Socket } from 'node:net';
import { ManualClock } from '@truex-mm/clock';
import WebSocket from 'ws';
import { CoinbaseSimulator } from './coinbase-simulator';
import { RawFeedClient } from './test-client.test-util';

describe('CoinbaseSimulator faults (raw ws client)', () => {
  let clock: ManualClock;
  let sim: CoinbaseSimulator;
  let url: string;
  const clients: RawFeedClient[] = [];

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 3, 1));
    sim = new CoinbaseSimulator({ clock, products: ['BTC-USD', 'ETH-USD'], seed: 5 });
    ({ url } = await sim.start());
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.stop();
  });

  async function heartbeatClient(): Promise<RawFeedClient> {
    const client = await RawFeedClient.connect(url);
    clients.push(client);
    client.send({ type: 'subscribe', product_ids: ['BTC-USD', 'ETH-USD'], channels: ['heartbeat'] });
    await client.next((m) => m.type === 'subscriptions');
    return client;
  }

  it('dropAll terminates every socket without a close frame (1006)', async () => {
    const a = await heartbeatClient();
    const b = await heartbeatClient();
    sim.faults.dropAll();
    await expect(a.closed).resolves.toBe(1006);
    await expect(b.closed).resolves.toBe(1006);
    expect(sim.connectionCount).toBe(0);
  });

  it('stall sends nothing (not even heartbeats or pongs) for the given time, then resumes', async () => {
    const client = await heartbeatClient();
    sim.faults.stall(2500);
    let ponged = false;
    client.socket.on('pong', () => (ponged = true));
    client.socket.ping();
    const received = sim.metrics().framesReceived;
    client.send({ type: 'hello' }); // processed after the ping: once counted, the ping has been seen while stalled
    while (sim.metrics().framesReceived === received) await new Promise((resolve) => setTimeout(resolve, 2));
    clock.advance(2000); // heartbeats at 1000 and 2000 are swallowed
    clock.advance(1000); // 3000: the stall is over
    const frames = await client.sync('BTC-USD');
    expect(frames.map((m) => [m.type, (m['time'] as string).slice(0, 23)])).toEqual([
      ['heartbeat', '2026-04-01T00:00:03.000'],
      ['heartbeat', '2026-04-01T00:00:03.000'],
    ]);
    expect(ponged).toBe(false);
  });

  it("stall in 'hold' mode delivers the held frames late, in order", async () => {
    const client = await heartbeatClient();
    sim.faults.stall(1500, 'hold');
    clock.advance(1000);
    clock.advance(1000);
    const frames = await client.sync('BTC-USD');
    expect(frames.map((m) => (m['time'] as string).slice(0, 23))).toEqual([
      '2026-04-01T00:00:01.000',
      '2026-04-01T00:00:01.000',
      '2026-04-01T00:00:02.000',
      '2026-04-01T00:00:02.000',
    ]);
  });

  it('sends a garbage frame that is not JSON, and the connection carries on', async () => {
    const client = await heartbeatClient();
    sim.faults.sendGarbage();
    const raw = await client.nextRaw();
    expect(() => JSON.parse(raw)).toThrow(SyntaxError);
    clock.advance(1000);
    expect((await client.next())['type']).toBe('heartbeat');
  });

  it('duplicates and reorders the next frames', async () => {
    const client = await heartbeatClient();
    sim.faults.duplicateNext(1);
    clock.advance(1000);
    const duplicated = await client.sync('BTC-USD');
    expect(duplicated.map((m) => m['product_id'])).toEqual(['BTC-USD', 'BTC-USD', 'ETH-USD']);
    sim.faults.reorderNext(1);
    clock.advance(1000);
    const reordered = await client.sync('BTC-USD');
    expect(reordered.map((m) => m['product_id'])).toEqual(['ETH-USD', 'BTC-USD']);
    sim.faults.reorderNext(1, 'match'); // only matches are held back; heartbeats pass
    clock.advance(1000);
    expect((await client.sync('BTC-USD')).map((m) => m['product_id'])).toEqual(['BTC-USD', 'ETH-USD']);
  });

  it('disconnects a slow consumer whose buffered bytes pass the limit, after an ErrSlowConsume error', async () => {
    const client = await heartbeatClient();
    const socket = (client.socket as unknown as { _socket: Socket })._socket;
    socket.pause(); // the client stops reading; the kernel buffers fill, then ws buffers in user space
    sim.faults.setMaxBufferedBytes(256 * 1024);
    sim.faults.burst(24 * 1024 * 1024);
    expect(sim.metrics().slowConsumerDisconnects).toBe(1);
    expect(sim.connectionCount).toBe(0);
    socket.resume();
    await expect(client.closed).resolves.toBe(1006);
  });

  it('on-demand slow-consumer disconnect sends the error first', async () => {
    const client = await heartbeatClient();
    sim.faults.slowConsumerDisconnect();
    await client.closed;
    expect(client.unread()).toContainEqual({
      type: 'error',
      message: 'ErrSlowConsume',
      reason: 'too many backed up messages',
    });
  });

  it('refuses upgrades with HTTP 429 on demand', async () => {
    sim.faults.rejectNextUpgrades(1);
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(url);
      socket.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        socket.terminate();
      });
      socket.on('error', () => undefined);
    });
    expect(status).toBe(429);
    await heartbeatClient(); // the next one is accepted
    expect(sim.metrics().rejectedUpgrades).toBe(1);
  });
});
