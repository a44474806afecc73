import { sanitizeConfig } from './sanitize-config';

describe('sanitizeConfig', () => {
  it('drops every key matching secret|password|key|token at any depth, case-insensitively', () => {
    const clean = sanitizeConfig({
      symbol: 'BTC-PYUSD',
      apiKey: 'k',
      API_SECRET: 's',
      fix: { host: 'h', Password: 'p', sessionToken: 't', levels: [{ size: '0.01', privateKey: 'x' }] },
      redisUrl: 'redis://127.0.0.1',
    });
    expect(clean).toEqual({
      symbol: 'BTC-PYUSD',
      fix: { host: 'h', levels: [{ size: '0.01' }] },
      redisUrl: 'redis://127.0.0.1',
    });
    expect(JSON.stringify(clean)).not.toMatch(/"[kspt]"|"x"/);
  });

  it('keeps the result JSON-safe (bigint, NaN, functions, cycles)', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const clean = sanitizeConfig({ n: 10n, bad: Number.NaN, fn: () => 1, cyclic });
    expect(clean).toEqual({ n: '10', bad: 'NaN', cyclic: { a: 1, self: '[circular]' } });
  });
});
