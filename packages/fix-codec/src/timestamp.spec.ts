import { FixDecodeError } from './fix-decode-error';
import { thrown } from './frame.test-util';
import { formatUtcTimestamp, formatUtcTimestampMicros, parseUtcTimestamp } from './timestamp';

describe('formatUtcTimestamp', () => {
  it('formats UTC to the millisecond with zero padding', () => {
    expect(formatUtcTimestamp(Date.UTC(2025, 0, 2, 3, 4, 5, 6))).toBe('20250102-03:04:05.006');
    expect(formatUtcTimestamp(Date.UTC(2025, 8, 10, 23, 59, 59, 999))).toBe('20250910-23:59:59.999');
    expect(formatUtcTimestamp(0)).toBe('19700101-00:00:00.000');
  });

  it('rolls over the cached date part at midnight', () => {
    const midnight = Date.UTC(2025, 11, 31, 0, 0, 0, 0);
    expect(formatUtcTimestamp(midnight - 1)).toBe('20251230-23:59:59.999');
    expect(formatUtcTimestamp(midnight)).toBe('20251231-00:00:00.000');
    expect(formatUtcTimestamp(midnight - 1)).toBe('20251230-23:59:59.999');
  });

  it('truncates fractional milliseconds and rejects negative or non-finite input', () => {
    expect(formatUtcTimestamp(Date.UTC(2025, 0, 1) + 1.9)).toBe('20250101-00:00:00.001');
    expect(() => formatUtcTimestamp(-1)).toThrow(RangeError);
    expect(() => formatUtcTimestamp(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatUtcTimestampMicros', () => {
  it('appends microseconds within the millisecond, like TrueX', () => {
    const t = Date.UTC(2025, 8, 10, 14, 58, 35, 616);
    expect(formatUtcTimestampMicros(t, 136)).toBe('20250910-14:58:35.616136');
    expect(formatUtcTimestampMicros(t, 7)).toBe('20250910-14:58:35.616007');
    expect(formatUtcTimestampMicros(t + 0.25)).toBe('20250910-14:58:35.616250');
    expect(() => formatUtcTimestampMicros(t, 1000)).toThrow(RangeError);
  });
});

describe('parseUtcTimestamp', () => {
  const base = Date.UTC(2025, 8, 10, 14, 58, 35);

  it.each([
    ['20250910-14:58:35', base, 0],
    ['20250910-14:58:35.616', base + 616, 0],
    ['20250910-14:58:35.616136', base + 616, 136_000],
    ['20250910-14:58:35.616136789', base + 616, 136_789],
    ['19700101-00:00:00.000000000', 0, 0],
    ['14:58:35.616', (14 * 3600 + 58 * 60 + 35) * 1000 + 616, 0],
  ])('parses %s', (text, epochMs, nanosOfMs) => {
    expect(parseUtcTimestamp(text)).toEqual({ epochMs, nanosOfMs, text });
  });

  it.each([
    '2025091-14:58:35',
    '20250910 14:58:35',
    '20250910-14:58:35.61',
    '20250910-14:58:35.6161',
    '20250910-24:00:00',
    '20250231-00:00:00',
    '20251301-00:00:00',
    '20250910-14:5a:35',
    '20250910-14:58:35.61x',
    '',
  ])('rejects %j with a typed error', (text) => {
    const error = thrown(() => parseUtcTimestamp(text, 52));
    expect(error).toBeInstanceOf(FixDecodeError);
    expect(error).toMatchObject({ code: 'BAD_TIMESTAMP', tag: 52 });
  });

  it('round-trips with formatUtcTimestamp', () => {
    for (const t of [0, 1, 999, 1_757_516_315_616, 4_102_444_799_999]) {
      expect(parseUtcTimestamp(formatUtcTimestamp(t)).epochMs).toBe(t);
    }
  });
});
