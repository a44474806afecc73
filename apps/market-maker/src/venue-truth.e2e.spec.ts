import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoinbaseSimulator } from '@truex-mm/coinbase-sim';
import { TrueXSimulator } from '@truex-mm/truex-sim';
import pino from 'pino';
import { startAppProcess, type AppProcess } from './app-process.test-util';

/**
 * Venue truth across a crash, in real time: the market maker runs as a real process (as `npm start` does) against
 * simulators that outlive it; `kill -9` leaves its 50 orders at the venue; the next start must find them over REST,
 * cancel them before quoting, restore its position, and end with our books equal to the venue's.
 */
jest.setTimeout(150_000);

const CLIENT_ID = '10000000000000007';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(50);
  }
  return Date.now();
}

function netUnits(fills: ReadonlyArray<{ side: string; lastQty: string }>): number {
  return fills.reduce((sum, f) => sum + (f.side === '1' ? 1 : -1) * Math.round(Number(f.lastQty) * 1e8), 0);
}

describe('venue truth across a crash (real processes, real time)', () => {
  let dataDir: string;
  let coinbase: CoinbaseSimulator;
  let venue: TrueXSimulator;
  let env: Record<string, string>;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mm-venue-truth-'));
    const logger = pino({ level: 'silent' });
    // A market that moves like BTC (σ ≈ $8/√s at 97k), the venue throttling at 10 msg/s as TrueX does.
    coinbase = new CoinbaseSimulator({ port: 0, scenario: 'btc', seed: 3, logger });
    const { url } = await coinbase.start();
    venue = new TrueXSimulator({
      port: 0,
      restPort: 0,
      credentials: [{ apiKey: 'vt-key', secret: 'vt-secret', clientIds: [CLIENT_ID] }],
      messageRateLimitPerSec: 10,
      fillProbability: 0.5,
      referencePrice: {
        current: () => coinbase.mid('BTC-USD'),
        onChange: (listener) => coinbase.onMid((product, mid) => product === 'BTC-USD' && listener(mid)),
      },
      seed: 5,
      logger,
    });
    const address = await venue.start();
    env = {
      TRUEX_FIX_HOST: '127.0.0.1',
      TRUEX_FIX_PORT: String(address.port),
      TRUEX_SENDER_COMP_ID: 'MM_VT',
      TRUEX_API_KEY: 'vt-key',
      TRUEX_SECRET_KEY: 'vt-secret',
      TRUEX_CLIENT_ID: CLIENT_ID,
      TRUEX_REST_URL: address.restUrl!,
      COINBASE_WS_URL: url,
      MM_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    for (const app of apps) if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
    await venue?.stop();
    await coinbase?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('after kill -9 with 50 orders live, the next start leaves 0 orphans within 5 s of its logon, then quotes 50 again', async () => {
    const first = await startAppProcess(env);
    apps.push(first);
    await until('50 orders at the venue', () => venue.openOrders(CLIENT_ID).length === 50, 60_000).catch(
      (error: unknown) => {
        throw new Error(
          `${(error as Error).message}; venue has ${venue.openOrders(CLIENT_ID).length}; output:\n${first.output().slice(-3000)}`,
        );
      },
    );
    const orphans = new Set(venue.openOrders(CLIENT_ID).map((o) => o.clOrdId));
    first.child.kill('SIGKILL');
    await first.exited;
    expect(venue.openOrders(CLIENT_ID).filter((o) => orphans.has(o.clOrdId)).length).toBeGreaterThan(40);

    const second = await startAppProcess(env);
    apps.push(second);
    let loggedOnAt = 0;
    const cleanAt = await until(
      'the first run’s orders to leave the venue',
      async () => {
        if (loggedOnAt === 0) {
          const s = await second.status().catch(() => undefined);
          if ((s?.fix as { state?: string } | undefined)?.state === 'active') loggedOnAt = Date.now();
        }
        return venue.openOrders(CLIENT_ID).every((o) => !orphans.has(o.clOrdId));
      },
      60_000,
    );
    if (loggedOnAt === 0) {
      await until(
        'the second run to log on',
        async () => ((await second.status()).fix as { state: string }).state === 'active',
        30_000,
      );
      loggedOnAt = Date.now();
    }
    expect(cleanAt - loggedOnAt).toBeLessThanOrEqual(5000);
    await until('50 orders quoted again', () => venue.openOrders(CLIENT_ID).length === 50, 30_000).catch(
      async (error: unknown) => {
        const s = await second.status().catch(() => ({}));
        const pick = Object.fromEntries(
          ['tradingState', 'quoting', 'openOrders', 'reconciliation', 'risk'].map((k) => [
            k,
            (s as Record<string, unknown>)[k],
          ]),
        );
        throw new Error(
          `${(error as Error).message}; venue has ${venue.openOrders(CLIENT_ID).length}; status ${JSON.stringify(pick).slice(0, 3000)}; output:\n${second
            .output()
            .split('\n')
            .filter((l) => !l.includes('TrueX REST request failed'))
            .join('\n')
            .slice(-6000)}`,
        );
      },
    );
    const status = await second.status();
    const startup = status.startup as { venueAccount: { cancelOnDisconnect: boolean | null; balances: unknown[] } };
    expect(startup.venueAccount.cancelOnDisconnect).toBe(false); // read from the venue, reported
    expect(Array.isArray(startup.venueAccount.balances)).toBe(true);
    const reconciliation = status.reconciliation as { runs: number; differencesFound: number };
    expect(reconciliation.runs).toBeGreaterThanOrEqual(1);
    expect(reconciliation.differencesFound).toBeGreaterThanOrEqual(orphans.size - 5);

    // Our view against the venue's: stop quoting, let the last reports land, compare position with net fills.
    expect(await second.post('/pause')).toBe(200);
    await until('no orders at the venue', () => venue.openOrders(CLIENT_ID).length === 0, 20_000);
    await sleep(1000);
    const paused = await second.status();
    expect(Math.round(Number(paused.position) * 1e8)).toBe(netUnits(venue.fills()));
    expect(paused.openOrders).toBe(0);

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  it('a second process on the same data folder exits 2 naming the first one’s pid, and touches nothing', async () => {
    const holder = await startAppProcess(env);
    apps.push(holder);
    await until('the first process to quote', () => venue.openOrders(CLIENT_ID).length > 0, 60_000);
    const intruder = await startAppProcess(env);
    apps.push(intruder);
    const { code } = await intruder.exited;
    expect(code).toBe(2);
    expect(intruder.output()).toContain(String(holder.child.pid));
    // The first run is untouched: still quoting; its position (restored across this file's runs on the same data
    // folder) equals the venue's net fills, and it stops cleanly.
    expect(((await holder.status()).fix as { state: string }).state).toBe('active');
    expect(await holder.post('/pause')).toBe(200);
    await until('no orders at the venue', () => venue.openOrders(CLIENT_ID).length === 0, 20_000);
    await sleep(1000);
    const paused = await holder.status();
    expect(paused.openOrders).toBe(0);
    expect(Math.round(Number(paused.position) * 1e8)).toBe(netUnits(venue.fills()));
    holder.child.kill('SIGTERM');
    expect((await holder.exited).code).toBe(0);
    expect(venue.openOrders(CLIENT_ID)).toHaveLength(0);
  });

  it('exits 2 listing every configuration problem, and 3 when storage cannot be opened', async () => {
    const badConfig = await startAppProcess({
      ...env,
      TRUEX_FIX_PORT: 'x',
      REDIS_URL: 'http://nope',
      TRUEX_API_KEY: '',
    });
    apps.push(badConfig);
    expect((await badConfig.exited).code).toBe(2);
    for (const name of ['TRUEX_FIX_PORT', 'REDIS_URL', 'TRUEX_API_KEY']) expect(badConfig.output()).toContain(name);

    const noDatabase = await startAppProcess({ ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    apps.push(noDatabase);
    expect((await noDatabase.exited).code).toBe(3);
    expect(noDatabase.output()).toContain('start-up failed');
    expect(noDatabase.output()).not.toContain('vt-secret');
  });
});
