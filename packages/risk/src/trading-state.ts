/**
 * ACTIVE: everything the limits allow. REDUCING: only orders that bring the position toward zero without crossing it.
 * HALTED: nothing but cancels (the kill switch's state).
 */
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';
