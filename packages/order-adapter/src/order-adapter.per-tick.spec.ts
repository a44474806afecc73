import { ManualClock } from '@truex-mm/clock';
import {
  type FixBody,
  type NewOrderSingle,
  type OrderCancelReplaceRequest,
  type OrderCancelRequest,
  Tag,
  buildNewOrderSingle,
  buildOrderCancelReplaceRequest,
  buildOrderCancelRequest,
} from '@truex-mm/fix-codec';
import { ClOrdIdGenerator } from './cl-ord-id-generator';
import type { FixSender } from './fix-sender';
import { OrderAdapter } from './order-adapter';
import { RecordingSender, executionReport } from './order-entry.test-util';
import type { TrackedOrder } from './tracked-order';

const PARTY = '12345678901234567';

/**
 * A sender with the typed methods: it builds the body from the message at once (as an encoder would write its
 * bytes) and records that, so a message object the adapter changed afterwards would show as a wrong body.
 */
class TypedSender implements FixSender {
  readonly sent: Array<{ msgType: string; body: FixBody }> = [];
  readonly objects = new Set<object>();
  bodiesSent = 0;
  private seq = 1;

  send(msgType: string, body: FixBody): number {
    this.bodiesSent++;
    this.sent.push({ msgType, body });
    return this.seq++;
  }
  sendNewOrderSingle(order: Readonly<NewOrderSingle>): number {
    this.objects.add(order);
    this.sent.push({ msgType: 'D', body: buildNewOrderSingle(order) });
    return this.seq++;
  }
  sendOrderCancelRequest(cancel: Readonly<OrderCancelRequest>): number {
    this.objects.add(cancel);
    this.sent.push({ msgType: 'F', body: buildOrderCancelRequest(cancel) });
    return this.seq++;
  }
  sendOrderCancelReplaceRequest(replace: Readonly<OrderCancelReplaceRequest>): number {
    this.objects.add(replace);
    this.sent.push({ msgType: 'G', body: buildOrderCancelReplaceRequest(replace) });
    return this.seq++;
  }
}

function adapterWith(sender: FixSender, copyOrderEvents?: boolean): OrderAdapter {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  return new OrderAdapter({
    partyId: PARTY,
    clock,
    sender,
    copyOrderEvents,
    clOrdIds: new ClOrdIdGenerator({ clock, prefix: 'T' }),
  });
}

/** New, ack, replace, cancel of the replacement, and a second new: every request type. */
function traffic(adapter: OrderAdapter): void {
  const a = adapter.placeOrder({ key: 'buy-1-1', side: 'buy', price: '100000', quantity: '0.01' })!;
  adapter.placeOrder({ key: 'sell-1-1', side: 'sell', price: '100010.5', quantity: '0.0012' });
  adapter.onMessage(executionReport({ clOrdId: a.clOrdId, orderId: '77', execType: '0', ordStatus: '0' }));
  const b = adapter.replaceOrder(a.clOrdId, { price: '99999.5', quantity: '0.02' })!;
  adapter.onMessage(
    executionReport({ clOrdId: b.clOrdId, origClOrdId: a.clOrdId, orderId: '77', execType: '5', ordStatus: '0' }),
  );
  adapter.cancelOrder(b.clOrdId);
}

/** A message with the run stamp taken out of its ClOrdIDs (two generators in one process get different stamps). */
function withoutRunStamp({ msgType, body }: { msgType: string; body: FixBody }): { msgType: string; body: FixBody } {
  const ids = new Set<number>([Tag.ClOrdID, Tag.OrigClOrdID]);
  return {
    msgType,
    body: body.map(([tag, value]) => [tag, ids.has(tag) ? value.slice(0, 1) + value.slice(9) : value]),
  };
}

describe('OrderAdapter on the per-tick path', () => {
  it('sends the same messages through a typed sender as through send(), from one reused object per type', () => {
    const recording = new RecordingSender();
    traffic(adapterWith(recording));
    const typed = new TypedSender();
    traffic(adapterWith(typed));
    expect(typed.bodiesSent).toBe(0);
    expect(typed.sent.map(withoutRunStamp)).toEqual(recording.sent.map(withoutRunStamp));
    expect(typed.sent.map((m) => m.msgType)).toEqual(['D', 'D', 'G', 'F']);
    // Two NewOrderSingles, one replace, one cancel: three message objects in all.
    expect(typed.objects.size).toBe(3);
  });

  it('liveOrdersView lists what liveOrders lists, in one array rebuilt only when the live orders change', () => {
    const adapter = adapterWith(new RecordingSender());
    const view = adapter.liveOrdersView();
    expect(view).toEqual([]);
    const a = adapter.placeOrder({ key: 'buy-1-1', side: 'buy', price: '100000', quantity: '0.01' })!;
    adapter.placeOrder({ key: 'sell-1-1', side: 'sell', price: '100010', quantity: '0.01' });
    expect(adapter.liveOrdersView()).toBe(view);
    expect([...adapter.liveOrdersView()]).toEqual([...adapter.liveOrders()]);
    adapter.onMessage(executionReport({ clOrdId: a.clOrdId, orderId: '77', execType: '0', ordStatus: '0' }));
    const b = adapter.replaceOrder(a.clOrdId, { price: '99999', quantity: '0.01' })!;
    expect(adapter.liveOrdersView().map((o) => o.clOrdId)).toEqual(adapter.liveOrders().map((o) => o.clOrdId));
    expect(adapter.liveOrdersView()).toContain(b);
    adapter.onMessage(executionReport({ clOrdId: b.clOrdId, orderId: '77', execType: '4', ordStatus: '4' }));
    expect(adapter.liveOrdersView()).toHaveLength(1);
    expect([...adapter.liveOrdersView()]).toEqual([...adapter.liveOrders()]);
    expect(adapter.liveOrdersView()).toBe(view);
  });

  it("hands 'order' listeners copies by default, and the adapter's own order with copyOrderEvents: false", () => {
    for (const copy of [undefined, false]) {
      const adapter = adapterWith(new RecordingSender(), copy);
      const seen: TrackedOrder[] = [];
      adapter.on('order', (o) => seen.push(o));
      const placed = adapter.placeOrder({ key: 'buy-1-1', side: 'buy', price: '100000', quantity: '0.01' })!;
      expect(seen).toHaveLength(1);
      expect(seen[0]).toEqual(placed);
      if (copy === false) expect(seen[0]).toBe(placed);
      else expect(seen[0]).not.toBe(placed);
    }
  });
});
