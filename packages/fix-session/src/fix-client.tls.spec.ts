import type { AddressInfo } from 'node:net';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { decodeFix, encodeFix, FixFrameSplitter, formatUtcTimestamp } from '@truex-mm/fix-codec';
import { CREDENTIALS } from './engine.test-util';
import { FixConnectError } from './errors';
import { FixClient } from './fix-client';
// A test-only file shared by relative path, not a package: see tools/testing/README.md.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { makeTestCertificates, opensslMissing, type TestCertificates } from '../../../tools/testing/tls-certificates';

const skipReason = opensslMissing();
if (skipReason) console.warn(skipReason);
const describeTls = skipReason ? describe.skip : describe;

/** A TLS acceptor that acknowledges any Logon; records the SNI name each client sent. */
async function startTlsVenue(pair: {
  key: string;
  cert: string;
}): Promise<{ server: Server; port: number; sni: Array<string | false> }> {
  const sni: Array<string | false> = [];
  const server = createServer({ key: pair.key, cert: pair.cert }, (socket: TLSSocket) => {
    sni.push(socket.servername ?? false);
    const splitter = new FixFrameSplitter();
    socket.on('data', (chunk: Buffer) =>
      splitter.push(chunk, (frame) => {
        const m = decodeFix(frame);
        if (m.msgType !== 'A') return;
        socket.write(
          encodeFix(
            'A',
            {
              senderCompId: CREDENTIALS.targetCompId,
              targetCompId: CREDENTIALS.senderCompId,
              msgSeqNum: 1,
              sendingTime: formatUtcTimestamp(Date.now()),
            },
            [
              [108, '30'],
              [1137, '9'],
            ],
          ),
        );
      }),
    );
    socket.on('error', () => undefined);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, sni };
}

describeTls('FixClient over TLS (certificates generated at runtime with openssl)', () => {
  let certs: TestCertificates;
  let server: Server | undefined;
  let client: FixClient | undefined;

  beforeAll(() => {
    certs = makeTestCertificates();
  });

  afterEach(async () => {
    await client?.stop(200);
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    client = server = undefined;
  });

  const connect = (host: string, port: number, ca?: string): FixClient =>
    new FixClient({
      ...CREDENTIALS,
      host,
      port,
      tls: true,
      ...(ca !== undefined ? { ca } : {}),
      reconnect: { enabled: false },
    });

  it('logs on when the chain verifies against the given CA and the host name matches; SNI carries the name', async () => {
    const venue = await startTlsVenue(certs.good);
    server = venue.server;
    client = connect('localhost', venue.port, certs.ca);
    client.start();
    await client.waitForLogon(5000);
    expect(client.state).toBe('active');
    expect(venue.sni).toEqual(['localhost']);
  });

  it('connects to an IP address (matched against the IP SAN) without sending SNI', async () => {
    const venue = await startTlsVenue(certs.good);
    server = venue.server;
    client = connect('127.0.0.1', venue.port, certs.ca);
    client.start();
    await client.waitForLogon(5000);
    expect(venue.sni).toEqual([false]);
  });

  it('fails with TLS_HOSTNAME_MISMATCH when the certificate names another host', async () => {
    const venue = await startTlsVenue(certs.wrongName);
    server = venue.server;
    client = connect('localhost', venue.port, certs.ca);
    client.on('error', () => undefined);
    client.start();
    const error = await client.waitForLogon(5000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FixConnectError);
    expect(error).toMatchObject({ code: 'TLS_HOSTNAME_MISMATCH', causeCode: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it.each([
    ['a CA that did not sign it', (c: TestCertificates) => c.otherCa],
    ["Node's default store (no ca option)", () => undefined],
  ])('fails with TLS_UNTRUSTED_CERTIFICATE when trusting %s', async (_name, pickCa) => {
    const venue = await startTlsVenue(certs.good);
    server = venue.server;
    client = connect('localhost', venue.port, pickCa(certs));
    client.on('error', () => undefined);
    client.start();
    const error = await client.waitForLogon(5000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FixConnectError);
    expect((error as FixConnectError).code).toBe('TLS_UNTRUSTED_CERTIFICATE');
    expect(client.counters().logons).toBe(0);
  });
});
