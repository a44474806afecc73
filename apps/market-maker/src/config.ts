import { readFileSync } from 'node:fs';

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
}

export interface CoinbaseConfig {
  /** Unset url = a Coinbase feed simulator starts in-process. */
  readonly url?: string;
  readonly product: string;
}

export interface StrategyConfig {
  readonly ordersPerSide: number;
  readonly levels: number;
  readonly level1OffsetTicks: number;
  readonly levelSpacingTicks: number;
  readonly tickSize: string;
  readonly lotSize: string;
  readonly minNotional: string;
  readonly baseSize: string;
  readonly sizeJitterPct: number;
  readonly minLifetimeMs: number;
  readonly maxLifetimeMs: number;
  readonly repriceToleranceTicks: number;
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
  readonly messagesPerSecond: number;
  readonly maxReferenceAgeMs: number;
  readonly maxLoss: string;
  readonly rejectStormCount: number;
  readonly rejectStormWindowMs: number;
}

export interface SimulatorConfig {
  readonly startPrice: string;
  readonly volatilityBps: number;
  readonly fillProbability: number;
  readonly openOrderLimit: number;
  readonly messageRateLimitPerSec: number;
  readonly seed: number;
}

export interface MarketMakerConfig {
  readonly mode: 'simulator' | 'live';
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

export const defaultStrategyConfig: StrategyConfig = {
  ordersPerSide: 25,
  levels: 8,
  level1OffsetTicks: 10,
  levelSpacingTicks: 4,
  tickSize: '0.5',
  lotSize: '0.0001',
  minNotional: '1',
  baseSize: '0.001',
  sizeJitterPct: 10,
  minLifetimeMs: 3000,
  maxLifetimeMs: 5000,
  repriceToleranceTicks: 8,
  fairValueWindowMs: 100,
  fairValueInput: 'mid',
  skewMaxPosition: '0.5',
  skewMaxTicks: 4,
  seed: 1,
};

export const defaultRiskConfig: RiskConfig = {
  maxOrderSize: '0.05',
  maxOrderNotional: '5000',
  priceBandPct: '2.5',
  maxOpenOrders: 50,
  maxLongPosition: '1',
  maxShortPosition: '1',
  maxNotionalExposure: '150000',
  messagesPerSecond: 15,
  maxReferenceAgeMs: 3000,
  maxLoss: '2000',
  rejectStormCount: 20,
  rejectStormWindowMs: 10_000,
};

export const defaultSimulatorConfig: SimulatorConfig = {
  startPrice: '65000',
  volatilityBps: 0.5,
  fillProbability: 1,
  openOrderLimit: 50,
  messageRateLimitPerSec: 0,
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

/**
 * Reads the environment (and optional JSON file) into a validated {@link MarketMakerConfig}.
 * Throws {@link ConfigError} listing every problem at once.
 */
export function loadConfig(env: Env, options: { configFile?: string } = {}): MarketMakerConfig {
  const problems: string[] = [];
  const live = nonEmpty(env.TRUEX_FIX_HOST) !== undefined;

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
  };
  if (!/^[A-Z0-9]+-[A-Z0-9]+$/.test(truex.symbol))
    problems.push(`TRUEX_SYMBOL must look like BASE-QUOTE, got "${truex.symbol}"`);

  const coinbaseUrl = nonEmpty(env.COINBASE_WS_URL) ?? (live ? 'wss://ws-feed.exchange.coinbase.com' : undefined);
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

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode: live ? 'live' : 'simulator',
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
    ['ordersPerSide', 'levels', 'levelSpacingTicks', 'minLifetimeMs', 'maxLifetimeMs', 'fairValueWindowMs'] as const
  ).forEach(positiveInt);
  if (!Number.isInteger(s.level1OffsetTicks) || s.level1OffsetTicks < 1)
    problems.push('strategy.level1OffsetTicks must be >= 1');
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
}
