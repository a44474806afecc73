import { ManualClock } from '@truex-mm/clock';
import { OrderAdapter, type Fill, type VenueOrderStatus } from '@truex-mm/order-adapter';
import pino from 'pino';
import { Reconciler } from './reconciler';
import type { VenueGateway, VenueOrder } from './venue-gateway';

/** A venue as its REST API shows it: orders by ClOrdID, with executed quantity and state. */
class FakeVenue implements VenueGateway {
  readonly orders = new Map<string, VenueOrder & { avgPx?: string }>();
  readonly cancels: string[] = [];
  down = false;

  add(o: VenueOrder & { avgPx?: string }): void {
    this.orders.set(o.clOrdId!, o);
  }

  async activeOrders(): Promise<readonly VenueOrder[]> {
    if (this.down) throw new Error('503 Service Unavailable');
    return [...this.orders.values()].filter((o) => o.state === 'New' || o.state === 'PartiallyFilled');
  }

  async orderStatus(ref: { clOrdId: string }): Promise<VenueOrderStatus | null | undefined> {
    if (this.down) throw new Error('503 Service Unavailable');
    const o = this.orders.get(ref.clOrdId);
    if (!o) return null;
    return {
      clOrdId: o.clOrdId,
      orderId: o.orderId,
      state: o.state!,
      cumQty: o.cumQty,
      leavesQty: o.leavesQty,
      avgPx: o.avgPx,
    };
  }

  async cancel(ref: { clOrdId?: string; orderId: string }): Promise<VenueOrderStatus | undefined> {
    const o = [...this.orders.values()].find((x) => x.orderId === ref.orderId);
    if (!o) throw new Error('404 order not found');
    this.cancels.push(o.clOrdId!);
    this.orders.set(o.clOrdId!, { ...o, state: 'Canceled', leavesQty: '0' });
    return {
      clOrdId: o.clOrdId,
      orderId: o.orderId,
      state: 'Canceled',
      cumQty: o.cumQty,
      leavesQty: '0',
      avgPx: o.avgPx,
    };
  }
}

function setup(options: { adoptOrphans?: boolean } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 11, 5));
  const adapter = new OrderAdapter({
    partyId: '10000000000000007',
    clock,
    sender: { send: () => undefined },
  });
  const fills: Fill[] = [];
  adapter.on('fill', (f) => fills.push(f));
  const venue = new FakeVenue();
  const reconciler = new Reconciler({
    adapter,
    venue,
    clock,
    logger: pino({ level: 'silent' }),
    adoptOrphans: options.adoptOrphans,
    intervalMs: 0,
    settleMs: 0,
  });
  return { clock, adapter, venue, reconciler, fills };
}

const order = (clOrdId: string, orderId: string, extra: Partial<VenueOrder & { avgPx: string }> = {}) => ({
  clOrdId,
  orderId,
  side: 'buy' as const,
  price: '96990',
  quantity: '0.0020',
  cumQty: '0',
  leavesQty: '0.0020',
  state: 'New' as const,
  ...extra,
});

describe('Reconciler at start', () => {
  it('cancels the previous run’s orphans and books what filled while we were down, exactly once', async () => {
    const { adapter, venue, reconciler, fills } = setup();
    // Left live by the crashed run: A rests untouched, B filled half after the last stored update, C filled fully.
    venue.add(order('A', '1'));
    venue.add(
      order('B', '2', {
        cumQty: '0.0020',
        leavesQty: '0.0000',
        state: 'PartiallyFilled',
        quantity: '0.0040',
        avgPx: '96990',
      }),
    );
    venue.add(order('C', '3', { cumQty: '0.0020', leavesQty: '0', state: 'Filled', avgPx: '96990' }));
    // Never recorded by storage (crash right after sending): ours all the same.
    venue.add(order('D', '4', { side: 'sell', price: '97010' }));
    const stored = [
      { ...order('A', '1'), cumQty: '0' },
      { ...order('B', '2', { quantity: '0.0040' }), cumQty: '0.0010', leavesQty: '0.0030' },
      { ...order('C', '3'), cumQty: '0' },
    ];

    const report = await reconciler.atStart(stored);

    expect(report.failed).toBeUndefined();
    expect(venue.cancels.sort()).toEqual(['A', 'B', 'D']);
    expect([...venue.orders.values()].filter((o) => o.state === 'New' || o.state === 'PartiallyFilled')).toEqual([]);
    expect(adapter.liveOrderCount()).toBe(0);
    // B: 0.0010 was booked by the last run, 0.0010 more executed since; C: 0.0020 executed unseen.
    expect(fills.map((f) => `${f.clOrdId} ${f.quantity}`).sort()).toEqual(['B 0.001', 'C 0.002']);
    const kinds = report.differences.map((d) => `${d.kind}:${d.clOrdId}`).sort();
    expect(kinds).toEqual(
      expect.arrayContaining([
        'missed-fill:B',
        'missed-fill:C',
        'orphan-cancelled:A',
        'orphan-cancelled:B',
        'orphan-cancelled:D',
      ]),
    );
    expect(reconciler.status().runs).toBe(1);

    // A second pass finds nothing new and books nothing twice.
    const again = await reconciler.periodic();
    expect(again.differences).toEqual([]);
    expect(fills).toHaveLength(2);
  });

  it('adopts the orphans with --adopt-orders: they stay live at the venue and in our books', async () => {
    const { adapter, venue, reconciler } = setup({ adoptOrphans: true });
    venue.add(order('A', '1'));
    venue.add(order('D', '4', { side: 'sell', price: '97010' }));
    const report = await reconciler.atStart([order('A', '1')]);
    expect(venue.cancels).toEqual([]);
    expect(
      adapter
        .liveOrders()
        .map((o) => o.clOrdId)
        .sort(),
    ).toEqual(['A', 'D']);
    expect(report.differences.filter((d) => d.kind === 'orphan-adopted')).toHaveLength(2);
  });

  it('reports a run the venue cannot answer as failed and changes nothing', async () => {
    const { adapter, venue, reconciler } = setup();
    venue.add(order('A', '1'));
    venue.down = true;
    const report = await reconciler.atStart([order('A', '1')]);
    expect(report.failed).toMatch(/503/);
    expect(adapter.liveOrderCount()).toBe(0);
    expect(reconciler.status().failedRuns).toBe(1);
  });
});

describe('Reconciler, continuously and after a reconnect', () => {
  it('books an order that filled unseen, forgets one the venue does not know, and cancels an orphan', async () => {
    const { adapter, venue, reconciler, fills, clock } = setup();
    adapter.adoptOrder({ ...order('E', '5'), cumQty: '0' });
    adapter.adoptOrder({ ...order('F', '6'), cumQty: '0' });
    venue.add(order('E', '5', { cumQty: '0.0020', leavesQty: '0', state: 'Filled', avgPx: '96990' }));
    venue.add(order('G', '7'));
    clock.advance(5000);

    const report = await reconciler.periodic();

    expect(fills.map((f) => `${f.clOrdId} ${f.quantity} @ ${f.price}`)).toEqual(['E 0.002 @ 96990']);
    expect(adapter.order('E')?.state).toBe('Filled');
    expect(adapter.order('F')?.state).toBe('Canceled'); // forgotten: off the books, no fill
    expect(adapter.liveOrders().map((o) => o.clOrdId)).toEqual([]);
    expect(venue.cancels).toEqual(['G']);
    expect(report.differences.map((d) => d.kind).sort()).toEqual(
      ['ended-at-venue', 'missed-fill', 'orphan-cancelled', 'unknown-at-venue'].sort(),
    );
    expect(reconciler.status().repaired).toBe(4);
  });

  it('after a reconnect asks about every order, pending ones included, and never takes a fill for a cancel', async () => {
    const { adapter, venue, reconciler, fills } = setup();
    adapter.adoptOrder({ ...order('H', '8'), cumQty: '0' });
    adapter.cancelOrder('H'); // in flight when the session dropped: the venue filled it instead
    venue.add(order('H', '8', { cumQty: '0.0020', leavesQty: '0', state: 'Filled', avgPx: '96990' }));
    await reconciler.afterReconnect();
    expect(adapter.order('H')?.state).toBe('Filled');
    expect(fills).toHaveLength(1);
  });
});

describe('Reconciler, periodic timer', () => {
  it('runs every interval, and stop() ends it even with a run in flight', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 5));
    const adapter = new OrderAdapter({ partyId: '10000000000000007', clock, sender: { send: () => undefined } });
    let calls = 0;
    let release: () => void = () => undefined;
    const venue: VenueGateway = {
      activeOrders: () => {
        calls++;
        return new Promise((resolve) => (release = () => resolve([])));
      },
      orderStatus: async () => null,
      cancel: async () => undefined,
    };
    const reconciler = new Reconciler({ adapter, venue, clock, logger: pino({ level: 'silent' }), intervalMs: 1000 });
    reconciler.start();
    clock.advance(1000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(1);
    reconciler.stop(); // while the run waits for the venue
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(5000);
    expect(calls).toBe(1);
  });
});
