import { parseCoinbaseTime } from './coinbase-time';

describe('parseCoinbaseTime', () => {
  it('parses microsecond and nanosecond ISO times to epoch ms', () => {
    expect(parseCoinbaseTime('2021-04-17T16:43:37.089723Z')).toBe(Date.UTC(2021, 3, 17, 16, 43, 37, 89));
    expect(parseCoinbaseTime('2023-02-09T20:32:50.714964855Z')).toBe(Date.UTC(2023, 1, 9, 20, 32, 50, 714));
    expect(parseCoinbaseTime('2023-02-09T20:32:50Z')).toBe(Date.UTC(2023, 1, 9, 20, 32, 50));
    expect(parseCoinbaseTime('2023-02-09T20:32:50.5Z')).toBe(Date.UTC(2023, 1, 9, 20, 32, 50, 500));
  });

  it('treats placeholder and unreadable times as absent', () => {
    expect(parseCoinbaseTime('0001-01-01T00:00:00.000000Z')).toBeUndefined();
    expect(parseCoinbaseTime('1970-01-01T00:00:00Z')).toBeUndefined();
    expect(parseCoinbaseTime('yesterday')).toBeUndefined();
    expect(parseCoinbaseTime(undefined)).toBeUndefined();
  });
});
