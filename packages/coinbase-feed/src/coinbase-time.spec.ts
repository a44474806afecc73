import { CoinbaseTimeReader, parseCoinbaseTime } from './coinbase-time';

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

describe('CoinbaseTimeReader', () => {
  const samples = [
    '2021-04-17T16:43:37.089723Z',
    '2021-04-17T16:43:59.999999999Z',
    '2021-04-17T16:44:00Z',
    '2023-02-09T20:32:50.5Z',
    '2023-02-09 20:32:50.71Z',
    '2024-02-29T23:59:60.000Z',
    '2023-13-40T25:61:61Z',
    '0001-01-01T00:00:00.000000Z',
    '1970-01-01T00:00:00Z',
    '2023-02-09T20:32:50.Z',
    '2023-02-09T20:32:50.1234567890Z',
    '2023-02-09T20:32:5x.1Z',
    '2023-02-09T20:32:50.1z',
    '+02023-02-09T20:32:50Z',
    'yesterday',
    '',
  ];

  it('reads every sample in place exactly as parseCoinbaseTime reads it sliced', () => {
    const reader = new CoinbaseTimeReader();
    for (const time of [...samples, ...samples]) {
      const frame = `{"time":"${time}"}`;
      expect([time, reader.read(frame, 9, 9 + time.length)]).toEqual([time, parseCoinbaseTime(time)]);
    }
  });
});
