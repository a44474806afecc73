import { ManualClock } from '@truex-mm/clock';
import { ReferencePriceSampler } from './reference-price-sampler';
import type { TradingEventOf } from './trading-event';

type Ref = TradingEventOf<'reference-price'>;

describe('ReferencePriceSampler', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const price = (mid: string, product = 'BTC-USD'): Ref => ({
    type: 'reference-price',
    runId: 'r',
    product,
    bidPrice: mid,
    askPrice: mid,
    mid,
    timeMs: clock.now(),
  });

  it('passes the first price, throttles changes to one per interval, and emits the newest held one at its end', () => {
    const out: string[] = [];
    const sampler = new ReferencePriceSampler((e) => out.push(`${e.mid}@${clock.now()}`), clock, 250);
    const t0 = clock.now();
    sampler.offer(price('100'));
    clock.advance(50);
    sampler.offer(price('101'));
    clock.advance(50);
    sampler.offer(price('102'));
    expect(out).toEqual([`100@${t0}`]);
    clock.advance(150);
    expect(out).toEqual([`100@${t0}`, `102@${t0 + 250}`]);
    expect(sampler.counters()).toEqual({ referencePricesSampled: 2, referencePricesSkipped: 1 });
  });

  it('never stores an unchanged price, and drops a held change that reverted', () => {
    const out: string[] = [];
    const sampler = new ReferencePriceSampler((e) => out.push(e.mid), clock, 250);
    sampler.offer(price('100'));
    clock.advance(1000);
    sampler.offer(price('100'));
    expect(out).toEqual(['100']);
    sampler.offer(price('100.5'));
    clock.advance(10);
    sampler.offer(price('101'));
    clock.advance(10);
    sampler.offer(price('100.5'));
    clock.advance(1000);
    expect(out).toEqual(['100', '100.5']);
  });

  it('throttles each product on its own and flush() emits held prices immediately', () => {
    const out: string[] = [];
    const sampler = new ReferencePriceSampler((e) => out.push(`${e.product}:${e.mid}`), clock, 250);
    sampler.offer(price('1', 'A'));
    sampler.offer(price('2', 'B'));
    sampler.offer(price('3', 'A'));
    expect(out).toEqual(['A:1', 'B:2']);
    sampler.flush();
    expect(out).toEqual(['A:1', 'B:2', 'A:3']);
    expect(clock.pendingTimers()).toBe(0);
  });
});
