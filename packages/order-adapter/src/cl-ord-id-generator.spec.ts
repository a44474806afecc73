import { ManualClock } from '@truex-mm/clock';
import { type ClOrdIdCounterStore, ClOrdIdGenerator, MAX_CLORDID_LENGTH } from './cl-ord-id-generator';
import { OrderAdapterError } from './order-adapter-error';

function take(generator: ClOrdIdGenerator, n: number): string[] {
  return Array.from({ length: n }, () => generator.next());
}

class MemoryCounterStore implements ClOrdIdCounterStore {
  saves: number[] = [];
  constructor(private value = 0) {}
  load(): number {
    return this.value;
  }
  save(n: number): void {
    this.value = n;
    this.saves.push(n);
  }
}

describe('ClOrdIdGenerator', () => {
  it('produces ids of at most 18 characters, with the longest prefix and a large counter', () => {
    const generator = new ClOrdIdGenerator({ prefix: 'MMK1', clock: new ManualClock(Date.UTC(2058, 11, 31)) });
    const ids = take(generator, 50_000);
    const bad = ids.filter((id) => id.length > MAX_CLORDID_LENGTH || !/^MMK1[0-9a-z]{8}[0-9a-z]+$/.test(id));
    expect(bad).toEqual([]);
    expect(ids[0]).toBe(`MMK1${Date.UTC(2058, 11, 31).toString(36)}1`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never repeats across runs started at different times (a restart)', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const first = take(new ClOrdIdGenerator({ clock }), 5000);
    clock.advance(1);
    const second = take(new ClOrdIdGenerator({ clock }), 5000);
    expect(new Set([...first, ...second]).size).toBe(10_000);
  });

  it('never repeats between two generators started in the same millisecond', () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const a = new ClOrdIdGenerator({ clock });
    const b = new ClOrdIdGenerator({ clock });
    const ids = [...take(a, 3000), ...take(b, 3000)];
    expect(new Set(ids).size).toBe(6000);
    expect(a.next().slice(0, 8)).not.toBe(b.next().slice(0, 8));
  });

  it('store mode continues after a restart from the reserved block and never reuses an id', () => {
    const store = new MemoryCounterStore();
    const run1 = new ClOrdIdGenerator({ prefix: 'Q', store, reserveBlock: 100 });
    const first = take(run1, 250);
    expect(first[0]).toBe('QS1');
    expect(store.saves).toEqual([100, 200, 300]);
    // Crash: the next run starts after everything run 1 had reserved.
    const run2 = new ClOrdIdGenerator({ prefix: 'Q', store, reserveBlock: 100 });
    const second = take(run2, 10);
    expect(second[0]).toBe(`QS${(301).toString(36)}`);
    expect(new Set([...first, ...second]).size).toBe(260);
  });

  it('rejects a prefix that would not fit or is not alphanumeric', () => {
    expect(() => new ClOrdIdGenerator({ prefix: 'TOOLONG' })).toThrow(OrderAdapterError);
    expect(() => new ClOrdIdGenerator({ prefix: 'a|b' })).toThrow(/prefix/);
    expect(() => new ClOrdIdGenerator({ store: new MemoryCounterStore(-5) })).toThrow(OrderAdapterError);
  });
});
