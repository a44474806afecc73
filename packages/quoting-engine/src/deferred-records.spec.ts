import type { TrackedOrder } from '@truex-mm/order-adapter';
import type { TradingEvent } from '@truex-mm/persistence';
import pino from 'pino';
import { DeferredRecords } from './deferred-records';

function order(clOrdId: string, state: TrackedOrder['state']): TrackedOrder {
  return {
    clOrdId,
    key: 'buy-1',
    side: 'buy',
    price: '64999.5',
    quantity: '0.002',
    cumQty: '0',
    leavesQty: '0.002',
    state,
    createdAtMs: 1,
    updatedAtMs: 1,
  };
}

function setup(): {
  records: DeferredRecords;
  events: TradingEvent[];
  logs: Array<Record<string, unknown>>;
  sent: string[];
  runDeferred: () => void;
  deferrals: () => number;
} {
  const events: TradingEvent[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const sent: string[] = [];
  const pending: Array<() => void> = [];
  let deferred = 0;
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const records = new DeferredRecords({
    runId: 'run-1',
    symbol: 'BTC-PYUSD',
    sink: { record: (e) => void events.push(e) },
    logger,
    observer: { actionSent: (kind, reason) => void sent.push(`${kind}:${reason}`) },
    defer: (flush) => {
      deferred++;
      pending.push(flush);
    },
  });
  return {
    records,
    events,
    logs,
    sent,
    runDeferred: () => pending.splice(0).forEach((f) => f()),
    deferrals: () => deferred,
  };
}

describe('DeferredRecords', () => {
  it('hands a tick over after it, in order, with the fields the sink had before', () => {
    const { records, events, logs, sent, runDeferred, deferrals } = setup();
    const o = order('C1', 'PendingNew');
    records.referencePrice('BTC-USD', '65000.01', '65000.02', 65000.0149999, 10);
    records.order(o, 11);
    records.sent('new', 'C1', undefined, 'buy', '64999.5', '0.002', 1, '65000.015', 'refill', 11);
    o.state = 'New'; // the adapter mutates its views: the record keeps what was true when it was made
    records.cancel('C0', 'sell', '65001', 'excess', 12);
    expect(events).toHaveLength(0);
    expect(sent).toHaveLength(0);
    expect(deferrals()).toBe(1);

    runDeferred();
    expect(events).toEqual([
      {
        type: 'reference-price',
        runId: 'run-1',
        product: 'BTC-USD',
        bidPrice: '65000.01',
        askPrice: '65000.02',
        mid: '65000.015',
        fairValue: '65000.0149999',
        timeMs: 10,
      },
      {
        type: 'order',
        runId: 'run-1',
        clOrdId: 'C1',
        origClOrdId: undefined,
        orderId: undefined,
        side: 'buy',
        symbol: 'BTC-PYUSD',
        price: '64999.5',
        quantity: '0.002',
        cumQty: '0',
        leavesQty: '0.002',
        state: 'PendingNew',
        rejectReason: undefined,
        timeMs: 11,
      },
    ]);
    expect(sent).toEqual(['new:refill', 'cancel:excess']);
    expect(logs.map((l) => [l.msg, l.clOrdId, l.reason])).toEqual([
      ['new order', 'C1', 'refill'],
      ['cancel', 'C0', 'excess'],
    ]);
  });

  it('flushes at once when asked (before a record made directly) and then has nothing left for the deferred run', () => {
    const { records, events, runDeferred } = setup();
    records.order(order('C1', 'PendingNew'), 1);
    records.flush();
    expect(events.map((e) => e.type)).toEqual(['order']);
    runDeferred();
    expect(events).toHaveLength(1);
  });

  it("reports the batch's latest fair value to the observer once", () => {
    const gauge: number[] = [];
    const pending: Array<() => void> = [];
    const records = new DeferredRecords({
      runId: 'run-1',
      symbol: 'BTC-PYUSD',
      sink: undefined,
      logger: pino({ level: 'silent' }),
      observer: { fairValue: (v) => void gauge.push(v) },
      defer: (flush) => void pending.push(flush),
    });
    records.fairValue(65000.1);
    records.fairValue(65000.2);
    expect(gauge).toEqual([]);
    pending.splice(0).forEach((f) => f());
    expect(gauge).toEqual([65000.2]);
  });

  it('hands over synchronously when a tick fills every slot, keeping the order', () => {
    const { records, events, runDeferred } = setup();
    for (let i = 0; i < 2500; i++) records.order(order(`C${i}`, 'PendingNew'), i);
    expect(events.length).toBeGreaterThanOrEqual(2048);
    runDeferred();
    expect(events.map((e) => (e.type === 'order' ? e.clOrdId : ''))).toEqual(
      Array.from({ length: 2500 }, (_, i) => `C${i}`),
    );
  });
});
