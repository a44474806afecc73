import { CliUsageError, cliHelp, parseCliArgs } from './cli-options';

describe('parseCliArgs', () => {
  it('parses the documented flags, with repeatable and comma-separated client ids', () => {
    const config = parseCliArgs([
      '--port',
      '0',
      '--api-key',
      'K',
      '--secret=S',
      '--client-id',
      '1,2',
      '--client-id',
      '3',
      '--rate-limit',
      '0',
      '--open-order-limit',
      '5',
      '--fill-probability',
      '0.5',
      '--md-port',
      '20484',
    ])!;
    expect(config.simulator.port).toBe(0);
    expect(config.simulator.credentials).toEqual([{ apiKey: 'K', secret: 'S', clientIds: ['1', '2', '3'] }]);
    expect(config.simulator.messageRateLimitPerSec).toBe(0);
    expect(config.simulator.openOrderLimit).toBe(5);
    expect(config.simulator.fillProbability).toBe(0.5);
    expect(config.simulator.marketDataPort).toBe(20484);
    expect(config.simulator.priceBandPct).toBe(2.5);
    // The default reference moved from 100000 to 97000 with coinbase-sim's default market (issue 13), and follows
    // coinbase-sim's default feed when it answers.
    expect(config.referencePrice).toBe('97000');
    expect(config.reference).toEqual({ kind: 'auto', url: 'ws://127.0.0.1:8765' });
  });

  it('takes the reference from --reference-feed, or walks with --reference-price or --reference-feed none', () => {
    const base = ['--api-key', 'K', '--secret', 'S', '--client-id', '1'];
    expect(parseCliArgs([...base, '--reference-feed', 'ws://127.0.0.1:9000'])!.reference).toEqual({
      kind: 'feed',
      url: 'ws://127.0.0.1:9000',
    });
    expect(parseCliArgs([...base, '--reference-price', '50000'])!.reference).toEqual({ kind: 'walk' });
    expect(parseCliArgs([...base, '--reference-feed', 'none'])!.reference).toEqual({ kind: 'walk' });
    expect(() => parseCliArgs([...base, '--reference-feed', 'http://x'])).toThrow(/--reference-feed/);
  });

  it('takes credentials from the environment', () => {
    const config = parseCliArgs([], { TRUEX_SIM_API_KEY: 'K', TRUEX_SIM_SECRET: 'S', TRUEX_SIM_CLIENT_IDS: '9' })!;
    expect(config.simulator.credentials[0]).toEqual({ apiKey: 'K', secret: 'S', clientIds: ['9'] });
  });

  it('serves REST only when --rest-port is given, and checks its value', () => {
    const base = ['--api-key', 'K', '--secret', 'S', '--client-id', '1'];
    expect(parseCliArgs(base)!.simulator.restPort).toBeUndefined();
    expect(parseCliArgs([...base, '--rest-port', '9742'])!.simulator.restPort).toBe(9742);
    expect(() => parseCliArgs([...base, '--rest-port', '70000'])).toThrow(/--rest-port: bad value/);
  });

  it('returns undefined for --help, and the help lists every flag', () => {
    expect(parseCliArgs(['--help'])).toBeUndefined();
    for (const flag of ['--port', '--api-key', '--secret', '--client-id', '--rate-limit', '--md-port', '--rest-port']) {
      expect(cliHelp()).toContain(flag);
    }
  });

  it.each([
    [['--secret', 'S', '--client-id', '1'], /--api-key/],
    [['--api-key', 'K', '--client-id', '1'], /--secret/],
    [['--api-key', 'K', '--secret', 'S'], /--client-id/],
    [['--api-key', 'K', '--secret', 'S', '--client-id', '1', '--port', 'x'], /--port: bad value/],
    [['--api-key', 'K', '--secret', 'S', '--client-id', '1', '--fill-probability', '2'], /--fill-probability/],
    [['--nope'], /unknown flag --nope/],
    [['--api-key'], /--api-key needs a value/],
  ])('rejects %j with a clear CliUsageError', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('never echoes the secret in an error', () => {
    try {
      parseCliArgs(['--api-key', 'K', '--secret', 'TOPSECRET', '--client-id', '1', '--port', '-1']);
      throw new Error('expected a CliUsageError');
    } catch (error) {
      expect((error as Error).message).not.toContain('TOPSECRET');
    }
  });
});
