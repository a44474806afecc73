import { RingQueue } from './ring-queue';

describe('RingQueue', () => {
  it('keeps FIFO order across wrap-around and refuses pushes when full', () => {
    const q = new RingQueue<number>(3);
    expect([q.push(1), q.push(2), q.push(3), q.push(4)]).toEqual([true, true, true, false]);
    expect(q.isFull).toBe(true);
    expect(q.peek(2)).toEqual([1, 2]);
    q.drop(2);
    expect(q.push(5)).toBe(true);
    expect(q.push(6)).toBe(true);
    expect(q.peek(10)).toEqual([3, 5, 6]);
    expect(q.size).toBe(3);
  });

  it('peek does not remove; drop never removes more than it holds', () => {
    const q = new RingQueue<string>(4);
    q.push('a');
    q.peek(1);
    expect(q.size).toBe(1);
    q.drop(5);
    expect(q.size).toBe(0);
    expect(q.peek(1)).toEqual([]);
  });

  it('rejects a non-positive capacity', () => {
    expect(() => new RingQueue(0)).toThrow(RangeError);
  });
});
