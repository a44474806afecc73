import { Writable } from 'node:stream';
import { ManualClock } from '@truex-mm/clock';
import pino from 'pino';
import { CREDENTIALS } from './engine.test-util';
import { FixLogonError, type FixSessionError } from './errors';
import { FixClient, type FixClientOptions, type FixSessionState } from './fix-client';
import { FakeConnector, flush } from './fix-client.test-util';

const ORDER: ReadonlyArray<readonly [number, string]> = [
  [11, 'C1'],
  [55, 'BTC-PYUSD'],
  [54, '1'],
  [38, '0.01'],
  [40, '2'],
  [44, '100000'],
];
const ACK: ReadonlyArray<readonly [number, string]> = [
  [108, '30'],
  [1137, '9'],
];
const AUTH_FAILED: ReadonlyArray<readonly [number, string]> = [
  [45, '1'],
  [373, '8'],
  [58, 'Authentication failed'],
];

function setup(extra: Partial<FixClientOptions> = {}): {
  clock: ManualClock;
  connector: FakeConnector;
  client: FixClient;
  states: FixSessionState[];
  errors: FixSessionError[];
} {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const connector = new FakeConnector(clock, { sender: CREDENTIALS.senderCompId, target: CREDENTIALS.targetCompId });
  const client = new FixClient({
    host: 'venue.invalid',
    port: 19484,
    ...CREDENTIALS,
    clock,
    connector: connector.connect,
    random: () => 0.5,
    ...extra,
  });
  const states: FixSessionState[] = [];
  const errors: FixSessionError[] = [];
  client.on('state', (s) => states.push(s));
  client.on('error', (e) => errors.push(e));
  return { clock, connector, client, states, errors };
}

describe('FixClient over an injected connector', () => {
  it('logs on, resolves waitForLogon, sends and receives application messages', async () => {
    const { connector, client, states } = setup();
    const apps: string[] = [];
    client.on('app', (m) => apps.push(m.msgType));
    client.start();
    const logon = client.waitForLogon(5000);
    await flush();
    expect(connector.last.sent('A')).toHaveLength(1);
    expect(client.send('D', ORDER)).toBeUndefined();
    connector.last.venue('A', ACK);
    await expect(logon).resolves.toBeUndefined();
    expect(states).toEqual(['connecting', 'logging-on', 'active']);
    expect(client.send('D', ORDER)).toBe(2);
    connector.last.venue('8', [
      [37, '1'],
      [17, 'E1'],
      [150, '0'],
    ]);
    expect(apps).toEqual(['8']);
    expect(client.counters()).toMatchObject({ logons: 1, messagesOut: 2, messagesIn: 2 });
  });

  it('reconnects with backoff after a drop, one connection at a time, and ignores the old socket', async () => {
    const { clock, connector, client } = setup();
    const apps: string[] = [];
    const logouts: string[] = [];
    client.on('app', (m) => apps.push(m.get(11) ?? ''));
    client.on('logout', (r) => logouts.push(r));
    client.start();
    await flush();
    connector.last.venue('A', ACK);
    const first = connector.last;
    first.drop(new Error('ECONNRESET'));
    expect(client.state).toBe('disconnected');
    expect(logouts).toHaveLength(1);
    clock.advance(999);
    await flush();
    expect(connector.connections).toHaveLength(1);
    clock.advance(1);
    await flush();
    expect(connector.connections).toHaveLength(2);
    expect(connector.live()).toBe(1);
    expect(client.counters().reconnects).toBe(1);
    connector.last.venue('A', ACK);
    expect(client.state).toBe('active');

    // A late event from the first socket must not touch the new session.
    first.events.onData(Buffer.from('8=FIXT.1.1\x019=5\x0135=8\x0110=000\x01', 'latin1'));
    first.events.onClose();
    expect(client.state).toBe('active');
    expect(apps).toEqual([]);
    clock.advance(60_000);
    await flush();
    expect(connector.connections).toHaveLength(2);
  });

  it('waits the maximum delay after an authentication failure and stops after maxAuthFailures', async () => {
    const { clock, connector, client, errors, states } = setup({ reconnect: { maxAuthFailures: 2 } });
    client.start();
    const waiting = client.waitForLogon(120_000);
    await flush();
    connector.last.venue('3', AUTH_FAILED);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FixLogonError);
    expect((error as FixLogonError).code).toBe('AUTHENTICATION_FAILED');
    expect((error as FixLogonError).venueText).toBe('Authentication failed');
    clock.advance(29_999);
    await flush();
    expect(connector.connections).toHaveLength(1);
    clock.advance(1);
    await flush();
    expect(connector.connections).toHaveLength(2);
    connector.last.venue('3', AUTH_FAILED);
    expect(client.state).toBe('stopped');
    expect(states[states.length - 1]).toBe('stopped');
    expect(errors.map((e) => e.code)).toEqual([
      'AUTHENTICATION_FAILED',
      'AUTHENTICATION_FAILED',
      'AUTH_FAILURES_EXHAUSTED',
    ]);
    clock.advance(600_000);
    await flush();
    expect(connector.connections).toHaveLength(2);
    expect(client.counters().logonFailures).toBe(2);
  });

  it('never throws when nobody listens for errors', async () => {
    const clock = new ManualClock(0);
    const connector = new FakeConnector(clock, { sender: CREDENTIALS.senderCompId, target: CREDENTIALS.targetCompId });
    const client = new FixClient({ host: 'h', port: 1, ...CREDENTIALS, clock, connector: connector.connect });
    client.start();
    await flush();
    expect(() => connector.last.venue('3', AUTH_FAILED)).not.toThrow();
    expect(client.state).toBe('disconnected');
  });

  it('stop() performs the Logout handshake, closes and never reconnects', async () => {
    const { clock, connector, client } = setup();
    client.start();
    await flush();
    connector.last.venue('A', ACK);
    const stopped = client.stop(5000);
    expect(connector.last.sent('5')).toHaveLength(1);
    expect(client.state).toBe('logging-out');
    connector.last.venue('5', [[58, 'bye']]);
    await stopped;
    expect(client.state).toBe('stopped');
    expect(connector.last.destroyed).toBe(true);
    clock.advance(120_000);
    await flush();
    expect(connector.connections).toHaveLength(1);
    await expect(client.waitForLogon(10)).rejects.toMatchObject({ code: 'STOPPED' });
  });

  it('redacts the API key and signature from every log line', async () => {
    const lines: string[] = [];
    const sinkStream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const { connector, client } = setup({ logger: pino({ level: 'debug' }, sinkStream) });
    client.start();
    await flush();
    const signature = connector.last.sent('A')[0]!.get(554)!;
    connector.last.venue('A', [...ACK, [553, CREDENTIALS.apiKey], [554, signature]]);
    client.send('D', ORDER);
    const stopping = client.stop(1000);
    connector.last.venue('5');
    await stopping;
    const all = lines.join('');
    expect(all).toContain('553=***');
    expect(all).toContain('554=***');
    expect(all).toContain('35=D');
    for (const secret of [CREDENTIALS.apiKey, CREDENTIALS.apiSecret, signature]) expect(all).not.toContain(secret);
  });
});
