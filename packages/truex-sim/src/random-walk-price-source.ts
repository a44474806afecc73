import { Decimal } from 'decimal.js';
import { SeededRandom, systemClock, type Clock, type TimerHandle } from '@truex-mm/clock';
import type { ReferencePriceSource } from './reference-price-source';

export interface RandomWalkPriceSourceOptions {
  /** Starting mid, decimal string. */
  start: string;
  /** Standard deviation of one step, in basis points of the current price (default 1). */
  volatilityBpsPerStep?: number;
  /** Time between steps (default 1000 ms). */
  stepMs?: number;
  seed?: number;
  clock?: Clock;
  /** Decimal places the walk is rounded to after every step (default 2). */
  decimals?: number;
}

/**
 * A seeded geometric random walk. Each step multiplies the price by (1 + σ·z) with z ~ N(0,1) and σ in bps, and
 * rounds the result to `decimals` places with decimal.js, so the walk never accumulates binary floating-point error.
 */
export class RandomWalkPriceSource implements ReferencePriceSource {
  private price: Decimal;
  private readonly volatility: Decimal;
  private readonly stepMs: number;
  private readonly decimals: number;
  private readonly random: SeededRandom;
  private readonly clock: Clock;
  private readonly listeners = new Set<(price: string) => void>();
  private timer: TimerHandle | undefined;
  private running = false;

  constructor(options: RandomWalkPriceSourceOptions) {
    this.price = new Decimal(options.start);
    if (!this.price.isFinite() || this.price.lte(0))
      throw new RangeError(`start price must be positive: ${options.start}`);
    this.volatility = new Decimal(options.volatilityBpsPerStep ?? 1).div(10_000);
    this.stepMs = options.stepMs ?? 1000;
    this.decimals = options.decimals ?? 2;
    this.random = new SeededRandom(options.seed ?? 1);
    this.clock = options.clock ?? systemClock;
  }

  current(): string {
    return this.price.toFixed();
  }

  onChange(listener: (price: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Takes one step now (also used by the timer); returns the new price. */
  step(): string {
    // The random draw is a float, but it only scales one multiplication; the price itself stays a Decimal.
    const z = new Decimal(this.random.gaussian().toFixed(12));
    const next = this.price.mul(Decimal.add(1, this.volatility.mul(z))).toDecimalPlaces(this.decimals);
    const floor = new Decimal(1).div(new Decimal(10).pow(this.decimals));
    const changed = !next.eq(this.price);
    this.price = Decimal.max(next, floor);
    const text = this.price.toFixed();
    if (changed) for (const listener of [...this.listeners]) listener(text);
    return text;
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      if (!this.running) return;
      this.step();
      this.schedule();
    }, this.stepMs);
  }
}
