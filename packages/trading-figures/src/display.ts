import { FigureAmount, FigureInputError, displayAmount } from './figure-amount';
import { toFixedPlaces } from './exact';

/** How many decimals each kind of figure is shown with (terminal panel, report text). */
export interface DisplayDecimals {
  /** Prices: the tick's decimals, at least cents ($0.50 tick → 2). */
  readonly price: number;
  /** Base quantities: the lot's decimals (0.0001 BTC → 4). */
  readonly quantity: number;
  /** Money (PnL, fees, quote balance): cents. */
  readonly money: number;
}

/**
 * Decimal places of a step such as a tick or lot size ('0.5' → 1, '0.0001' → 4, '1' → 0); throws a
 * FigureInputError for a step that is not a figure.
 */
export function decimalsOf(step: string): number {
  const amount = displayAmount(step);
  if (amount === undefined || typeof step !== 'string') {
    throw new FigureInputError('step', `not a representable decimal string: ${JSON.stringify(step)}`);
  }
  return amount.scale;
}

/** Display decimals for an instrument with this tick and lot size. */
export function displayDecimals(instrument: { tickSize: string; lotSize: string }): DisplayDecimals {
  return {
    price: Math.max(2, decimalsOf(instrument.tickSize)),
    quantity: decimalsOf(instrument.lotSize),
    money: 2,
  };
}

/** Most decimals a figure is shown with. */
const MAX_DISPLAY_DECIMALS = 100;

/**
 * A figure rounded for display to `decimals` places, ties to even, exactly (from its decimal string); '-' when it
 * is unknown (null, undefined, not a number) or not representable (more than 22 decimals, 18 integer digits or
 * more). A number input (a ratio from /status) is taken at its shortest decimal form.
 */
export function formatFigure(value: string | number | null | undefined, decimals: number): string {
  checkDecimals(decimals);
  const amount = displayAmount(value);
  return amount === undefined ? '-' : shown(amount, decimals);
}

/** A ratio (0.2134) as a percentage with `decimals` places ('21.3%'); '-' when unknown. */
export function formatPercent(ratio: string | number | null | undefined, decimals = 1): string {
  checkDecimals(decimals);
  const amount = displayAmount(ratio);
  if (amount === undefined) return '-';
  // × 100 is exact: two places fewer (or two zeros more at scale < 2).
  const percent =
    amount.scale >= 2
      ? new FigureAmount(amount.units, amount.scale - 2)
      : new FigureAmount(amount.units * (amount.scale === 1 ? 10n : 100n), 0);
  return `${shown(percent, decimals)}%`;
}

function checkDecimals(decimals: number): void {
  if (!(Number.isInteger(decimals) && decimals >= 0 && decimals <= MAX_DISPLAY_DECIMALS)) {
    throw new RangeError(`decimals must be an integer in 0..${MAX_DISPLAY_DECIMALS}, got ${decimals}`);
  }
}

function shown(amount: FigureAmount, decimals: number): string {
  const text = toFixedPlaces(amount, decimals);
  // -0.00 reads as a loss that is not there.
  return text.charCodeAt(0) === 45 && /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}
