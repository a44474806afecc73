import { FixedPointError, Rounding, divRoundBig, formatUnitsBig, parseUnitsBig, pow10Big } from '@truex-mm/fixed-point';
import { RiskInputError } from './risk-error';

/**
 * Money and quantities of the position ledger: exact bigint counts of 10^−36 (`@truex-mm/fixed-point`). A fill's
 * figures are plain decimals with at most 36 decimals; sums are exact, products are exact while the two factors have
 * at most 36 decimals between them (always, for TrueX prices and lots) and rounded half-even at 10^−36 otherwise.
 */
export const LEDGER_SCALE = 36;
const ONE = pow10Big(LEDGER_SCALE);

/** Decimal places of the figures a snapshot reports (exact figures are usually far shorter). */
export const REPORTED_DECIMAL_PLACES = 12;
const REPORT_STEP = pow10Big(LEDGER_SCALE - REPORTED_DECIMAL_PLACES);

/** A signed plain decimal as ledger units; RiskInputError naming `field` for anything else (or ≤ 0 if `positive`). */
export function parseLedgerAmount(field: string, text: string, positive = false): bigint {
  let units: bigint;
  try {
    units = parseUnitsBig(text, LEDGER_SCALE, true);
  } catch (error) {
    if (!(error instanceof FixedPointError)) throw error;
    const why = error.code === 'TOO_MANY_DECIMALS' ? ` (more than ${LEDGER_SCALE} decimals)` : '';
    throw new RiskInputError(field, `not a decimal string${why}: ${JSON.stringify(text)}`);
  }
  if (positive && units <= 0n) throw new RiskInputError(field, `must be > 0, got ${text}`);
  return units;
}

/** a × b in ledger units (rounded half-even at 10^−36 only when the exact product has more decimals). */
export function ledgerMul(a: bigint, b: bigint): bigint {
  return divRoundBig(a * b, ONE, Rounding.HALF_EVEN);
}

/** a ÷ b in ledger units, rounded half-even at 10^−36 (b ≠ 0). */
export function ledgerDiv(a: bigint, b: bigint): bigint {
  return divRoundBig(a * ONE, b, Rounding.HALF_EVEN);
}

/**
 * Ledger units as reported text: rounded half-even to 12 places, trailing zeros trimmed, "0" for zero. With
 * `places` = LEDGER_SCALE the exact text instead (the base position the risk gate reads).
 */
export function formatReported(units: bigint, places = REPORTED_DECIMAL_PLACES): string {
  if (places === LEDGER_SCALE) return formatUnitsBig(units, LEDGER_SCALE);
  return formatUnitsBig(divRoundBig(units, REPORT_STEP, Rounding.HALF_EVEN), REPORTED_DECIMAL_PLACES);
}
