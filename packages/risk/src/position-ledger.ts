import { ExecIdWindow } from '@truex-mm/order-adapter';
import { LEDGER_SCALE, formatReported, ledgerMul, ledgerDiv, parseLedgerAmount } from './ledger-amount';
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

/**
 * Positions and PnL from fills, average-cost method, in exact fixed-point arithmetic (`@truex-mm/fixed-point`
 * bigints at 10^−36, see ledger-amount.ts). Every figure is a function of the fill sequence alone, so a replay of the
 * stored fills reproduces it exactly. A fill that crosses zero first closes the whole position at the old average
 * (realizing PnL), then opens the remainder at the fill price. Only the average entry price (a division) and products
 * with more than 36 decimals between them are rounded, half-even at 10^−36: far below the 12 places reported.
 */
export class PositionLedger {
  private base: bigint;
  private quote: bigint;
  private averageEntry: bigint | undefined;
  private realized = 0n;
  private feesPaid = 0n;
  private readonly otherFees = new Map<string, bigint>();
  private readonly quoteCurrency: string;
  private readonly seenExecIds: ExecIdWindow;
  private duplicates = 0;
  /** The base position as exact decimal text, rebuilt only when a fill changes it. */
  private baseText: string;
  private markText: string | undefined;
  private markUnits = 0n;

  constructor(opening: OpeningBalance = {}, options: PositionLedgerOptions = {}) {
    this.quoteCurrency = options.quoteCurrency ?? 'PYUSD';
    const window = options.execIdWindow ?? 10_000;
    if (!Number.isInteger(window) || window < 1) {
      throw new RiskInputError('execIdWindow', `must be an integer >= 1, got ${window}`);
    }
    // Count-based, clock-free: the ledger stays a function of the fill sequence alone.
    this.seenExecIds = new ExecIdWindow({ generationSize: window });
    this.base = parseLedgerAmount('opening.base', opening.base ?? '0');
    this.quote = parseLedgerAmount('opening.quote', opening.quote ?? '0');
    if (this.base !== 0n) {
      if (opening.averageEntryPrice === undefined) {
        throw new RiskInputError('opening.averageEntryPrice', 'required when the opening base balance is not zero');
      }
      this.averageEntry = parseLedgerAmount('opening.averageEntryPrice', opening.averageEntryPrice, true);
    }
    this.baseText = formatReported(this.base, LEDGER_SCALE);
  }

  /** Applies a fill; returns false (and changes nothing) if its execId was seen before. Throws on malformed input. */
  applyFill(fill: LedgerFill): boolean {
    if (this.seenExecIds.has(fill.execId)) {
      this.duplicates++;
      return false;
    }
    const quantity = parseLedgerAmount('fill.quantity', fill.quantity, true);
    const price = parseLedgerAmount('fill.price', fill.price, true);
    const { fee, others } = this.feesOf(fill);
    if (fill.side !== 'buy' && fill.side !== 'sell') throw new RiskInputError('fill.side', `unknown side ${fill.side}`);
    this.seenExecIds.add(fill.execId);
    for (const [currency, amount] of others) {
      this.otherFees.set(currency, (this.otherFees.get(currency) ?? 0n) + amount);
    }

    // Signed quantity: + for buys. Cash moves the opposite way.
    const signed = fill.side === 'buy' ? quantity : -quantity;
    this.quote = this.quote - ledgerMul(signed, price) - fee;
    this.feesPaid += fee;

    const opening = this.base === 0n || this.base < 0n === signed < 0n;
    if (opening) {
      const total = this.base + signed;
      const previousCost = this.averageEntry === undefined ? 0n : ledgerMul(this.averageEntry, abs(this.base));
      this.averageEntry = ledgerDiv(previousCost + ledgerMul(price, quantity), abs(total));
      this.setBase(total);
      return true;
    }
    // Reducing (and possibly flipping): close up to the whole position at the average entry.
    const entry = this.averageEntry ?? price;
    const held = abs(this.base);
    const closing = quantity < held ? quantity : held;
    // Long closed by a sell gains (price − entry); short closed by a buy gains (entry − price).
    const perUnit = this.base < 0n ? entry - price : price - entry;
    this.realized += ledgerMul(perUnit, closing);
    this.setBase(this.base + signed);
    if (this.base === 0n) this.averageEntry = undefined;
    else if (quantity > closing) this.averageEntry = price;
    return true;
  }

  /** Figures as decimal strings (rounded to 12 places), unrealized PnL marked to `markPrice` when given. */
  snapshot(markPrice?: string): PositionSnapshot {
    const mark = markPrice === undefined ? undefined : parseLedgerAmount('markPrice', markPrice, true);
    const unrealized = this.unrealizedAt(mark);
    const snapshot: PositionSnapshot = {
      base: formatReported(this.base),
      quote: formatReported(this.quote),
      realizedPnl: formatReported(this.realized),
      unrealizedPnl: formatReported(unrealized),
      fees: formatReported(this.feesPaid),
      netPnl: formatReported(this.realized + unrealized - this.feesPaid),
      feesByCurrency: this.feesByCurrency(),
    };
    if (this.averageEntry !== undefined) snapshot.averageEntryPrice = formatReported(this.averageEntry);
    return snapshot;
  }

  /** Fees by currency (quote currency included), as in the snapshot. */
  feesByCurrency(): Record<string, string> {
    const byCurrency: Record<string, string> = { [this.quoteCurrency]: formatReported(this.feesPaid) };
    for (const [currency, amount] of this.otherFees) byCurrency[currency] = formatReported(amount);
    return byCurrency;
  }

  /**
   * Net position in the base asset as exact plain decimal text ("0.75", "-0.25", "0"); the same string object until
   * a fill changes it, so a caller can cache what it parsed from it (the risk gate does).
   */
  basePosition(): string {
    return this.baseText;
  }

  /**
   * realized + unrealized − fees at `markPrice` (undefined: unrealized counted as 0), as an exact count of
   * 10^−{@link LEDGER_SCALE}. The last mark's parse is cached (the gate marks on every fair-value update).
   */
  netPnlUnits(markPrice?: string): bigint {
    let mark: bigint | undefined;
    if (markPrice !== undefined) {
      if (markPrice !== this.markText) {
        this.markUnits = parseLedgerAmount('markPrice', markPrice, true);
        this.markText = markPrice;
      }
      mark = this.markUnits;
    }
    return this.realized + this.unrealizedAt(mark) - this.feesPaid;
  }

  /** Fills ignored because their execId had been applied already. */
  get duplicateFills(): number {
    return this.duplicates;
  }

  private setBase(base: bigint): void {
    this.base = base;
    this.baseText = formatReported(base, LEDGER_SCALE);
  }

  /** The fill's quote-currency fee and its fees in other currencies, validated before anything is applied. */
  private feesOf(fill: LedgerFill): { fee: bigint; others: Array<[string, bigint]> } {
    if (fill.fees === undefined) {
      return {
        fee: fill.fee === undefined || fill.fee === '' ? 0n : parseLedgerAmount('fill.fee', fill.fee),
        others: [],
      };
    }
    let fee = 0n;
    const others: Array<[string, bigint]> = [];
    for (const entry of fill.fees) {
      const amount = parseLedgerAmount('fill.fees.amount', entry.amount);
      if (entry.currency === undefined || entry.currency === '' || entry.currency === this.quoteCurrency) {
        fee += amount;
      } else {
        others.push([entry.currency, amount]);
      }
    }
    return { fee, others };
  }

  private unrealizedAt(mark: bigint | undefined): bigint {
    if (mark === undefined || this.averageEntry === undefined || this.base === 0n) return 0n;
    return ledgerMul(this.base, mark - this.averageEntry);
  }
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}
