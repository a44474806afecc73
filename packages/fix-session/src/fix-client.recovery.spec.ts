import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@truex-mm/clock';
import { CREDENTIALS } from './engine.test-util';
import { FixConnectError, type FixSessionError } from './errors';
import { FixClient, type FixClientOptions, type FixClientEvents } from './fix-client';
import { FakeConnector, flush } from './fix-client.test-util';
import { MemorySequenceStore } from './sequence-store';

const ACK: ReadonlyArray<readonly [number, string]> = [
  [108, '30'],
  [1137, '9'],
];
const ER: ReadonlyArray<readonly [number, string]> = [
  [37, '1'],
  [17, 'E1'],
  [150, '0'],
  [39, '0'],
  [55, 'BTC-PYUSD'],
  [54, '1'],
  [151, '0.01'],
  [14, '0'],
];

function setup(extra: Partial<FixClientOptions> = {}): {
  clock: ManualClock;
  connector: FakeConnector;
  client: FixClient;
  errors: FixSessionError[];
  seen: <K extends keyof FixClientEvents>(name: K) => Array<FixClientEvents[K][0]>;
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
  const errors: FixSessionError[] = [];
  client.on('error', (e) => errors.push(e));
  const record = new Map<string, unknown[]>();
  for (const name of ['liveness', 'gap', 'messages-skipped', 'venue-reset'] as const) {
    record.set(name, []);
    client.on(name, (arg: unknown) => record.get(name)!.push(arg));
  }
  const seen = <K extends keyof FixClientEvents>(name: K): Array<FixClientEvents[K][0]> =>
    (record.get(name) ?? []) as Array<FixClientEvents[K][0]>;
  return { clock, connector, client, errors, seen };
}

describe('FixClient session recovery', () => {
  it('falls back to a 141=Y logon when the venue acks with a MsgSeqNum below ours, and reports venue-reset', async () => {
    const store = new MemorySequenceStore({ nextOutgoing: 5, nextIncoming: 9 });
    const { clock, connector, client, seen } = setup({ resetOnLogon: false, store });
    client.start();
    const logon = client.waitForLogon(30_000);
    await flush();
    expect(connector.last.sent('A')[0]!.has(141)).toBe(false);
    connector.last.venue('A', ACK, 3); // the venue restarted its gateway
    expect(connector.last.sent('5')[0]!.get(58)).toBe('MsgSeqNum too low, expecting 9 but received 3');
    clock.advance(1000);
    await flush();
    const relogon = connector.last.sent('A')[0]!;
    expect(relogon.get(141)).toBe('Y');
    expect(relogon.get(34)).toBe('1');
    connector.last.venue('A', ACK, 1);
    await expect(logon).resolves.toBeUndefined(); // recovered: nobody waiting was told about the first attempt
    expect(seen('venue-reset')).toEqual([{ reason: expect.stringContaining('MsgSeqNum too low') as string }]);
    expect(client.counters().venueResets).toBe(1);
    // Back to continuing sequence numbers for the next connection.
    connector.last.drop();
    clock.advance(1000);
    await flush();
    expect(connector.last.sent('A')[0]!.has(141)).toBe(false);
  });

  it('falls back to 141=Y when the venue acks our continuing logon with 141=Y', async () => {
    const { clock, connector, client, seen } = setup({ resetOnLogon: false });
    client.start();
    await flush();
    connector.last.venue('A', [...ACK, [141, 'Y']], 1);
    clock.advance(1000);
    await flush();
    expect(connector.last.sent('A')[0]!.get(141)).toBe('Y');
    connector.last.venue('A', ACK, 1);
    expect(seen('venue-reset')[0]?.reason).toMatch(/ResetSeqNumFlag=Y/);
  });

  it('falls back to 141=Y after resetAfterFailedLogons failed logons in a row', async () => {
    const { clock, connector, client } = setup({
      resetOnLogon: false,
      resetAfterFailedLogons: 2,
      logonTimeoutMs: 1000,
    });
    client.start();
    await flush();
    expect(connector.last.sent('A')[0]!.has(141)).toBe(false);
    clock.advance(1000); // logon timeout 1
    clock.advance(1000); // reconnect
    await flush();
    expect(connector.connections).toHaveLength(2);
    expect(connector.last.sent('A')[0]!.has(141)).toBe(false);
    clock.advance(1000); // logon timeout 2
    clock.advance(2000); // reconnect (backoff doubled)
    await flush();
    expect(connector.connections).toHaveLength(3);
    expect(connector.last.sent('A')[0]!.get(141)).toBe('Y');
  });

  it('ends a connect attempt after connectTimeoutMs with FixConnectError CONNECT_TIMEOUT, then retries', async () => {
    const { clock, connector, client, errors } = setup({ connectTimeoutMs: 5000 });
    connector.autoConnect = false;
    client.start();
    await flush();
    clock.advance(4999);
    expect(connector.last.destroyed).toBe(false);
    clock.advance(1);
    expect(connector.last.destroyed).toBe(true);
    expect(errors.at(-1)).toBeInstanceOf(FixConnectError);
    expect(errors.at(-1)?.code).toBe('CONNECT_TIMEOUT');
    expect(client.state).toBe('disconnected');
    clock.advance(1000);
    await flush();
    expect(connector.connections).toHaveLength(2);
  });

  it('exposes gapOpen and the gap, and reports skipped messages', async () => {
    const { connector, client, seen } = setup();
    client.start();
    await flush();
    connector.last.venue('A', ACK);
    expect(client.gapOpen).toBe(false);
    connector.last.venue('8', ER, 4);
    expect(client.gapOpen).toBe(true);
    expect(client.gap).toEqual({ from: 2, to: 3 });
    connector.last.venue(
      '4',
      [
        [123, 'Y'],
        [36, '4'],
      ],
      2,
    );
    expect(client.gapOpen).toBe(false);
    expect(seen('gap')).toEqual([
      { open: true, from: 2, to: 3 },
      { open: false, from: 2, to: 3 },
    ]);
    expect(seen('messages-skipped')).toEqual([{ from: 2, to: 3 }]);
  });

  it('reports liveness and isResponsive, and survives an app listener that throws', async () => {
    const { clock, connector, client, errors, seen } = setup();
    const apps: string[] = [];
    client.on('app', () => {
      throw new Error('strategy bug');
    });
    client.on('app', (m) => apps.push(m.get(17) ?? ''));
    client.start();
    await flush();
    expect(client.isResponsive).toBe(false);
    connector.last.venue('A', ACK);
    expect(client.isResponsive).toBe(true);
    expect(() => connector.last.venue('8', ER)).not.toThrow();
    expect(errors.at(-1)?.code).toBe('INBOUND_ERROR');
    expect(client.counters().inboundErrors).toBe(1);
    clock.advance(45_000);
    expect(client.isResponsive).toBe(false);
    expect(seen('liveness').at(-1)).toEqual({ responsive: false, silentMs: 45_000 });
    connector.last.venue('0', [[112, 'TEST-1']]);
    expect(client.isResponsive).toBe(true);
    expect(client.state).toBe('active');
  });

  it('persists sequence numbers in dataDir by default', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fix-data-'));
    try {
      const { connector, client } = setup({ dataDir });
      client.start();
      await flush();
      connector.last.venue('A', ACK);
      const stopped = client.stop(1000);
      connector.last.venue('5', []);
      await stopped;
      expect(existsSync(join(dataDir, 'fix-seq-CLIENT_UAT-TRUEX_UAT_OE.seq'))).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
