/**
 * The names GET /status promises (README, dashboard, operators' scripts) and the JSON type of each. Everything else in
 * the document may grow; these stay. `fixSession` is the FIX session block's older name, kept as an alias of `fix`.
 */
export const PROMISED_STATUS_FIELDS = {
  mode: 'string',
  /** Fair value (decimal string), null before the first reference price. */
  fairPrice: 'string|null',
  openOrders: 'number',
  /** Net base position, decimal string. */
  position: 'string',
  realizedPnl: 'string',
  unrealizedPnl: 'string',
  tradingState: 'string',
  feed: 'object',
  fix: 'object',
  fixSession: 'object',
} as const;

export type PromisedStatusField = keyof typeof PROMISED_STATUS_FIELDS;

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** What a status document breaks of the promise: one line per missing or mistyped name (empty when it keeps it). */
export function statusContractProblems(status: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, type] of Object.entries(PROMISED_STATUS_FIELDS)) {
    const actual = jsonType(status[name]);
    if (!type.split('|').includes(actual)) problems.push(`${name}: expected ${type}, got ${actual}`);
  }
  return problems;
}
