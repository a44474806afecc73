import { PassThrough } from 'node:stream';
import { systemClock } from '@truex-mm/clock';
import { loadConfig, type MarketMakerConfig } from '@truex-mm/deployment';
import { TrueXSimulator } from '@truex-mm/truex-sim';
import pino from 'pino';
import { runCli } from './cli';
import { runLadderTest, type LadderTestOptions } from './ladder-test';
import { summaryJson } from './report';

// Real time against the in-process simulators. The rate is raised (and the simulated venue's 10 msg/s throttle
// lifted to match) and monitoring shortened, so each run takes a couple of seconds.
jest.setTimeout(60_000);

const fast: LadderTestOptions = {
  orders: 50,
  levels: 8,
  monitorSeconds: 1,
  ratePerSecond: 200,
  ackTimeoutMs: 5000,
  referenceTimeoutMs: 5000,
  connectTimeoutMs: 2000,
};
const logger = pino({ level: 'silent' });

function simConfig(env: Record<string, string> = {}): MarketMakerConfig {
  const base = loadConfig(env);
  // No fills, so every order is still open at the end and must be cancelled.
  return { ...base, simulator: { ...base.simulator, fillProbability: 0, messageRateLimitPerSec: 0 } };
}

describe('ladder test against the simulators', () => {
  it('acknowledges and then cancels all 50 orders: exit 0', async () => {
    const result = await runLadderTest(simConfig(), fast, { clock: systemClock, logger });
    expect(result.exitCode).toBe(0);
    expect(result.submitted).toBe(50);
    expect(result.acked).toBe(50);
    expect(result.canceled).toBe(50);
    expect(result.rejected).toBe(0);
    expect(result.rejects).toEqual([]);
    expect(result.orders.filter((o) => o.side === 'buy')).toHaveLength(25);
    expect(result.orders.filter((o) => o.side === 'sell')).toHaveLength(25);
    const reference = Number(result.referencePrice);
    for (const o of result.orders) {
      if (o.side === 'buy') expect(Number(o.price)).toBeLessThan(reference);
      else expect(Number(o.price)).toBeGreaterThan(reference);
    }
    expect(result.ackLatencyMs!.p50).toBeLessThanOrEqual(result.ackLatencyMs!.p99);
    expect(result.ackLatencyMs!.p99).toBeLessThanOrEqual(result.ackLatencyMs!.max);
    const json = JSON.parse(summaryJson(result)) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(
      [
        'ackLatencyMs',
        'acked',
        'canceled',
        'filled',
        'partiallyFilled',
        'fills',
        'referencePrice',
        'rejected',
        'rejects',
        'submitted',
      ].sort(),
    );
  });

  it('reports the 10 orders over a venue open-order limit of 40 with their text: exit 1', async () => {
    const result = await runLadderTest(simConfig(), fast, { clock: systemClock, logger, venueOpenOrderLimit: 40 });
    expect(result.exitCode).toBe(1);
    expect(result.acked).toBe(40);
    expect(result.rejected).toBe(10);
    expect(result.rejects).toHaveLength(10);
    for (const reject of result.rejects) expect(reject.text).toBe('Open order limit exceeded');
    expect(result.canceled).toBe(40);
  });

  it('fails with the venue’s words on a wrong secret: exit 3', async () => {
    const venue = new TrueXSimulator({
      port: 0,
      credentials: [{ apiKey: 'key-1', secret: 'the-right-secret', clientIds: ['7'] }],
    });
    const { port } = await venue.start();
    try {
      const config = simConfig({
        TRUEX_FIX_HOST: '127.0.0.1',
        TRUEX_FIX_PORT: String(port),
        TRUEX_SENDER_COMP_ID: 'LT',
        TRUEX_API_KEY: 'key-1',
        TRUEX_SECRET_KEY: 'a-wrong-secret',
        TRUEX_CLIENT_ID: '7',
      });
      // The reference feed stays simulated; only TrueX is "real" here.
      const result = await runLadderTest({ ...config, coinbase: { ...config.coinbase, url: undefined } }, fast, {
        clock: systemClock,
        logger,
      });
      expect(result.exitCode).toBe(3);
      expect(result.failure).toContain('Authentication failed');
      expect(result.failure).not.toContain('a-wrong-secret');
      expect(result.submitted).toBe(0);
    } finally {
      await venue.stop();
    }
  });
});

describe('ladder test command line', () => {
  function io(): { stdout: PassThrough; stderr: PassThrough; out: () => string; err: () => string } {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    return { stdout, stderr, out: () => out, err: () => err };
  }

  it('lists every missing variable at once: exit 2', async () => {
    const streams = io();
    const code = await runCli([], { TRUEX_FIX_HOST: 'uat.example' }, streams);
    expect(code).toBe(2);
    for (const name of [
      'TRUEX_FIX_PORT',
      'TRUEX_SENDER_COMP_ID',
      'TRUEX_API_KEY',
      'TRUEX_SECRET_KEY',
      'TRUEX_CLIENT_ID',
    ]) {
      expect(streams.err()).toContain(name);
    }
  });

  it('rejects bad flags: exit 2', async () => {
    const streams = io();
    expect(await runCli(['--orders', 'many', '--rate', '0'], {}, streams)).toBe(2);
    expect(streams.err()).toContain('--orders');
    expect(streams.err()).toContain('--rate');
    expect(await runCli(['--bogus'], {}, io())).toBe(2);
  });

  it('ends standard output with the JSON summary line', async () => {
    const streams = io();
    const code = await runCli(
      // The default configuration: the simulated venue throttles at 10 msg/s, so the ladder test paces itself at 8.
      ['--json', '--monitor', '0', '--rate', '8', '--orders', '10', '--levels', '2'],
      { LOG_LEVEL: 'silent' },
      streams,
    );
    const lines = streams.out().trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1]) as { submitted: number; acked: number; rejects: unknown[] };
    expect(summary.submitted).toBe(10);
    expect(summary.acked + summary.rejects.length).toBe(10);
    expect(code).toBe(summary.rejects.length === 0 ? 0 : 1);
  });
});
