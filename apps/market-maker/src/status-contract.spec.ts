import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@truex-mm/clock';
import { loadConfig } from '@truex-mm/deployment';
import pino from 'pino';
import { MarketMaker } from './market-maker';
import { MarketMakerMetrics } from './metrics';
import { PROMISED_STATUS_FIELDS, statusContractProblems } from './status-contract';

describe('GET /status keeps its promised names', () => {
  let dataDir: string;
  let engine: MarketMaker;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mm-status-'));
    const config = loadConfig({ MM_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    // Composed but never started: status() reads the parts' state, no socket is opened.
    engine = new MarketMaker({
      config,
      clock: new ManualClock(Date.UTC(2026, 0, 6)),
      logger: pino({ level: 'silent' }),
      sink: { record: () => undefined },
      metrics: new MarketMakerMetrics(),
      runId: 'status-contract',
      truex: { host: '127.0.0.1', port: 9 },
      coinbaseUrl: 'ws://127.0.0.1:9',
    });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const expectPromise = (status: Record<string, unknown>) => {
    for (const [name, type] of Object.entries(PROMISED_STATUS_FIELDS)) {
      const value = status[name];
      const actual = value === null ? 'null' : typeof value;
      expect({ name, type: actual, allowed: type.split('|').includes(actual) }).toEqual({
        name,
        type: actual,
        allowed: true,
      });
    }
    expect(statusContractProblems(status)).toEqual([]);
  };

  it('before any market data', () => {
    const status = engine.status();
    expectPromise(status);
    expect(status).toMatchObject({ mode: 'simulator', fairPrice: null, openOrders: 0, position: '0' });
    expect(status.fixSession).toBe(status.fix);
    expect(status.fix).toHaveProperty('state');
    expect(status.feed).toHaveProperty('state');
  });

  it('with a fair value', () => {
    engine.quoting.onReferenceTop({
      product: 'BTC-USD',
      bidPrice: '90000',
      bidSize: '1',
      askPrice: '90001',
      askSize: '1',
    });
    const status = engine.status();
    expectPromise(status);
    expect(typeof status.fairPrice).toBe('string');
  });

  it('names what a broken document lacks', () => {
    const { fix: _fix, ...withoutFix } = engine.status();
    expect(statusContractProblems({ ...withoutFix, openOrders: '3' })).toEqual([
      'openOrders: expected number, got string',
      'fix: expected object, got undefined',
    ]);
  });
});
