// Times for display. Figures (prices, quantities, money, ratios) arrive already rounded by the server, which uses
// @truex-mm/trading-figures, the one definition of each figure and of its display rounding.

/** Integer milliseconds as "1.2 s" / "340 ms". */
export function duration(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '-';
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Epoch milliseconds as the UTC time of day, "14:03:27". */
export function clockTime(ms) {
  return new Date(ms).toISOString().slice(11, 19);
}
