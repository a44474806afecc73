import { CLI_USAGE, CliUsageError, parseCliOptions } from './cli-options';

describe('parseCliOptions', () => {
  it('defaults to the btc scenario (97000, the stand-alone truex-sim default) on port 8765', () => {
    // The default market moved from a 65000 random walk to the btc scenario (issue 13), so the stand-alone
    // simulators quote the same market on their defaults.
    expect(parseCliOptions([])).toEqual({
      help: false,
      logLevel: 'info',
      simulator: { host: '127.0.0.1', port: 8765, mode: 'synthetic', scenario: 'btc' },
    });
    expect(parseCliOptions(['--start-price', '65000']).simulator.scenario).toBeUndefined();
    expect(parseCliOptions(['--volatility-bps', '1']).simulator.scenario).toBeUndefined();
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

  it('reads --scenario and lists the scenarios in the help', () => {
    expect(parseCliOptions(['--scenario', 'btc', '--seed', '3']).simulator).toMatchObject({
      mode: 'synthetic',
      scenario: 'btc',
      seed: 3,
    });
    expect(() => parseCliOptions(['--scenario', 'crash'])).toThrow(/unknown "crash"/);
    expect(() => parseCliOptions(['--scenario', 'btc', '--volatility-bps', '1'])).toThrow(CliUsageError);
    expect(() => parseCliOptions(['--scenario', 'btc', '--replay', 'x'])).toThrow(CliUsageError);
    expect(CLI_USAGE).toContain('btc    sigma 8 USD/sqrt(s)');
    expect(CLI_USAGE).toContain('jump   sigma 8 USD/sqrt(s), -3 % jump at 30 s');
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
