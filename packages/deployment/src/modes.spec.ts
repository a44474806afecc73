import { ConfigError, COINBASE_PUBLIC_FEED_URL, loadConfig } from './config';
import { liveConfirmationError, tradingLimitsSummary } from './live-guard';

const LIVE_ENV = {
  TRUEX_FIX_HOST: 'uat.example',
  TRUEX_FIX_PORT: '19484',
  TRUEX_SENDER_COMP_ID: 'ME',
  TRUEX_API_KEY: 'key-abc',
  TRUEX_SECRET_KEY: 'very-secret',
  TRUEX_CLIENT_ID: '123',
  DATABASE_URL: 'postgres://mm:db-password@db:5432/mm',
};

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('trading modes', () => {
  it('paper mode (MM_MODE=paper or the --paper flag) reads the real Coinbase feed and simulates TrueX', () => {
    for (const config of [loadConfig({ MM_MODE: 'paper' }), loadConfig({}, { mode: 'paper' })]) {
      expect(config.mode).toBe('paper');
      expect(config.coinbase.url).toBe(COINBASE_PUBLIC_FEED_URL);
      expect(config.truex.host).toBeUndefined();
    }
    expect(loadConfig({ MM_MODE: 'paper', COINBASE_WS_URL: 'ws://127.0.0.1:8765' }).coinbase.url).toBe(
      'ws://127.0.0.1:8765',
    );
    expect(loadConfig({}).mode).toBe('simulator');
    expect(loadConfig(LIVE_ENV).mode).toBe('live');
    expect(loadConfig({ ...LIVE_ENV, MM_MODE: 'live' }, { mode: 'live' }).mode).toBe('live');
  });

  it('refuses a mode that contradicts the endpoints, and an unknown mode', () => {
    expect(problemsOf(() => loadConfig({ MM_MODE: 'paper', TRUEX_FIX_HOST: 'h' }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/paper mode .* never connects to TRUEX_FIX_HOST/)]),
    );
    const live = problemsOf(() => loadConfig({}, { mode: 'live' }));
    expect(live[0]).toMatch(/^live mode needs TRUEX_FIX_HOST/);
    expect(live).toContain('TRUEX_API_KEY is required when TRUEX_FIX_HOST is set');
    expect(problemsOf(() => loadConfig({ MM_LIVE: '1' }))[0]).toMatch(/live mode needs TRUEX_FIX_HOST/);
    expect(problemsOf(() => loadConfig({ MM_MODE: 'paper', MM_LIVE: '1' }))).toEqual([
      'MM_LIVE=1 contradicts paper mode',
    ]);
    expect(problemsOf(() => loadConfig({ MM_MODE: 'real' }))[0]).toBe(
      'MM_MODE must be one of simulator, paper, live, got "real"',
    );
  });

  it('live mode needs --live or MM_LIVE=1 besides TRUEX_FIX_HOST, and says what to add', () => {
    const config = loadConfig(LIVE_ENV);
    const error = liveConfirmationError(config, { liveFlag: false, env: LIVE_ENV });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain('Add --live (npm start -- --live) or set MM_LIVE=1');
    expect(error?.message).toContain('uat.example:19484');
    expect(error?.message).not.toContain('very-secret');
    expect(liveConfirmationError(config, { liveFlag: true, env: LIVE_ENV })).toBeUndefined();
    expect(liveConfirmationError(config, { liveFlag: false, env: { ...LIVE_ENV, MM_LIVE: '1' } })).toBeUndefined();
    expect(liveConfirmationError(loadConfig({}), { liveFlag: false, env: {} })).toBeUndefined();
    expect(liveConfirmationError(loadConfig({ MM_MODE: 'paper' }), { liveFlag: false, env: {} })).toBeUndefined();
  });

  it('the limits printed before going live name every limit, the endpoint and the account, never a secret', () => {
    const text = tradingLimitsSummary(loadConfig(LIVE_ENV));
    for (const expected of [
      'uat.example:19484',
      'TRUEX_UAT_OE',
      'SenderCompID ME, client id 123',
      'BTC-PYUSD',
      'long ≤ 1, short ≤ 1',
      'order size    ≤ 0.05',
      'order notional  ≤ 5000',
      '≤ 150000 notional',
      'halt at −2000',
      '8/s + burst 1 (TrueX throttles at 10/s)',
      '25 orders a side on 8 levels, ≤ 50 open',
    ]) {
      expect(text.replace(/ +/g, ' ')).toContain(expected.replace(/ +/g, ' '));
    }
    for (const secret of ['key-abc', 'very-secret', 'db-password']) expect(text).not.toContain(secret);
  });
});
