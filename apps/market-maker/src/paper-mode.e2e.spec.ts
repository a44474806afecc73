import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@truex-mm/clock';
import { CoinbaseSimulator } from '@truex-mm/coinbase-sim';
import { loadConfig } from '@truex-mm/deployment';
import pino from 'pino';
import { startMarketMaker, type RunningMarketMaker } from './app';
import { baseUnits, sortedIds, venueNetUnits } from './venue-view.test-util';

/**
 * Paper mode in real time: coinbase-sim stands in for "the real Coinbase feed" (COINBASE_WS_URL points at it) with a
 * market at 43 210, far from every simulator default (97 000), and the in-process simulated TrueX must quote around
 * the feed's price: orders accepted, none outside its price bands, fills, and our position equal to the venue's.
 */
jest.setTimeout(90_000);

const MARKET = '43210.00';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('paper mode: the real feed, the simulated TrueX priced from it (real time)', () => {
  let dataDir: string;
  let coinbase: CoinbaseSimulator;
  let app: RunningMarketMaker;
  let clientId: string;
  const rejects: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mm-paper-e2e-'));
    // 3 bps/√s ≈ 13 USD/√s: the mid moves through the first levels within seconds.
    coinbase = new CoinbaseSimulator({ port: 0, startPrice: MARKET, volatilityBps: 3, seed: 11 });
    const { url } = await coinbase.start();
    const config = loadConfig({
      MM_MODE: 'paper',
      COINBASE_WS_URL: url,
      MM_HTTP_PORT: '0',
      MM_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    });
    clientId = config.truex.clientId;
    app = await startMarketMaker(config, { clock: systemClock, logger: pino({ level: 'silent' }), http: false });
    app.engine.adapter.on('reject', (_o, text) => rejects.push(text));
    app.engine.adapter.on('cancel-reject', (_o, text) => rejects.push(text));
  });

  afterAll(async () => {
    await app?.stop('test end');
    await coinbase?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('quotes around the feed, gets fills, and ends with our position equal to the venue’s net fills', async () => {
    expect(app.engine.status().mode).toBe('paper');
    expect(app.simulators.coinbase).toBeUndefined(); // no simulated feed: the configured one
    const venue = app.simulators.venue!;

    await until(
      'a ladder accepted and a fill at the simulated venue',
      () => venue.counters().ordersAccepted > 10 && venue.fills().length > 0,
      60_000,
    );
    const reference = Number(app.simulators.paperReference!.current());
    expect(Math.abs(reference - Number(coinbase.mid('BTC-USD'))) / reference).toBeLessThan(0.001);
    const open = venue.openOrders(clientId);
    expect(open.length).toBeGreaterThan(0);
    for (const order of open) expect(Math.abs(Number(order.price) / reference - 1)).toBeLessThan(0.025);
    expect(venue.counters().ordersAccepted).toBeGreaterThan(10);
    expect(rejects.filter((text) => /price band/i.test(text))).toEqual([]);

    // Our view against the venue's: pause, let in-flight reports land, compare.
    app.engine.pause('end of test');
    const ours = (): string => sortedIds(app.engine.adapter.liveOrders()).join();
    const theirs = (): string => sortedIds(venue.openOrders(clientId)).join();
    await until('our orders to match the venue’s', () => ours() === theirs(), 10_000);
    await until(
      'our position to match the venue’s fills',
      () => baseUnits(app.engine.risk.ledger.snapshot().base) === venueNetUnits(venue.fills()),
      10_000,
    );
  });
});
