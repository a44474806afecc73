import { resolveScenario, scenarioDynamics, scenarioStepMs } from './market-scenario';
import type { MarketScenario, MarketScenarioName } from './market-scenario';
import { sameTop } from './market-top';
import type { MarketTopChange, SteppedMarket } from './market-top';
import { formatPriceCents, formatSizeLots, SyntheticMarket } from './synthetic-market';

export interface ScenarioMarketOptions {
  scenario: MarketScenario | MarketScenarioName;
  seed: number;
  /** Book levels a side (default 50, as the simulator). */
  depth?: number;
  /** Trades per second (default 4, as the simulator). */
  tradesPerSecond?: number;
}

/**
 * A stepped source of top-of-book updates for in-process replays: no sockets, no timers. The same
 * SyntheticMarket the WebSocket simulator serves, so a scenario, seed and step give the same tops both ways:
 * the simulator's first product with `seed` moves exactly like `new ScenarioMarket({ scenario, seed })`.
 */
export class ScenarioMarket implements SteppedMarket {
  readonly scenario: MarketScenario;
  readonly stepMs: number;
  private readonly market: SyntheticMarket;
  private last: MarketTopChange | undefined;

  constructor(o: ScenarioMarketOptions) {
    this.scenario = resolveScenario(o.scenario);
    this.stepMs = scenarioStepMs(this.scenario);
    this.market = new SyntheticMarket({
      ...scenarioDynamics(this.scenario),
      startPrice: this.scenario.startPrice,
      stepMs: this.stepMs,
      seed: o.seed,
      ...(o.depth !== undefined ? { depth: o.depth } : {}),
      ...(o.tradesPerSecond !== undefined ? { tradesPerSecond: o.tradesPerSecond } : {}),
    });
  }

  /**
   * Advances the market to `elapsedMs` since start (whole steps only: a step happens at every multiple of
   * stepMs) and returns the top-of-book changes produced since the last call, in order, each with its market
   * time. The first call also returns the opening top at atMs 0.
   */
  advanceTo(elapsedMs: number): ReadonlyArray<MarketTopChange> {
    if (!Number.isFinite(elapsedMs) || elapsedMs < this.market.elapsedMs) {
      throw new RangeError(`advanceTo(${elapsedMs}): market time is already ${this.market.elapsedMs} ms`);
    }
    const changes: MarketTopChange[] = [];
    if (this.last === undefined) this.record(changes);
    while (this.market.elapsedMs + this.stepMs <= elapsedMs) {
      this.market.step();
      this.record(changes);
    }
    return changes;
  }

  mid(): string {
    return this.market.mid();
  }

  /** Market time reached so far (a multiple of stepMs). */
  get elapsedMs(): number {
    return this.market.elapsedMs;
  }

  /** Levels best first as [price, size] decimal strings, for depth-aware consumers. */
  levels(side: 'buy' | 'sell', n = Number.POSITIVE_INFINITY): Array<[string, string]> {
    return this.market
      .levels(side)
      .slice(0, n)
      .map(([cents, lots]) => [formatPriceCents(cents), formatSizeLots(lots)]);
  }

  private record(changes: MarketTopChange[]): void {
    const bid = this.market.bestBidCents()!;
    const ask = this.market.bestAskCents()!;
    const top = {
      bidPrice: formatPriceCents(bid),
      bidSize: formatSizeLots(this.market.size('buy', bid)!),
      askPrice: formatPriceCents(ask),
      askSize: formatSizeLots(this.market.size('sell', ask)!),
    };
    if (sameTop(this.last, top)) return;
    this.last = { atMs: this.market.elapsedMs, ...top, mid: this.market.mid() };
    changes.push(this.last);
  }
}
