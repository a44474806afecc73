import { ExecIdWindow } from '@truex-mm/order-adapter';
import type { Decimal } from 'decimal.js';
import { RiskDecimal, formatDecimal, parseDecimal } from './decimal';
import { RiskInputError } from './risk-error';

/** One execution as the ledger needs it (a subset of the order adapter's Fill). */
export interface LedgerFill {
  execId: string;
  side: 'buy' | 'sell';
  /** LastQty (32), base asset. */
  quantity: string;
  /** LastPx (31), quote per base. */
  price: string;
  /** Fee in the quote asset (137); positive is a cost, negative a rebate. Ignored when `fees` is given. */
  fee?: string;
  /**
   * Every fee entry with its currency (137 amount, 138 currency; no currency = the quote currency), as the order
   * adapter's Fill carries them. When present it replaces `fee`.
   */
  fees?: ReadonlyArray<{ amount: string; currency?: string }>;
}

export interface PositionLedgerOptions {
  /** Fees in this currency count in PnL and the quote balance; others are only reported. Default 'PYUSD'. */
  quoteCurrency?: string;
  /**
   * Duplicate ExecIDs are recognised among at least the last this-many fills (at most twice as many are held).
   * Older ones are not remembered: the database (UNIQUE(run_id, exec_id)) is the record for those. Default 10 000.
   */
  execIdWindow?: number;
}

export interface PositionSnapshot {
  /** Net base-asset position (negative = short), including the opening balance. */
  base: string;
  /** Quote-asset balance: opening balance − buys + sells − fees. */
  quote: string;
  /** Average entry price of the open position; absent when flat. */
  averageEntryPrice?: string;
  /** PnL of closed quantity against the average entry price, before fees. */
  realizedPnl: string;
  /** base × (mark − averageEntryPrice); 0 without a mark. */
  unrealizedPnl: string;
  /** Sum of fees paid in the quote currency (negative if rebates dominate). */
  fees: string;
  /** Fees by currency, the quote currency included (its entry equals `fees`); not converted, not in PnL. */
  feesByCurrency: Record<string, string>;
  /** realizedPnl + unrealizedPnl − fees. */
  netPnl: string;
}

export interface OpeningBalance {
  base?: string;
  quote?: string;
  /** Required when base is not zero. */
  averageEntryPrice?: string;
}

const ZERO = new RiskDecimal(0);

/**
 * Positions and PnL from fills, average-cost method, in decimal arithmetic. Every figure is a function of the fill
 * sequence alone, so a replay of the stored fills reproduces it exactly. A fill that crosses zero first closes the
 * whole position at the old average (realizing PnL), then opens the remainder at the fill price.
 */
export class PositionLedger {
  private base: Decimal;
  private quote: Decimal;
  private averageEntry: Decimal | undefined;
  private realized: Decimal = ZERO;
  private feesPaid: Decimal = ZERO;
  private readonly otherFees = new Map<string, Decimal>();
  private readonly quoteCurrency: string;
  private readonly seenExecIds: ExecIdWindow;
  private duplicates = 0;

  constructor(opening: OpeningBalance = {}, options: PositionLedgerOptions = {}) {
    this.quoteCurrency = options.quoteCurrency ?? 'PYUSD';
    const window = options.execIdWindow ?? 10_000;
    if (!Number.isInteger(window) || window < 1) {
      throw new RiskInputError('execIdWindow', `must be an integer >= 1, got ${window}`);
    }
    // Count-based, clock-free: the ledger stays a function of the fill sequence alone.
    this.seenExecIds = new ExecIdWindow({ generationSize: window });
    this.base = requireDecimal('opening.base', opening.base ?? '0');
    this.quote = requireDecimal('opening.quote', opening.quote ?? '0');
    if (!this.base.isZero()) {
      if (opening.averageEntryPrice === undefined) {
        throw new RiskInputError('opening.averageEntryPrice', 'required when the opening base balance is not zero');
      }
      this.averageEntry = requirePositive('opening.averageEntryPrice', opening.averageEntryPrice);
    }
  }

  /** Applies a fill; returns false (and changes nothing) if its execId was seen before. Throws on malformed input. */
  applyFill(fill: LedgerFill): boolean {
    if (this.seenExecIds.has(fill.execId)) {
      this.duplicates++;
      return false;
    }
    const quantity = requirePositive('fill.quantity', fill.quantity);
    const price = requirePositive('fill.price', fill.price);
    const { fee, others } = this.feesOf(fill);
    if (fill.side !== 'buy' && fill.side !== 'sell') throw new RiskInputError('fill.side', `unknown side ${fill.side}`);
    this.seenExecIds.add(fill.execId);
    for (const [currency, amount] of others) {
      this.otherFees.set(currency, (this.otherFees.get(currency) ?? ZERO).plus(amount));
    }

    // Signed quantity: + for buys. Cash moves the opposite way.
    const signed = fill.side === 'buy' ? quantity : quantity.negated();
    this.quote = this.quote.minus(signed.times(price)).minus(fee);
    this.feesPaid = this.feesPaid.plus(fee);

    const opening = this.base.isZero() || this.base.isNegative() === signed.isNegative();
    if (opening) {
      const total = this.base.plus(signed);
      const previousCost = this.averageEntry ? this.averageEntry.times(this.base.abs()) : ZERO;
      this.averageEntry = previousCost.plus(price.times(quantity)).dividedBy(total.abs());
      this.base = total;
      return true;
    }
    // Reducing (and possibly flipping): close up to the whole position at the average entry.
    const entry = this.averageEntry ?? price;
    const closing = RiskDecimal.min(quantity, this.base.abs());
    // Long closed by a sell gains (price − entry); short closed by a buy gains (entry − price).
    const perUnit = this.base.isNegative() ? entry.minus(price) : price.minus(entry);
    this.realized = this.realized.plus(perUnit.times(closing));
    this.base = this.base.plus(signed);
    if (this.base.isZero()) this.averageEntry = undefined;
    else if (quantity.greaterThan(closing)) this.averageEntry = price;
    return true;
  }

  /** Figures as decimal strings (rounded to 12 places), unrealized PnL marked to `markPrice` when given. */
  snapshot(markPrice?: string): PositionSnapshot {
    const mark = markPrice === undefined ? undefined : requirePositive('markPrice', markPrice);
    const unrealized = this.unrealizedAt(mark);
    const snapshot: PositionSnapshot = {
      base: formatDecimal(this.base),
      quote: formatDecimal(this.quote),
      realizedPnl: formatDecimal(this.realized),
      unrealizedPnl: formatDecimal(unrealized),
      fees: formatDecimal(this.feesPaid),
      netPnl: formatDecimal(this.realized.plus(unrealized).minus(this.feesPaid)),
      feesByCurrency: this.feesByCurrency(),
    };
    if (this.averageEntry) snapshot.averageEntryPrice = formatDecimal(this.averageEntry);
    return snapshot;
  }

  /** Fees by currency (quote currency included), as in the snapshot. */
  feesByCurrency(): Record<string, string> {
    const byCurrency: Record<string, string> = { [this.quoteCurrency]: formatDecimal(this.feesPaid) };
    for (const [currency, amount] of this.otherFees) byCurrency[currency] = formatDecimal(amount);
    return byCurrency;
  }

  /** Net position in the base asset, as a Decimal (used by the risk gate without a string round trip). */
  basePosition(): Decimal {
    return this.base;
  }

  /** realized + unrealized − fees at `mark` (undefined mark: unrealized counted as 0). */
  netPnl(mark?: Decimal): Decimal {
    return this.realized.plus(this.unrealizedAt(mark)).minus(this.feesPaid);
  }

  /** Fills ignored because their execId had been applied already. */
  get duplicateFills(): number {
    return this.duplicates;
  }

  /** The fill's quote-currency fee and its fees in other currencies, validated before anything is applied. */
  private feesOf(fill: LedgerFill): { fee: Decimal; others: Array<[string, Decimal]> } {
    if (fill.fees === undefined) {
      return {
        fee: fill.fee === undefined || fill.fee === '' ? ZERO : requireDecimal('fill.fee', fill.fee),
        others: [],
      };
    }
    let fee = ZERO;
    const others: Array<[string, Decimal]> = [];
    for (const entry of fill.fees) {
      const amount = requireDecimal('fill.fees.amount', entry.amount);
      if (entry.currency === undefined || entry.currency === '' || entry.currency === this.quoteCurrency) {
        fee = fee.plus(amount);
      } else {
        others.push([entry.currency, amount]);
      }
    }
    return { fee, others };
  }

  private unrealizedAt(mark: Decimal | undefined): Decimal {
    if (!mark || !this.averageEntry || this.base.isZero()) return ZERO;
    return this.base.times(mark.minus(this.averageEntry));
  }
}

function requireDecimal(field: string, text: string): Decimal {
  const value = typeof text === 'string' ? parseDecimal(text) : undefined;
  if (!value) throw new RiskInputError(field, `not a decimal string: ${JSON.stringify(text)}`);
  return value;
}

function requirePositive(field: string, text: string): Decimal {
  const value = requireDecimal(field, text);
  if (!value.greaterThan(0)) throw new RiskInputError(field, `must be > 0, got ${text}`);
  return value;
}
