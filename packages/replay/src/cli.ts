#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMarketScenarioName, MARKET_SCENARIOS } from '@truex-mm/coinbase-sim';
import { defaultEngineConfig, type QuotingEngineConfig } from '@truex-mm/quoting-engine';
import { formatReplayTable } from './format-report';
import { runReplay, type ReplayMarket, type ReplayReport } from './replay';

const DEFAULT_RECORDING = resolve(__dirname, '../../../../shared/coinbase/recordings/COINBASE.ws.28.0');

const HELP = `Usage: npm run replay -- [options]

Replays a market through the quoting engine, the real FIX client and the TrueX simulator, all in memory on a
simulated clock (deterministic: same seed, same result), and prints the quote-quality table.

Options:
  --market <name>        ${Object.keys(MARKET_SCENARIOS).join(' | ')} | recording | all   (default all)
  --recording <file>     recording for --market recording (default ../shared/coinbase/recordings/COINBASE.ws.28.0)
  --seed <n>             seed of market, venue and engine (default 1)
  --duration <s>         market seconds to replay (default: the scenario's, e.g. btc 300 s)
  --budget <msg/s>       the engine's message budget (default 8)
  --venue-limit <msg/s>  the venue's throttle (default 10, as TrueX; 0 = off)
  --shape <mode>         volatility | ticks | bps (default volatility)
  --offset <ticks>       level-1 offset for --shape ticks
  --spacing <ticks>      level spacing for --shape ticks
  --min-edge <ticks>     minimum edge (a floor in volatility mode)
  --levels <n>           price levels per side (default 8)
  --orders <n>           orders per side (default 25)
  --json                 print the reports as JSON instead of the table
  -h, --help

Exit codes: 0 done, 2 bad arguments.`;

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${JSON.stringify(text)}`);
  return n;
}

function engineConfig(v: Record<string, string | boolean | undefined>): QuotingEngineConfig {
  const base = defaultEngineConfig({ symbol: 'BTC-PYUSD', partyId: '10000000000000007' });
  const budget = number('budget', v.budget as string | undefined);
  const shapeMode = v.shape as string | undefined;
  if (shapeMode !== undefined && !['volatility', 'ticks', 'bps'].includes(shapeMode)) {
    throw new Error(`--shape must be volatility, ticks or bps, got ${JSON.stringify(shapeMode)}`);
  }
  const shape = base.policy.shape;
  return {
    ...base,
    risk: { ...base.risk, messagesPerSecond: budget ?? base.risk.messagesPerSecond },
    policy: {
      ...base.policy,
      ladder: {
        ...base.policy.ladder,
        levels: number('levels', v.levels as string | undefined) ?? base.policy.ladder.levels,
        ordersPerSide: number('orders', v.orders as string | undefined) ?? base.policy.ladder.ordersPerSide,
      },
      shape: {
        ...shape,
        mode: (shapeMode as typeof shape.mode | undefined) ?? shape.mode,
        level1OffsetTicks: number('offset', v.offset as string | undefined) ?? shape.level1OffsetTicks,
        levelSpacingTicks: number('spacing', v.spacing as string | undefined) ?? shape.levelSpacingTicks,
        minEdgeTicks: number('min-edge', v['min-edge'] as string | undefined) ?? shape.minEdgeTicks,
      },
    },
  };
}

async function main(): Promise<number> {
  let values;
  try {
    values = parseArgs({
      options: {
        market: { type: 'string' },
        recording: { type: 'string' },
        seed: { type: 'string' },
        duration: { type: 'string' },
        budget: { type: 'string' },
        'venue-limit': { type: 'string' },
        shape: { type: 'string' },
        offset: { type: 'string' },
        spacing: { type: 'string' },
        'min-edge': { type: 'string' },
        levels: { type: 'string' },
        orders: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  let markets: ReplayMarket[];
  let config: QuotingEngineConfig;
  let seed: number;
  let durationMs: number | undefined;
  let venueLimit: number | undefined;
  try {
    const wanted = values.market ?? 'all';
    const recording = values.recording ?? DEFAULT_RECORDING;
    if (wanted === 'all') {
      markets = Object.keys(MARKET_SCENARIOS).map((name) => ({ kind: 'scenario', name }) as ReplayMarket);
      if (existsSync(recording)) markets.push({ kind: 'recording', path: recording });
    } else if (wanted === 'recording') {
      if (!existsSync(recording)) throw new Error(`recording not found: ${recording}`);
      markets = [{ kind: 'recording', path: recording }];
    } else if (isMarketScenarioName(wanted)) {
      markets = [{ kind: 'scenario', name: wanted }];
    } else {
      throw new Error(`unknown --market ${JSON.stringify(wanted)}`);
    }
    config = engineConfig(values);
    seed = number('seed', values.seed) ?? 1;
    const duration = number('duration', values.duration);
    durationMs = duration === undefined ? undefined : Math.round(duration * 1000);
    venueLimit = number('venue-limit', values['venue-limit']);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const reports: ReplayReport[] = [];
  for (const market of markets) {
    reports.push(
      await runReplay({ market, seed, durationMs, engine: config, venue: { messageRateLimitPerSec: venueLimit } }),
    );
  }
  process.stdout.write(`${values.json ? JSON.stringify(reports, null, 2) : formatReplayTable(reports)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
