import { Decimal } from 'decimal.js';
import { isMultipleOf, type InstrumentIncrements } from './increments';
import type { VenueSide } from './venue-order';

/**
 * Reject texts. The first group is TrueX's own wording, seen on the wire or quoted by TrueX (README §3.6, §4.6);
 * the rest are the simulator's wording for rules whose real text is not known.
 */
export const RejectText = {
  invalidClOrdId: 'Invalid ClOrdID',
  invalidClient: 'Invalid client',
  outsidePriceBands: 'Order outside book price bands',
  openOrderLimit: 'Open order limit exceeded',
  iocExpired: 'Order parameter request',
  authenticationFailed: 'Authentication failed',
  alreadyAuthenticated: 'Already authenticated cannot logon again',
  goodbye: 'goodbye',
  // Inferred wording from here on.
  unknownOrder: 'Unknown order',
  duplicateClOrdId: 'Duplicate ClOrdID',
  invalidSymbol: 'Invalid symbol',
  invalidSide: 'Invalid side',
  invalidOrdType: 'Invalid order type',
  invalidTimeInForce: 'Invalid time in force',
  invalidQuantity: 'Invalid quantity',
  invalidQuantityIncrement: 'Invalid quantity increment',
  invalidPrice: 'Invalid price',
  invalidPriceIncrement: 'Invalid price increment',
  belowMinNotional: 'Order below minimum notional',
  postOnlyWouldCross: 'Post only order would cross',
  noReferencePrice: 'No reference price',
  throttled: 'Throttle limit exceeded',
  insufficientBalance: 'Insufficient balance',
  cancelOnDisconnect: 'Cancel on disconnect',
} as const;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** TrueX: "if it is not a uuid, then it has to be <=18 chars in length". */
export function isValidClOrdId(clOrdId: string | undefined): clOrdId is string {
  if (!clOrdId) return false;
  return clOrdId.length <= 18 || UUID.test(clOrdId);
}

/** The first PartyID with role 3 (client id) that the API key may trade for, if any. */
export function authorisedClientId(
  parties: ReadonlyArray<{ partyId?: string; partyRole?: string }>,
  allowed: ReadonlySet<string>,
): string | undefined {
  for (const p of parties) {
    if (p.partyRole === '3' && p.partyId !== undefined && allowed.has(p.partyId)) return p.partyId;
  }
  return undefined;
}

/** Parses a strictly positive plain decimal ("0.001", "113406.5"); undefined for anything else. */
export function parsePositiveDecimal(text: string | undefined): Decimal | undefined {
  if (text === undefined || !/^\d+(\.\d+)?$|^\.\d+$/.test(text)) return undefined;
  const value = new Decimal(text);
  return value.gt(0) ? value : undefined;
}

/**
 * Quantity and price against the instrument's increments and minimum notional; returns the reject text or
 * undefined. `notionalPrice` is the limit price, or the reference price for a market order.
 */
export function checkIncrements(
  qty: Decimal,
  limitPrice: Decimal | undefined,
  notionalPrice: Decimal | undefined,
  increments: InstrumentIncrements,
): string | undefined {
  if (!isMultipleOf(qty, increments.lotSize)) return RejectText.invalidQuantityIncrement;
  if (limitPrice && !isMultipleOf(limitPrice, increments.tickSize)) return RejectText.invalidPriceIncrement;
  if (notionalPrice && qty.mul(notionalPrice).lt(increments.minNotional)) return RejectText.belowMinNotional;
  return undefined;
}

/** |price − reference| > bandPct % of the reference. */
export function isOutsidePriceBand(price: Decimal, reference: Decimal, bandPct: number): boolean {
  return price.minus(reference).abs().gt(reference.mul(bandPct).div(100));
}

/** Whether a limit order would take liquidity at `against` (the reference price or the best opposite order). */
export function isMarketable(side: VenueSide, price: Decimal, against: Decimal): boolean {
  return side === '1' ? price.gte(against) : price.lte(against);
}
