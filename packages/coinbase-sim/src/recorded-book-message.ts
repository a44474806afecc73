/** Validation of recorded level2 messages, shared by the WebSocket replay and the in-process RecordingMarket. */

export type RecordedLevel = readonly [price: string, size: string];
export type RecordedChange = readonly [side: 'buy' | 'sell', price: string, size: string];

function isLevels(value: unknown): value is RecordedLevel[] {
  return (
    Array.isArray(value) && value.every((l) => Array.isArray(l) && typeof l[0] === 'string' && typeof l[1] === 'string')
  );
}

/** A `snapshot`'s levels; throws on a snapshot without string [price, size] pairs. */
export function snapshotLevels(m: Readonly<Record<string, unknown>>): {
  bids: RecordedLevel[];
  asks: RecordedLevel[];
} {
  const bids = m['bids'];
  const asks = m['asks'];
  if (!isLevels(bids) || !isLevels(asks)) throw new Error('snapshot without bids/asks');
  return { bids, asks };
}

/** An `l2update`'s changes; throws on a missing list or a malformed change. */
export function l2updateChanges(m: Readonly<Record<string, unknown>>): RecordedChange[] {
  const changes = m['changes'];
  if (!Array.isArray(changes)) throw new Error('l2update without changes');
  for (const c of changes as unknown[]) {
    if (
      !Array.isArray(c) ||
      (c[0] !== 'buy' && c[0] !== 'sell') ||
      typeof c[1] !== 'string' ||
      typeof c[2] !== 'string'
    ) {
      throw new Error('malformed l2update change');
    }
  }
  return changes as RecordedChange[];
}
