import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, defaultStrategyConfig, loadConfig, redactedConfig } from './config';

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to simulator mode with no TrueX host, and live defaults otherwise', () => {
    const sim = loadConfig({});
    expect(sim.mode).toBe('simulator');
    expect(sim.coinbase.url).toBeUndefined();
    expect(sim.truex.targetCompId).toBe('TRUEX_UAT_OE');
    expect(sim.truex.symbol).toBe('BTC-PYUSD');
    expect(sim.httpPort).toBe(8080);
    expect(sim.strategy).toEqual(defaultStrategyConfig);

    const live = loadConfig({
      TRUEX_FIX_HOST: 'uat.example',
      TRUEX_FIX_PORT: '19484',
      TRUEX_SENDER_COMP_ID: 'ME',
      TRUEX_API_KEY: 'k',
      TRUEX_SECRET_KEY: 's',
      TRUEX_CLIENT_ID: '123',
      TRUEX_FIX_TLS: '1',
    });
    expect(live.mode).toBe('live');
    expect(live.truex).toMatchObject({ host: 'uat.example', port: 19484, tls: true, senderCompId: 'ME' });
    expect(live.coinbase.url).toBe('wss://ws-feed.exchange.coinbase.com');
  });

  it('lists every missing live variable at once', () => {
    const problems = problemsOf(() => loadConfig({ TRUEX_FIX_HOST: 'h' }));
    for (const name of [
      'TRUEX_FIX_PORT',
      'TRUEX_SENDER_COMP_ID',
      'TRUEX_API_KEY',
      'TRUEX_SECRET_KEY',
      'TRUEX_CLIENT_ID',
    ]) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true);
    }
    expect(problems).toHaveLength(5);
  });

  it('rejects malformed values with the variable named', () => {
    const problems = problemsOf(() =>
      loadConfig({ MM_HTTP_PORT: 'eighty', TRUEX_FIX_TLS: 'maybe', COINBASE_WS_URL: 'http://x', REDIS_URL: 'tcp://r' }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('MM_HTTP_PORT'),
        expect.stringContaining('TRUEX_FIX_TLS'),
        expect.stringContaining('COINBASE_WS_URL'),
        expect.stringContaining('REDIS_URL'),
      ]),
    );
  });

  it('overlays a JSON config file and validates its keys and types', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mm-config-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ strategy: { levels: 4, baseSize: '0.002' }, risk: { messagesPerSecond: 8 } }));
    const config = loadConfig({}, { configFile: good });
    expect(config.strategy.levels).toBe(4);
    expect(config.strategy.baseSize).toBe('0.002');
    expect(config.risk.messagesPerSecond).toBe(8);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ strategy: { levels: 'four', nope: 1 }, extra: {} }));
    const problems = problemsOf(() => loadConfig({}, { configFile: bad }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('strategy.levels'),
        expect.stringContaining('"nope"'),
        expect.stringContaining('"extra"'),
      ]),
    );
    expect(problemsOf(() => loadConfig({}, { configFile: join(dir, 'missing.json') }))[0]).toContain('cannot be read');
  });

  it('never exposes credentials in the redacted form', () => {
    const config = loadConfig({
      TRUEX_API_KEY: 'key-123',
      TRUEX_SECRET_KEY: 'very-secret',
      DATABASE_URL: 'postgres://user:pw@db:5432/x',
    });
    const text = JSON.stringify(redactedConfig(config));
    expect(text).not.toContain('very-secret');
    expect(text).not.toContain('key-123');
    expect(text).not.toContain(':pw@');
    expect(text).toContain('BTC-PYUSD');
  });
});
