import { readFileSync } from 'node:fs';
import { isMarketScenarioName, MARKET_SCENARIOS } from '@truex-mm/coinbase-sim';
import {
  defaultLadderConfig,
  defaultLadderShapeConfig,
  defaultQuotePolicyConfig,
  quotePolicyConfigProblems,
} from '@truex-mm/ladder-strategy';
import { defaultEngineConfig } from '@truex-mm/quoting-engine';
import { TRUEX_REST_URLS } from '@truex-mm/truex-rest';
import { engineQuotePolicy } from './engine-config';

/**
 * Everything the market maker needs to start, validated up front. Problems are collected, never thrown one at a
 * time, so an operator fixes a broken deployment in one pass.
 */
export interface TrueXConnectionConfig {
  /** Unset host = simulator mode: a TrueX venue simulator starts in-process. */
  readonly host?: string;
  readonly port: number;
  readonly tls: boolean;
  readonly senderCompId: string;
  readonly targetCompId: string;
  readonly apiKey: string;
  readonly secretKey: string;
  readonly clientId: string;
  readonly symbol: string;
  /** TrueX's REST API (TRUEX_REST_URL), used to ask the venue about orders FIX cannot settle. */
  readonly restUrl?: string;
  /**
   * Log on with 141=Y (TRUEX_FIX_RESET_ON_LOGON, default true): TrueX discards what it sent while we were away and
   * reconciliation over REST recovers it. false continues sequence numbers (persisted in the data folder) where the
   * venue supports it, falling back to 141=Y when the venue resets.
   */
  readonly resetOnLogon: boolean;
  /** PEM file of the CA that signs the venue's certificate (TRUEX_FIX_CA_FILE), for TLS. */
  readonly caFile?: string;
}

export interface CoinbaseConfig {
  /** Unset url = a Coinbase feed simulator starts in-process (simulator mode); paper and live default to Coinbase. */
  readonly url?: string;
  readonly product: string;
}

export interface StrategyConfig {
  readonly ordersPerSide: number;
  readonly levels: number;
  /** How the ladder is shaped: 'volatility' (default), 'ticks' or 'bps' (see @truex-mm/ladder-strategy). */
  readonly shape: string;
  /** `ticks` shape: level-1 offset and level spacing. */
  readonly level1OffsetTicks: number;
  readonly levelSpacingTicks: number;
  /** `bps` shape: level-1 offset and level spacing in basis points of fair value. */
  readonly level1OffsetBps: number;
  readonly levelSpacingBps: number;
  /** No order closer to fair value than this (ticks); in the volatility shape, the floor of the edge. */
  readonly minEdgeTicks: number;
  /** Volatility shape: spacing = spacingSigmas × σ × √lifetime; edge = edgeSigmas × σ × √250 ms. */
  readonly spacingSigmas: number;
  readonly edgeSigmas: number;
  readonly tickSize: string;
  readonly lotSize: string;
  readonly minNotional: string;
  readonly baseSize: string;
  readonly sizeJitterPct: number;
  readonly minLifetimeMs: number;
  readonly maxLifetimeMs: number;
  readonly fairValueWindowMs: number;
  readonly fairValueInput: 'mid' | 'microprice' | 'last';
  readonly skewMaxPosition: string;
  readonly skewMaxTicks: number;
  readonly seed: number;
}

export interface RiskConfig {
  readonly maxOrderSize: string;
  readonly maxOrderNotional: string;
  readonly priceBandPct: string;
  readonly maxOpenOrders: number;
  readonly maxLongPosition: string;
  readonly maxShortPosition: string;
  readonly maxNotionalExposure: string;
  /** The message budget towards TrueX (default 8/s). */
  readonly messagesPerSecond: number;
  /** Messages the budget may send at once (default 1). */
  readonly messageBurst: number;
  /** TrueX's own throttle (about 10/s): messagesPerSecond + messageBurst may not exceed it. */
  readonly venueMessageLimitPerSec: number;
  readonly maxReferenceAgeMs: number;
  readonly maxLoss: string;
  readonly rejectStormCount: number;
  readonly rejectStormWindowMs: number;
}

export interface SimulatorConfig {
  /**
   * The simulated Coinbase market: a named scenario of @truex-mm/coinbase-sim (`calm`, `btc` σ ≈ $8/√s at 97k,
   * `fast`, `trend`, `jump`), or `random-walk` for `startPrice` and `volatilityBps`. Default `btc`.
   */
  readonly market: string;
  readonly startPrice: string;
  readonly volatilityBps: number;
  readonly fillProbability: number;
  readonly openOrderLimit: number;
  readonly messageRateLimitPerSec: number;
  readonly seed: number;
}

/**
 * - `simulator` (default): in-process TrueX and Coinbase simulators;
 * - `paper`: the real Coinbase feed (COINBASE_WS_URL) and the in-process TrueX simulator priced from that feed, with
 *   every TrueX rule (10 msg/s throttle, ±2.5 % bands, increments, post-only): nothing reaches TrueX;
 * - `live`: TrueX at TRUEX_FIX_HOST (the market maker also wants --live or MM_LIVE=1: see {@link liveConfirmationError}).
 */
export type TradingMode = 'simulator' | 'paper' | 'live';

export const TRADING_MODES: readonly TradingMode[] = ['simulator', 'paper', 'live'];

/** Coinbase Exchange's public market-data feed: paper and live mode read it unless COINBASE_WS_URL says otherwise. */
export const COINBASE_PUBLIC_FEED_URL = 'wss://ws-feed.exchange.coinbase.com';

export interface MarketMakerConfig {
  readonly mode: TradingMode;
  /** Names this deployment in shared Redis and PostgreSQL (MM_DEPLOYMENT; default derived by persistence). */
  readonly deployment?: string;
  /** Continuous reconciliation with the venue (MM_RECONCILE_INTERVAL_MS, default 10 000; 0 = off). */
  readonly reconcileIntervalMs: number;
  readonly truex: TrueXConnectionConfig;
  readonly coinbase: CoinbaseConfig;
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
  readonly dataDir: string;
  readonly httpPort: number;
  readonly logLevel: string;
  readonly strategy: StrategyConfig;
  readonly risk: RiskConfig;
  readonly simulator: SimulatorConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const engineDefaults = defaultEngineConfig({ symbol: 'BTC-PYUSD', partyId: '' });

/**
 * The quoting defaults are the packages' own (ladder-strategy's ladder and shape, the policy's lifetimes, the
 * engine's fair value and seed); only `baseSize` is the deployment's: 0.001 BTC (≈ 97 USD) an order, half the
 * ladder default, so a first deployment risks little.
 */
export const defaultStrategyConfig: StrategyConfig = {
  ordersPerSide: defaultLadderConfig.ordersPerSide,
  levels: defaultLadderConfig.levels,
  shape: defaultLadderShapeConfig.mode,
  level1OffsetTicks: defaultLadderShapeConfig.level1OffsetTicks,
  levelSpacingTicks: defaultLadderShapeConfig.levelSpacingTicks,
  level1OffsetBps: defaultLadderShapeConfig.level1OffsetBps,
  levelSpacingBps: defaultLadderShapeConfig.levelSpacingBps,
  minEdgeTicks: defaultLadderShapeConfig.minEdgeTicks,
  spacingSigmas: defaultLadderShapeConfig.spacingSigmas,
  edgeSigmas: defaultLadderShapeConfig.edgeSigmas,
  tickSize: defaultLadderConfig.tickSize,
  lotSize: defaultLadderConfig.lotSize,
  minNotional: defaultLadderConfig.minNotional,
  baseSize: '0.001',
  sizeJitterPct: defaultLadderConfig.sizeJitterPct,
  minLifetimeMs: defaultQuotePolicyConfig.minLifetimeMs,
  maxLifetimeMs: defaultQuotePolicyConfig.maxLifetimeMs,
  fairValueWindowMs: engineDefaults.fairValue.windowMs,
  fairValueInput: engineDefaults.fairValue.input,
  skewMaxPosition: '0.5',
  skewMaxTicks: 4,
  seed: engineDefaults.seed,
};

/** The quoting engine's risk defaults ({@link defaultEngineConfig}), plus TrueX's own throttle. */
export const defaultRiskConfig: RiskConfig = {
  maxOrderSize: engineDefaults.risk.maxOrderSize,
  maxOrderNotional: engineDefaults.risk.maxOrderNotional,
  priceBandPct: engineDefaults.risk.priceBandPct,
  maxOpenOrders: engineDefaults.risk.maxOpenOrders,
  maxLongPosition: engineDefaults.risk.maxLongPosition,
  maxShortPosition: engineDefaults.risk.maxShortPosition,
  maxNotionalExposure: engineDefaults.risk.maxNotionalExposure,
  messagesPerSecond: engineDefaults.risk.messagesPerSecond,
  messageBurst: engineDefaults.risk.throttle?.burst ?? 1,
  // TrueX throttles at about 10 messages/s (shared/truex/README.md §4.8).
  venueMessageLimitPerSec: 10,
  maxReferenceAgeMs: engineDefaults.risk.maxReferenceAgeMs,
  maxLoss: engineDefaults.risk.maxLoss,
  rejectStormCount: engineDefaults.risk.rejectStorm.count,
  rejectStormWindowMs: engineDefaults.risk.rejectStorm.windowMs,
};

export const defaultSimulatorConfig: SimulatorConfig = {
  market: 'btc',
  // The start of the `random-walk` market: the same 97 000 as the `btc` scenario and the stand-alone simulators.
  startPrice: '97000',
  volatilityBps: 0.5,
  fillProbability: 1,
  openOrderLimit: 50,
  // TrueX throttles at about 10 messages/s (shared/truex/README.md §4.8): the simulated venue does too.
  messageRateLimitPerSec: 10,
  seed: 7,
};

type Env = Readonly<Record<string, string | undefined>>;

/** Sections of the optional JSON config file (`MM_CONFIG_FILE` or `--config`). */
interface ConfigFile {
  strategy?: Partial<Record<keyof StrategyConfig, unknown>>;
  risk?: Partial<Record<keyof RiskConfig, unknown>>;
  simulator?: Partial<Record<keyof SimulatorConfig, unknown>>;
}

const DECIMAL = /^\d+(\.\d+)?$/;

export interface LoadConfigOptions {
  /** A JSON file with `strategy`, `risk` and/or `simulator` sections (else MM_CONFIG_FILE). */
  readonly configFile?: string;
  /** The mode a command-line flag asked for (`--paper`, `--live`); wins over MM_MODE. */
  readonly mode?: TradingMode;
}

/**
 * Reads the environment (and optional JSON file) into a validated {@link MarketMakerConfig}.
 * Throws {@link ConfigError} listing every problem at once.
 *
 * The mode is `options.mode`, else MM_MODE, else `live` when MM_LIVE is 1 or TRUEX_FIX_HOST is set, else
 * `simulator`. Live needs TRUEX_FIX_HOST; simulator and paper refuse it (they never connect to TrueX).
 */
export function loadConfig(env: Env, options: LoadConfigOptions = {}): MarketMakerConfig {
  const problems: string[] = [];
  const mode = resolveMode(env, options.mode, problems);
  const live = mode === 'live';

  const requireLive = (name: string): string => {
    const value = nonEmpty(env[name]);
    if (live && value === undefined) problems.push(`${name} is required when TRUEX_FIX_HOST is set`);
    return value ?? '';
  };

  const port = parseInteger(env.TRUEX_FIX_PORT, 'TRUEX_FIX_PORT', live ? undefined : 0, problems, 1, 65535);
  const httpPort = parseInteger(env.MM_HTTP_PORT, 'MM_HTTP_PORT', 8080, problems, 0, 65535);
  const tls = parseBoolean(env.TRUEX_FIX_TLS, 'TRUEX_FIX_TLS', false, problems);

  const truex: TrueXConnectionConfig = {
    host: nonEmpty(env.TRUEX_FIX_HOST),
    port,
    tls,
    senderCompId: live ? requireLive('TRUEX_SENDER_COMP_ID') : (nonEmpty(env.TRUEX_SENDER_COMP_ID) ?? 'MM_SIM'),
    targetCompId: nonEmpty(env.TRUEX_TARGET_COMP_ID) ?? 'TRUEX_UAT_OE',
    apiKey: live ? requireLive('TRUEX_API_KEY') : (nonEmpty(env.TRUEX_API_KEY) ?? 'sim-api-key'),
    secretKey: live ? requireLive('TRUEX_SECRET_KEY') : (nonEmpty(env.TRUEX_SECRET_KEY) ?? 'sim-secret'),
    clientId: live ? requireLive('TRUEX_CLIENT_ID') : (nonEmpty(env.TRUEX_CLIENT_ID) ?? '10000000000000007'),
    symbol: nonEmpty(env.TRUEX_SYMBOL) ?? 'BTC-PYUSD',
    // Live mode always has the REST API (venue truth needs it): TrueX's documented URL for the environment the
    // target CompID names, unless TRUEX_REST_URL says otherwise. Simulator mode uses the simulator's.
    restUrl:
      nonEmpty(env.TRUEX_REST_URL) ??
      (live
        ? /UAT/i.test(nonEmpty(env.TRUEX_TARGET_COMP_ID) ?? 'TRUEX_UAT_OE')
          ? TRUEX_REST_URLS.uat
          : TRUEX_REST_URLS.production
        : undefined),
    resetOnLogon: parseBoolean(env.TRUEX_FIX_RESET_ON_LOGON, 'TRUEX_FIX_RESET_ON_LOGON', true, problems),
    caFile: nonEmpty(env.TRUEX_FIX_CA_FILE),
  };
  if (truex.restUrl !== undefined && !/^https?:\/\//.test(truex.restUrl)) {
    problems.push(`TRUEX_REST_URL must be an http:// or https:// URL, got "${truex.restUrl}"`);
  }
  if (!/^[A-Z0-9]+-[A-Z0-9]+$/.test(truex.symbol))
    problems.push(`TRUEX_SYMBOL must look like BASE-QUOTE, got "${truex.symbol}"`);

  const coinbaseUrl = nonEmpty(env.COINBASE_WS_URL) ?? (mode === 'simulator' ? undefined : COINBASE_PUBLIC_FEED_URL);
  if (coinbaseUrl !== undefined && !/^wss?:\/\//.test(coinbaseUrl)) {
    problems.push(`COINBASE_WS_URL must be a ws:// or wss:// URL, got "${coinbaseUrl}"`);
  }
  const coinbase: CoinbaseConfig = { url: coinbaseUrl, product: nonEmpty(env.COINBASE_PRODUCT) ?? 'BTC-USD' };

  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const redisUrl = nonEmpty(env.REDIS_URL);
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl))
    problems.push('REDIS_URL must be a redis:// or rediss:// URL');

  const file = readConfigFile(options.configFile ?? nonEmpty(env.MM_CONFIG_FILE), problems);
  const strategy = mergeSection('strategy', defaultStrategyConfig, file.strategy, problems);
  const risk = mergeSection('risk', defaultRiskConfig, file.risk, problems);
  const simulator = mergeSection('simulator', defaultSimulatorConfig, file.simulator, problems);
  validateStrategy(strategy, problems);
  validateRisk(risk, problems);
  if (simulator.market !== 'random-walk' && !isMarketScenarioName(simulator.market)) {
    problems.push(
      `simulator.market must be random-walk or one of ${Object.keys(MARKET_SCENARIOS).join(', ')}, got "${simulator.market}"`,
    );
  }
  if (problems.length === 0) {
    for (const p of quotePolicyConfigProblems(engineQuotePolicy(strategy))) problems.push(`strategy: ${p}`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode,
    deployment: nonEmpty(env.MM_DEPLOYMENT),
    reconcileIntervalMs: parseInteger(
      env.MM_RECONCILE_INTERVAL_MS,
      'MM_RECONCILE_INTERVAL_MS',
      10_000,
      problems,
      0,
      3_600_000,
    ),
    truex,
    coinbase,
    databaseUrl,
    redisUrl,
    dataDir: nonEmpty(env.MM_DATA_DIR) ?? 'data',
    httpPort,
    logLevel: nonEmpty(env.LOG_LEVEL) ?? 'info',
    strategy,
    risk,
    simulator,
  };
}

/** The configuration as it may be logged or stored: credentials removed. */
export function redactedConfig(config: MarketMakerConfig): Record<string, unknown> {
  const { apiKey: _apiKey, secretKey: _secretKey, ...truex } = config.truex;
  return {
    ...config,
    truex,
    databaseUrl: config.databaseUrl?.replace(/\/\/[^@/]*@/, '//***@'),
    redisUrl: config.redisUrl?.replace(/\/\/[^@/]*@/, '//***@'),
  };
}

function resolveMode(env: Env, flag: TradingMode | undefined, problems: string[]): TradingMode {
  const host = nonEmpty(env.TRUEX_FIX_HOST);
  const fromEnv = nonEmpty(env.MM_MODE)?.toLowerCase();
  if (fromEnv !== undefined && !(TRADING_MODES as readonly string[]).includes(fromEnv)) {
    problems.push(`MM_MODE must be one of ${TRADING_MODES.join(', ')}, got "${env.MM_MODE}"`);
  }
  const liveConfirmed = parseBoolean(env.MM_LIVE, 'MM_LIVE', false, problems);
  const mode: TradingMode =
    flag ??
    (fromEnv !== undefined && (TRADING_MODES as readonly string[]).includes(fromEnv)
      ? (fromEnv as TradingMode)
      : liveConfirmed || host !== undefined
        ? 'live'
        : 'simulator');
  if (mode === 'live' && host === undefined) {
    problems.push('live mode needs TRUEX_FIX_HOST (and TRUEX_FIX_PORT and the credentials): see docs/GOING-LIVE.md');
  }
  if (mode !== 'live' && host !== undefined) {
    problems.push(
      `${mode} mode trades at the in-process simulated TrueX and never connects to TRUEX_FIX_HOST: unset it, ` +
        'or run live (--live)',
    );
  }
  if (mode !== 'live' && liveConfirmed) problems.push(`MM_LIVE=1 contradicts ${mode} mode`);
  return mode;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parseInteger(
  raw: string | undefined,
  name: string,
  fallback: number | undefined,
  problems: string[],
  min: number,
  max: number,
): number {
  const value = nonEmpty(raw);
  if (value === undefined) {
    if (fallback === undefined) problems.push(`${name} is required when TRUEX_FIX_HOST is set`);
    return fallback ?? 0;
  }
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    problems.push(`${name} must be an integer in [${min}, ${max}], got "${value}"`);
    return fallback ?? 0;
  }
  return n;
}

function parseBoolean(raw: string | undefined, name: string, fallback: boolean, problems: string[]): boolean {
  const value = nonEmpty(raw)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes', 'y'].includes(value)) return true;
  if (['0', 'false', 'no', 'n'].includes(value)) return false;
  problems.push(`${name} must be 1/0 or true/false, got "${raw}"`);
  return fallback;
}

function readConfigFile(path: string | undefined, problems: string[]): ConfigFile {
  if (path === undefined) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(`config file ${path} cannot be read: ${(error as Error).message}`);
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      problems.push(`config file ${path} must hold a JSON object with "strategy", "risk" and/or "simulator"`);
      return {};
    }
    const known = new Set(['strategy', 'risk', 'simulator']);
    for (const key of Object.keys(parsed)) if (!known.has(key)) problems.push(`config file: unknown section "${key}"`);
    return parsed as ConfigFile;
  } catch (error) {
    problems.push(`config file ${path} is not valid JSON: ${(error as Error).message}`);
    return {};
  }
}

/** Overlays a file section on defaults, checking every key exists and keeps the default's type. */
function mergeSection<T extends object>(
  section: string,
  defaults: T,
  overrides: Partial<Record<keyof T, unknown>> | undefined,
  problems: string[],
): T {
  if (overrides === undefined) return defaults;
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in defaults)) {
      problems.push(`config file: unknown ${section} setting "${key}"`);
      continue;
    }
    const expected = typeof (defaults as Record<string, unknown>)[key];
    if (typeof value !== expected) {
      problems.push(`config file: ${section}.${key} must be a ${expected === 'string' ? 'decimal string' : expected}`);
      continue;
    }
    merged[key] = value;
  }
  return merged as T;
}

function validateStrategy(s: StrategyConfig, problems: string[]): void {
  const positiveInt = (key: keyof StrategyConfig): void => {
    const v = s[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
      problems.push(`strategy.${key} must be a positive integer`);
  };
  (
    [
      'ordersPerSide',
      'levels',
      'levelSpacingTicks',
      'minLifetimeMs',
      'maxLifetimeMs',
      'fairValueWindowMs',
      'minEdgeTicks',
    ] as const
  ).forEach(positiveInt);
  if (!Number.isInteger(s.level1OffsetTicks) || s.level1OffsetTicks < 1)
    problems.push('strategy.level1OffsetTicks must be >= 1');
  if (!['volatility', 'ticks', 'bps'].includes(s.shape)) {
    problems.push(`strategy.shape must be volatility, ticks or bps, got "${s.shape}"`);
  }
  for (const key of ['level1OffsetBps', 'levelSpacingBps', 'spacingSigmas', 'edgeSigmas'] as const) {
    if (!(s[key] > 0)) problems.push(`strategy.${key} must be > 0`);
  }
  if (s.levels > s.ordersPerSide) problems.push('strategy.levels must not exceed strategy.ordersPerSide');
  if (s.minLifetimeMs > s.maxLifetimeMs) problems.push('strategy.minLifetimeMs must not exceed strategy.maxLifetimeMs');
  if (s.sizeJitterPct < 0 || s.sizeJitterPct >= 100) problems.push('strategy.sizeJitterPct must be in [0, 100)');
  for (const key of ['tickSize', 'lotSize', 'minNotional', 'baseSize', 'skewMaxPosition'] as const) {
    if (!DECIMAL.test(s[key]) || Number(s[key]) <= 0)
      problems.push(`strategy.${key} must be a positive decimal string`);
  }
  if (!['mid', 'microprice', 'last'].includes(s.fairValueInput)) {
    problems.push('strategy.fairValueInput must be one of mid, microprice, last');
  }
}

function validateRisk(r: RiskConfig, problems: string[]): void {
  for (const key of [
    'maxOrderSize',
    'maxOrderNotional',
    'priceBandPct',
    'maxLongPosition',
    'maxShortPosition',
    'maxNotionalExposure',
    'maxLoss',
  ] as const) {
    if (!DECIMAL.test(r[key])) problems.push(`risk.${key} must be a non-negative decimal string`);
  }
  for (const key of ['maxOpenOrders', 'maxReferenceAgeMs', 'rejectStormCount', 'rejectStormWindowMs'] as const) {
    if (!Number.isInteger(r[key]) || r[key] <= 0) problems.push(`risk.${key} must be a positive integer`);
  }
  if (!(r.messagesPerSecond > 0)) problems.push('risk.messagesPerSecond must be > 0');
  if (!(Number.isInteger(r.messageBurst) && r.messageBurst >= 1))
    problems.push('risk.messageBurst must be an integer >= 1');
  if (r.messagesPerSecond + r.messageBurst > r.venueMessageLimitPerSec) {
    problems.push(
      `risk.messagesPerSecond (${r.messagesPerSecond}) + risk.messageBurst (${r.messageBurst}) exceeds ` +
        `risk.venueMessageLimitPerSec (${r.venueMessageLimitPerSec}): one second could hold more messages than TrueX ` +
        'accepts, and every excess message is throttled (35=j)',
    );
  }
}
