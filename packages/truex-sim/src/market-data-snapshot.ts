import { Decimal } from 'decimal.js';
import { formatUtcTimestampMicros, type FixBody, type FixField, type FixMessage } from '@truex-mm/fix-codec';

/** What TrueX puts in 273 for an empty side (README §5.6). */
const EPOCH_ENTRY_TIME = '19700101-00:00:00.000000000';

interface RestingLevelSource {
  side: '1' | '2';
  price: string;
  leavesQty: string;
}

/**
 * The reply to a 35=V: a 35=W snapshot of the resting orders aggregated by price (up to `depth` levels a side,
 * entries 269, 270, 271, 1023, 273 as captured), 35=Y for a bad request, nothing for an unsubscribe (263=2).
 * An empty side is one level-1 entry with price 0 and size 0, as TrueX sends it.
 */
export function marketDataReply(
  request: FixMessage,
  symbol: string,
  orders: ReadonlyArray<RestingLevelSource>,
  nowMs: number,
  depth = 10,
): { msgType: string; body: FixBody } | undefined {
  const mdReqId = request.get(262) ?? '';
  const subscription = request.get(263);
  const reject = (text: string) => ({
    msgType: 'Y',
    body: [
      [262, mdReqId || 'NONE'],
      [58, text],
    ] as FixBody,
  });
  if (subscription === '2') return undefined;
  if (subscription !== '0' && subscription !== '1') return reject('Invalid SubscriptionRequestType');
  const requested = request.group(146).map((e) => e.get(55));
  if (requested.length > 0 && !requested.includes(symbol)) return reject(`Unknown symbol ${requested.join(',')}`);

  const entryTime = `${formatUtcTimestampMicros(nowMs, 0)}000`;
  const entries: FixField[] = [];
  let count = 0;
  for (const side of ['1', '2'] as const) {
    const levels = aggregate(
      orders.filter((o) => o.side === side),
      side,
    ).slice(0, depth);
    const entryType = side === '1' ? '0' : '1';
    if (levels.length === 0) {
      entries.push([269, entryType], [270, '0'], [271, '0'], [1023, '1'], [273, EPOCH_ENTRY_TIME]);
      count++;
      continue;
    }
    levels.forEach(([price, size], i) => {
      entries.push([269, entryType], [270, price], [271, size], [1023, String(i + 1)], [273, entryTime]);
      count++;
    });
  }
  const body: FixField[] = [];
  if (mdReqId) body.push([262, mdReqId]);
  body.push([55, symbol], [167, 'CSPOT'], [268, String(count)], ...entries);
  return { msgType: 'W', body };
}

function aggregate(orders: ReadonlyArray<RestingLevelSource>, side: '1' | '2'): Array<[string, string]> {
  const bySize = new Map<string, Decimal>();
  for (const o of orders) {
    const key = new Decimal(o.price).toFixed();
    bySize.set(key, (bySize.get(key) ?? new Decimal(0)).plus(o.leavesQty));
  }
  return [...bySize.entries()]
    .sort(([a], [b]) => (side === '1' ? new Decimal(b).cmp(a) : new Decimal(a).cmp(b)))
    .map(([price, size]) => [price, size.toFixed()]);
}
