import { defaultLadderConfig, LadderConfigError, validateLadderConfig, type LadderConfig } from '../ladder-config';
import { defaultLadderShapeConfig, type LadderShapeConfig } from './ladder-shape';

export interface QuotePolicyConfig {
  /** Orders, levels, increments, sizes, jitter and inventory skew (the offsets in it are not used: see `shape`). */
  readonly ladder: LadderConfig;
  readonly shape: LadderShapeConfig;
  /** Order lifetimes are drawn uniformly from [min, max] (then stretched when the budget is short). */
  readonly minLifetimeMs: number;
  readonly maxLifetimeMs: number;
  /** Lifetimes are never stretched beyond this factor (default 4). */
  readonly maxLifetimeStretch: number;
  /** Share of the message budget lifetimes are sized for; the rest absorbs bursts (default 0.9). */
  readonly budgetShare: number;
  /**
   * Safety cancels that may be sent beyond the budget (the budget goes into debt by at most this much). Default 0:
   * an order inside the minimum edge is moved by a replace with the next message of the budget, which keeps it on
   * the book; a borrowed cancel takes an order off the book and costs a second message to put it back, and any
   * borrowing risks the venue's throttle (8/s + burst 1 + 1 borrowed = TrueX's 10/s exactly).
   */
  readonly safetyBurst: number;
  /** A level short by at most this many orders does not take an order from another level (default 1). */
  readonly levelTolerance: number;
}

export const defaultQuotePolicyConfig: Readonly<QuotePolicyConfig> = Object.freeze({
  ladder: defaultLadderConfig,
  shape: defaultLadderShapeConfig,
  minLifetimeMs: 3000,
  maxLifetimeMs: 5000,
  maxLifetimeStretch: 4,
  budgetShare: 0.9,
  safetyBurst: 0,
  levelTolerance: 1,
});

function positiveInteger(v: number): boolean {
  return Number.isInteger(v) && v >= 1;
}

/**
 * Every problem with a policy configuration, each naming the settings that clash and why (empty when valid).
 * Above all it rejects every combination that could quote at or through fair value.
 */
export function quotePolicyConfigProblems(c: QuotePolicyConfig): string[] {
  const problems: string[] = [];
  try {
    validateLadderConfig(c.ladder);
  } catch (error) {
    if (error instanceof LadderConfigError) problems.push(error.message);
    else throw error;
  }
  const s = c.shape;
  const maxSkew = c.ladder.skew?.maxSkewTicks ?? 0;
  if (!['volatility', 'ticks', 'bps'].includes(s.mode)) {
    problems.push(`shape.mode must be volatility, ticks or bps, got ${JSON.stringify(s.mode)}`);
  }
  if (!positiveInteger(s.minEdgeTicks)) {
    problems.push(
      `shape.minEdgeTicks must be an integer ≥ 1, got ${s.minEdgeTicks}: with 0 an order may rest on fair value`,
    );
  }
  if (s.mode === 'ticks') {
    if (!positiveInteger(s.levelSpacingTicks)) {
      problems.push(`shape.levelSpacingTicks must be an integer ≥ 1, got ${s.levelSpacingTicks}`);
    }
    if (!Number.isInteger(s.level1OffsetTicks) || s.level1OffsetTicks - maxSkew < s.minEdgeTicks) {
      problems.push(
        `shape.level1OffsetTicks (${s.level1OffsetTicks}) − skew maxSkewTicks (${maxSkew}) must be ≥ shape.minEdgeTicks ` +
          `(${s.minEdgeTicks}): a fully skewed level 1 would otherwise be placed inside the minimum edge, ` +
          `and with an edge of 0 through fair value`,
      );
    }
  }
  if (s.mode === 'bps') {
    if (!(s.level1OffsetBps > 0)) problems.push(`shape.level1OffsetBps must be > 0, got ${s.level1OffsetBps}`);
    if (!(s.levelSpacingBps > 0)) problems.push(`shape.levelSpacingBps must be > 0, got ${s.levelSpacingBps}`);
  }
  if (s.mode === 'volatility') {
    for (const [name, range] of [
      ['spacingTicks', s.spacingTicks],
      ['edgeTicks', s.edgeTicks],
    ] as const) {
      if (!positiveInteger(range.min) || !Number.isInteger(range.max) || range.max < range.min) {
        problems.push(`shape.${name} must be whole ticks with 1 ≤ min ≤ max, got ${range.min}..${range.max}`);
      }
    }
    if (!(s.spacingSigmas > 0)) problems.push(`shape.spacingSigmas must be > 0, got ${s.spacingSigmas}`);
    if (!(s.edgeSigmas > 0)) problems.push(`shape.edgeSigmas must be > 0, got ${s.edgeSigmas}`);
    if (!(s.reactionMs > 0)) problems.push(`shape.reactionMs must be > 0, got ${s.reactionMs}`);
    if (!(s.initialVolatilityBps > 0)) {
      problems.push(`shape.initialVolatilityBps must be > 0, got ${s.initialVolatilityBps}`);
    }
  }
  if (!(s.reshapeThresholdPct >= 0)) {
    problems.push(`shape.reshapeThresholdPct must be ≥ 0, got ${s.reshapeThresholdPct}`);
  }
  if (!(s.reshapeIntervalMs >= 0)) problems.push(`shape.reshapeIntervalMs must be ≥ 0, got ${s.reshapeIntervalMs}`);
  if (!(c.minLifetimeMs > 0 && c.maxLifetimeMs >= c.minLifetimeMs)) {
    problems.push(
      `lifetimes must satisfy 0 < minLifetimeMs ≤ maxLifetimeMs, got ${c.minLifetimeMs}..${c.maxLifetimeMs}`,
    );
  }
  if (!(c.maxLifetimeStretch >= 1)) problems.push(`maxLifetimeStretch must be ≥ 1, got ${c.maxLifetimeStretch}`);
  if (!(c.budgetShare > 0 && c.budgetShare <= 1)) problems.push(`budgetShare must be in (0, 1], got ${c.budgetShare}`);
  if (!(Number.isInteger(c.safetyBurst) && c.safetyBurst >= 0)) {
    problems.push(`safetyBurst must be a whole number ≥ 0, got ${c.safetyBurst}`);
  }
  if (!(Number.isInteger(c.levelTolerance) && c.levelTolerance >= 0)) {
    problems.push(`levelTolerance must be a whole number ≥ 0, got ${c.levelTolerance}`);
  }
  return problems;
}

/** Thrown by the QuotePolicy constructor for an invalid configuration; `problems` lists every one. */
export class QuotePolicyConfigError extends Error {
  override readonly name = 'QuotePolicyConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid quote policy configuration:\n  - ${problems.join('\n  - ')}`);
  }
}
