/**
 * Deterministic pseudo-random numbers (mulberry32): the same seed gives the same sequence, run after run, so
 * simulated markets, fills and jittered sizes and lifetimes replay identically. Not for anything security-related.
 *
 * The one implementation in the repository (the simulators and the ladder strategy used to carry copies of it); the
 * sequence is bit-for-bit the one those copies produced, so seeded scenarios and replays keep their numbers.
 */
export class SeededRandom {
  private state: number;

  constructor(seed = 1) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Standard normal draw (Box-Muller; two uniforms). truex-sim's copy called it `normal()`. */
  gaussian(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/** A uniform [0, 1) source from {@link SeededRandom}, for APIs that take a `random: () => number`. */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}
