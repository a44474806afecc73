import {
  FAIR_VALUE_INPUTS,
  rejectedInputReason,
  samplePrice,
  type FairValueInput,
  type ReferenceQuote,
} from './fair-value-input';
import type { RejectedInputReason } from './fair-value-input';
import { PricingConfigError } from './pricing-config-error';

const FAIR_VALUE = 0;
const HELD_INPUT = 1;
const LAST_UPDATE_MS = 2;

export interface DecayingMeanFairValueOptions {
  /** Time constant τ of the exponential weighting, in ms (weight of an observation decays as e^(−age/τ)). Default 100. */
  windowMs?: number;
  /** Observation that feeds the mean. Default 'mid'. */
  input?: FairValueInput;
}

export interface FairValueCounters {
  accepted: number;
  rejected: Record<RejectedInputReason, number>;
  /** Updates whose nowMs was earlier than the previous one (treated as zero elapsed time). */
  outOfOrder: number;
}

/**
 * Exponentially time-weighted mean of the reference price, correct for irregularly spaced updates.
 *
 * The input is treated as a step function: each observation x_i holds from its arrival t_i until the next one.
 * The fair value at time t is the exact continuous-time exponential average of that step function:
 *
 *   alpha = 1 − exp(−(t − t_prev) / τ)
 *   FV_t  = FV_prev + alpha · (x_prev − FV_prev)
 *
 * where x_prev is the observation held since t_prev. Because the decay factors multiply
 * (e^(−a/τ)·e^(−b/τ) = e^(−(a+b)/τ)), the result depends only on elapsed time, never on how many messages
 * arrived. A new observation has zero weight at its own arrival instant; use {@link value} with `nowMs` to read
 * the mean at the current time (it decays the held input forward without mutating state).
 *
 * float64 is adequate here: each step is a convex combination (a contraction), so rounding errors are damped
 * rather than accumulated. Anything that becomes an order price is rounded to the venue tick by the ladder.
 *
 * An update allocates nothing: the state lives in a preallocated Float64Array (a number field that is sometimes
 * `undefined` would box every new value in a fresh heap number) and the input is extracted without a result object.
 */
export class DecayingMeanFairValue {
  readonly windowMs: number;
  readonly input: FairValueInput;
  /** [fair value, held input, last update ms]; the fair value is meaningful only while {@link seeded}. */
  private readonly state = new Float64Array(3);
  private seeded = false;
  private readonly stats: FairValueCounters = {
    accepted: 0,
    rejected: { 'bad-price': 0, crossed: 0, 'no-last-price': 0, 'bad-time': 0 },
    outOfOrder: 0,
  };

  constructor(o: DecayingMeanFairValueOptions = {}) {
    const windowMs = o.windowMs ?? 100;
    if (!Number.isFinite(windowMs) || windowMs <= 0) {
      throw new PricingConfigError('windowMs', `windowMs must be a positive number of milliseconds, got ${windowMs}`);
    }
    const input = o.input ?? 'mid';
    if (!FAIR_VALUE_INPUTS.includes(input)) {
      throw new PricingConfigError(
        'input',
        `input must be one of ${FAIR_VALUE_INPUTS.join(', ')}, got ${String(input)}`,
      );
    }
    this.windowMs = windowMs;
    this.input = input;
  }

  /**
   * Feeds one reference observation seen at `nowMs`. Returns false (and counts the reason) when the
   * observation is unusable: non-numeric or non-positive prices, a crossed book, no last price for 'last', or a
   * non-finite time.
   */
  update(q: ReferenceQuote, nowMs: number): boolean {
    const price = samplePrice(q, this.input);
    if (!(price > 0)) {
      this.stats.rejected[rejectedInputReason(price)]++;
      return false;
    }
    return this.observe(price, nowMs);
  }

  /** Feeds an already-extracted price (e.g. a trade print); same rules as {@link update}. */
  observe(price: number, nowMs: number): boolean {
    if (!Number.isFinite(nowMs)) {
      this.stats.rejected['bad-time']++;
      return false;
    }
    if (!Number.isFinite(price) || price <= 0) {
      this.stats.rejected['bad-price']++;
      return false;
    }
    this.stats.accepted++;
    const state = this.state;
    const lastUpdateMs = state[LAST_UPDATE_MS];
    if (!this.seeded) {
      state[FAIR_VALUE] = price;
      this.seeded = true;
    } else {
      if (nowMs < lastUpdateMs) this.stats.outOfOrder++;
      // An out-of-order timestamp counts as no elapsed time: the newer message still replaces the held input.
      state[FAIR_VALUE] = this.decayed(Math.max(nowMs, lastUpdateMs));
    }
    state[HELD_INPUT] = price;
    state[LAST_UPDATE_MS] = Math.max(nowMs, lastUpdateMs);
    return true;
  }

  /**
   * The fair value. Without `nowMs`: as of the last accepted update. With `nowMs`: decayed forward to that
   * instant with the currently held input (what a consumer quoting at `nowMs` should use).
   */
  value(nowMs?: number): number | undefined {
    if (!this.seeded) return undefined;
    if (nowMs === undefined || nowMs <= this.state[LAST_UPDATE_MS]) return this.state[FAIR_VALUE];
    return this.decayed(nowMs);
  }

  /** Milliseconds since the last accepted observation; undefined before the first. Consumers refuse to quote on stale values. */
  ageMs(nowMs: number): number | undefined {
    if (!this.seeded) return undefined;
    return Math.max(0, nowMs - this.state[LAST_UPDATE_MS]);
  }

  /** The observation currently held (the latest accepted input price). */
  lastInput(): number | undefined {
    return this.seeded ? this.state[HELD_INPUT] : undefined;
  }

  counters(): FairValueCounters {
    return { ...this.stats, rejected: { ...this.stats.rejected } };
  }

  /** Forgets all state (e.g. after the feed reconnects): the next observation seeds the mean again. */
  reset(): void {
    this.seeded = false;
    this.state.fill(0);
  }

  private decayed(nowMs: number): number {
    const state = this.state;
    const fv = state[FAIR_VALUE];
    const held = state[HELD_INPUT];
    const alpha = -Math.expm1(-(nowMs - state[LAST_UPDATE_MS]) / this.windowMs);
    const next = fv + alpha * (held - fv);
    // A convex combination cannot leave [fv, input]; clamp so float rounding cannot either.
    return held >= fv ? Math.min(held, Math.max(fv, next)) : Math.max(held, Math.min(fv, next));
  }
}
