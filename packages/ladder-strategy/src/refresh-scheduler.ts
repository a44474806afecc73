import type { LiveOrder, OrderAction } from './order-action';
import { ActionReason } from './order-action';
import type { RefreshPolicy } from './refresh-policy';

export interface RefreshSchedulerOptions {
  policy: RefreshPolicy;
  /** Outbound message budget (e.g. RiskGate.messageBudget().ratePerSec); each action costs one message. */
  messagesPerSecond: number;
  /** Share of the budget that lifetime refreshes may plan to use; the rest is headroom for reprices (default 0.8). */
  refreshShare?: number;
  /** Most actions released at once (default: 200 ms of budget, at least 1), so refreshes trickle, never burst. */
  maxBurst?: number;
  /** Sides quoted (default 2). */
  sides?: number;
  /** Start time for the token bucket (default 0: the first select starts with a full, small burst). */
  nowMs?: number;
}

/** What /status shows about refresh pacing. */
export interface RefreshStatus {
  budgetPerSec: number;
  refreshBudgetPerSec: number;
  /** Lifetime replaces per second the unstretched policy would need. */
  refreshDemandPerSec: number;
  /** demand / refresh budget when above 1, else 1. */
  stretchFactor: number;
  /** Lifetime multiplier per level, inner first. */
  levelStretch: number[];
  /** 1-based levels whose lifetimes are stretched. */
  stretchedLevels: number[];
  reason: string;
  /** Actions held back by the last select (they reappear in the next reconcile). */
  deferred: number;
  sentTotal: number;
  deferredTotal: number;
}

/**
 * Send order, lower first: cancels are never starved; then every order that must move or exist (reprices, missing
 * slots, resizes) inner levels first, so a short budget never leaves the inside of the ladder empty or stale while
 * outer levels are repriced; routine lifetime refreshes come last.
 */
function priorityClass(a: OrderAction): number {
  if (a.kind === 'cancel') return 0;
  if (a.reason === ActionReason.Expired) return 2;
  return 1;
}

/** Within a level of the middle class: reprice, then new, then resize. */
function kindRank(a: OrderAction): number {
  if (a.kind === 'new') return 1;
  if (a.reason === ActionReason.Reprice) return 0;
  return 2;
}

const MAX_STRETCH_FACTOR = 100;

/**
 * Paces reconciler actions to the message budget and stretches order lifetimes when the budget is short.
 *
 * Pacing is a token bucket refilled at `messagesPerSecond` with a small burst, so 50 due replaces go out a few
 * at a time spread across the second instead of all at once. Within one select, actions go out by priority:
 * cancels; then reprices, news and resizes, inner levels first; then expiry refreshes, inner levels first and
 * longest overdue first — so when tokens run out it is the outer levels that wait.
 *
 * Stretching: demand = policy.refreshRatePerSec() unstretched (12.5/s for 50 orders at 3–5 s). When demand
 * exceeds budget × refreshShare, the policy is stretched by demand / (budget × share), outer levels first, so
 * new lifetimes fit the budget in steady state.
 */
export class RefreshScheduler {
  private readonly policy: RefreshPolicy;
  private readonly refreshShare: number;
  private readonly sides: number;
  private readonly fixedBurst: number | undefined;
  private budget = 0;
  private burst = 1;
  private tokens = 0;
  private lastMs: number;
  private lastDeferred = 0;
  private sentTotal = 0;
  private deferredTotal = 0;

  constructor(o: RefreshSchedulerOptions) {
    this.policy = o.policy;
    this.refreshShare = o.refreshShare ?? 0.8;
    if (!(this.refreshShare > 0 && this.refreshShare <= 1))
      throw new RangeError(`refreshShare must be in (0, 1], got ${this.refreshShare}`);
    if (o.maxBurst !== undefined && !(Number.isInteger(o.maxBurst) && o.maxBurst >= 1)) {
      throw new RangeError(`maxBurst must be an integer ≥ 1, got ${o.maxBurst}`);
    }
    this.fixedBurst = o.maxBurst;
    this.sides = o.sides ?? 2;
    this.lastMs = o.nowMs ?? 0;
    this.setBudget(o.messagesPerSecond);
    this.tokens = this.burst;
  }

  /** Applies a new message budget (e.g. after risk cut the rate) and re-stretches the policy. */
  setBudget(messagesPerSecond: number): void {
    if (!Number.isFinite(messagesPerSecond) || messagesPerSecond < 0) {
      throw new RangeError(`messagesPerSecond must be a non-negative number, got ${messagesPerSecond}`);
    }
    this.budget = messagesPerSecond;
    this.burst = this.fixedBurst ?? Math.max(1, Math.floor(messagesPerSecond * 0.2));
    this.tokens = Math.min(this.tokens, this.burst);
    this.policy.stretch(this.requiredStretch(), true);
  }

  /**
   * The actions to send now, in send order; the rest are deferred (the next reconcile re-derives them).
   * Pass `live` so expiry refreshes go longest-overdue first.
   */
  select(actions: readonly OrderAction[], nowMs: number, live?: readonly LiveOrder[]): OrderAction[] {
    this.refill(nowMs);
    const expiry = new Map<string, number>();
    for (const o of live ?? []) expiry.set(o.clOrdId, o.expiresAtMs);
    const ordered = actions
      .map((action, index) => ({ action, index }))
      .sort((a, b) => {
        const pa = priorityClass(a.action);
        const pb = priorityClass(b.action);
        if (pa !== pb) return pa - pb;
        const la = a.action.kind === 'cancel' ? 0 : a.action.target.level;
        const lb = b.action.kind === 'cancel' ? 0 : b.action.target.level;
        if (la !== lb) return la - lb;
        const ka = kindRank(a.action);
        const kb = kindRank(b.action);
        if (ka !== kb) return ka - kb;
        const ea =
          a.action.kind === 'cancel' ? 0 : (expiry.get(a.action.kind === 'replace' ? a.action.clOrdId : '') ?? 0);
        const eb =
          b.action.kind === 'cancel' ? 0 : (expiry.get(b.action.kind === 'replace' ? b.action.clOrdId : '') ?? 0);
        return ea - eb || a.index - b.index;
      });
    const n = Math.min(ordered.length, Math.floor(this.tokens));
    this.tokens -= n;
    this.sentTotal += n;
    this.lastDeferred = ordered.length - n;
    this.deferredTotal += this.lastDeferred;
    return ordered.slice(0, n).map((e) => e.action);
  }

  status(): RefreshStatus {
    const levelStretch = this.policy.levelStretches();
    const factor = this.policy.stretchFactor();
    const demand = this.demandPerSec();
    const refreshBudget = this.budget * this.refreshShare;
    const stretchedLevels = levelStretch.flatMap((k, i) => (k > 1 ? [i + 1] : []));
    const reason =
      factor === 1
        ? `budget ok: refresh needs ${round(demand)} msg/s of ${round(refreshBudget)} msg/s`
        : this.budget === 0
          ? 'no message budget: lifetimes stretched to the maximum'
          : `budget short: refresh needs ${round(demand)} msg/s, budget ${round(this.budget)} msg/s × ${this.refreshShare} = ${round(refreshBudget)} msg/s; stretching levels ${stretchedLevels.join(', ')}`;
    return {
      budgetPerSec: this.budget,
      refreshBudgetPerSec: refreshBudget,
      refreshDemandPerSec: demand,
      stretchFactor: factor,
      levelStretch,
      stretchedLevels,
      reason,
      deferred: this.lastDeferred,
      sentTotal: this.sentTotal,
      deferredTotal: this.deferredTotal,
    };
  }

  private demandPerSec(): number {
    const mean = this.policy.meanLifetimeMs() / 1000;
    return this.sides * this.policy.ordersPerLevel.reduce((sum, n) => sum + n / mean, 0);
  }

  private requiredStretch(): number {
    const available = this.budget * this.refreshShare;
    if (available <= 0) return MAX_STRETCH_FACTOR;
    return Math.min(MAX_STRETCH_FACTOR, Math.max(1, this.demandPerSec() / available));
  }

  private refill(nowMs: number): void {
    if (nowMs > this.lastMs) {
      this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.lastMs) * this.budget) / 1000);
      this.lastMs = nowMs;
    }
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
