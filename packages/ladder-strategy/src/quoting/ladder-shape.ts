/**
 * Where the ladder's levels sit relative to fair value, in ticks:
 * - `minEdgeTicks`: no order of ours may rest closer to fair value than this (or through it); an order that finds
 *   itself there is moved or pulled first, before anything else is sent.
 * - `level1OffsetTicks`: where level 1 goes when the ladder is (re)anchored; it then stays put while fair value
 *   wanders, until level 1 is within the minimum edge or a whole spacing too far.
 * - `levelSpacingTicks`: distance between consecutive levels.
 */
export interface LadderShape {
  readonly level1OffsetTicks: number;
  readonly levelSpacingTicks: number;
  readonly minEdgeTicks: number;
}

export type ShapeMode = 'volatility' | 'ticks' | 'bps';

/** A range in ticks, both ends included. */
export interface TickRange {
  readonly min: number;
  readonly max: number;
}

export interface LadderShapeConfig {
  /**
   * `volatility` (default): spacing and minimum edge follow the measured volatility and the order lifetime;
   * `ticks`: fixed offsets in ticks; `bps`: fixed offsets in basis points of fair value.
   */
  readonly mode: ShapeMode;
  /** `ticks` mode: level-1 offset and level spacing. */
  readonly level1OffsetTicks: number;
  readonly levelSpacingTicks: number;
  /** `bps` mode: level-1 offset and level spacing in basis points of fair value (rounded up to whole ticks). */
  readonly level1OffsetBps: number;
  readonly levelSpacingBps: number;
  /** `ticks`/`bps` modes: the minimum edge. `volatility` mode: its floor. */
  readonly minEdgeTicks: number;
  /** `volatility` mode: spacing = spacingSigmas × σ × √(mean lifetime), σ in price per √second. */
  readonly spacingSigmas: number;
  /** `volatility` mode: minimum edge = edgeSigmas × σ × √(reactionMs): the move we must survive before reacting. */
  readonly edgeSigmas: number;
  readonly reactionMs: number;
  readonly spacingTicks: TickRange;
  readonly edgeTicks: TickRange;
  /** σ (bps of fair value per √second) assumed until the estimator has one. */
  readonly initialVolatilityBps: number;
  /** The ladder is re-spaced only when the computed spacing or edge differs from the current one by this much. */
  readonly reshapeThresholdPct: number;
  /** …and at most this often. */
  readonly reshapeIntervalMs: number;
}

/**
 * Defaults sized for BTC (σ ≈ $5–10 per √s at $97k ≈ 0.5–1 bps) on TrueX's $0.50 tick, chosen with the replay
 * (`npm run replay`): at σ = $8/√s and 3–5 s lifetimes the spacing is one σ over a lifetime (≈ $11–16) and the
 * minimum edge three σ over the 250 ms reaction time (≈ $12), so a level moves about once per lifetime, not per
 * tick, and 8 messages/s keep all 50 orders up.
 */
export const defaultLadderShapeConfig: Readonly<LadderShapeConfig> = Object.freeze({
  mode: 'volatility',
  level1OffsetTicks: 10,
  levelSpacingTicks: 4,
  level1OffsetBps: 1,
  levelSpacingBps: 0.5,
  minEdgeTicks: 2,
  spacingSigmas: 1,
  edgeSigmas: 3,
  reactionMs: 250,
  spacingTicks: Object.freeze({ min: 2, max: 60 }),
  edgeTicks: Object.freeze({ min: 2, max: 60 }),
  initialVolatilityBps: 1,
  reshapeThresholdPct: 30,
  reshapeIntervalMs: 10_000,
});

export interface ShapeInput {
  /** Fair value as a number (only for converting bps and σ into ticks; prices are never computed from it). */
  readonly fairValue: number;
  readonly tickSize: number;
  /** Measured σ in bps of fair value per √second, when the estimator has one. */
  readonly volatilityBps: number | undefined;
  readonly meanLifetimeMs: number;
  /** Largest inventory skew in ticks: level 1 is offset by it on top of the edge, so skew never breaks the edge. */
  readonly maxSkewTicks: number;
}

function clamp(x: number, r: TickRange): number {
  return Math.min(r.max, Math.max(r.min, x));
}

/** Price units (e.g. USD) → whole ticks, rounded up so a distance is never shorter than asked for. */
function ticksAtLeast(amount: number, tickSize: number): number {
  // The 1e-9 absorbs float residue (8 / 0.5 must be 16, not 17); the result is a whole number of ticks.
  return Math.max(0, Math.ceil(amount / tickSize - 1e-9));
}

/** A shape being computed (the tracker's scratch). */
interface MutableShape {
  level1OffsetTicks: number;
  levelSpacingTicks: number;
  minEdgeTicks: number;
}

/** The shape this configuration asks for now. Level 1 = minimum edge + largest skew + one spacing. */
export function computeLadderShape(c: LadderShapeConfig, input: ShapeInput): LadderShape {
  return computeLadderShapeInto(c, input, { level1OffsetTicks: 0, levelSpacingTicks: 0, minEdgeTicks: 0 });
}

/** {@link computeLadderShape} written into `out` (no object built); returns `out`. */
function computeLadderShapeInto(c: LadderShapeConfig, input: ShapeInput, out: MutableShape): MutableShape {
  if (c.mode === 'ticks') {
    out.level1OffsetTicks = c.level1OffsetTicks;
    out.levelSpacingTicks = c.levelSpacingTicks;
    out.minEdgeTicks = c.minEdgeTicks;
    return out;
  }
  if (c.mode === 'bps') {
    out.level1OffsetTicks = Math.max(
      c.minEdgeTicks + input.maxSkewTicks,
      ticksAtLeast((input.fairValue * c.level1OffsetBps) / 10_000, input.tickSize),
    );
    out.levelSpacingTicks = Math.max(1, ticksAtLeast((input.fairValue * c.levelSpacingBps) / 10_000, input.tickSize));
    out.minEdgeTicks = c.minEdgeTicks;
    return out;
  }
  const sigma = (input.fairValue * (input.volatilityBps ?? c.initialVolatilityBps)) / 10_000; // price per √s
  const spacing = clamp(
    ticksAtLeast(c.spacingSigmas * sigma * Math.sqrt(input.meanLifetimeMs / 1000), input.tickSize),
    c.spacingTicks,
  );
  const edge = Math.max(
    c.minEdgeTicks,
    clamp(ticksAtLeast(c.edgeSigmas * sigma * Math.sqrt(c.reactionMs / 1000), input.tickSize), c.edgeTicks),
  );
  out.level1OffsetTicks = edge + input.maxSkewTicks + spacing;
  out.levelSpacingTicks = spacing;
  out.minEdgeTicks = edge;
  return out;
}

function differsBy(a: number, b: number, pct: number): boolean {
  return Math.abs(a - b) > (Math.max(a, b) * pct) / 100;
}

/**
 * Holds the current shape and changes it only when the market has really changed: a new spacing moves every order
 * of the ladder, so it is worth it only when the old one is clearly wrong (by `reshapeThresholdPct`), and never
 * more often than `reshapeIntervalMs`. A larger minimum edge is applied at once (it is the safety margin).
 */
export class ShapeTracker {
  private shape: LadderShape | undefined;
  private lastChangeMs = Number.NEGATIVE_INFINITY;
  private changes = 0;
  /** The shape asked for by the last update (scratch: a shape is built only when it changes). */
  private readonly wanted: MutableShape = { level1OffsetTicks: 0, levelSpacingTicks: 0, minEdgeTicks: 0 };

  constructor(private readonly config: LadderShapeConfig) {}

  /** The shape to quote now; the same object as long as the shape does not change. */
  update(input: ShapeInput, nowMs: number): LadderShape {
    const wanted = computeLadderShapeInto(this.config, input, this.wanted);
    const current = this.shape;
    if (current === undefined) {
      this.apply(wanted, nowMs);
    } else if (
      nowMs - this.lastChangeMs >= this.config.reshapeIntervalMs &&
      (differsBy(wanted.levelSpacingTicks, current.levelSpacingTicks, this.config.reshapeThresholdPct) ||
        differsBy(wanted.minEdgeTicks, current.minEdgeTicks, this.config.reshapeThresholdPct))
    ) {
      this.apply(wanted, nowMs);
    } else if (wanted.minEdgeTicks > current.minEdgeTicks) {
      // Safety first: widen the edge now, keep the spacing; level 1 keeps at least edge + skew + spacing.
      this.shape = {
        levelSpacingTicks: current.levelSpacingTicks,
        minEdgeTicks: wanted.minEdgeTicks,
        level1OffsetTicks: Math.max(
          current.level1OffsetTicks,
          wanted.minEdgeTicks + input.maxSkewTicks + current.levelSpacingTicks,
        ),
      };
    }
    return this.shape!;
  }

  current(): LadderShape | undefined {
    return this.shape;
  }

  /** How many times the spacing or edge was changed (each re-spacing moves the whole ladder). */
  reshapes(): number {
    return this.changes;
  }

  private apply(shape: LadderShape, nowMs: number): void {
    if (this.shape !== undefined) this.changes++;
    this.shape = {
      level1OffsetTicks: shape.level1OffsetTicks,
      levelSpacingTicks: shape.levelSpacingTicks,
      minEdgeTicks: shape.minEdgeTicks,
    };
    this.lastChangeMs = nowMs;
  }
}
