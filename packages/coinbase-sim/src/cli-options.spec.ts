import { CliUsageError, parseCliOptions } from './cli-options';

describe('parseCliOptions', () => {
  it('defaults to a synthetic market on port 8765', () => {
    expect(parseCliOptions([])).toEqual({
      help: false,
      logLevel: 'info',
      simulator: { host: '127.0.0.1', port: 8765, mode: 'synthetic' },
    });
  });

  it('reads synthetic and replay options', () => {
    expect(
      parseCliOptions(['--seed', '1', '--start-price', '65000', '--products', 'BTC-USD, ETH-USD']).simulator,
    ).toEqual({
      host: '127.0.0.1',
      port: 8765,
      mode: 'synthetic',
      seed: 1,
      startPrice: '65000',
      products: ['BTC-USD', 'ETH-USD'],
    });
    expect(parseCliOptions(['--port', '0', '--replay', 'rec.jsonl', '--speed', '0']).simulator).toMatchObject({
      port: 0,
      mode: 'replay',
      replayFile: 'rec.jsonl',
      replaySpeed: 0,
    });
    expect(parseCliOptions(['-h']).help).toBe(true);
  });

  it('rejects bad values with a usage error', () => {
    for (const argv of [
      ['--port', 'http'],
      ['--port', '70000'],
      ['--speed', '-1'],
      ['--start-price', '65000.123'],
      ['--seed', '1.5'],
      ['--bogus'],
      ['--replay'],
    ]) {
      expect(() => parseCliOptions(argv)).toThrow(CliUsageError);
    }
  });
});
