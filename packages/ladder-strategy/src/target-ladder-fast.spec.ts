import fc from 'fast-check';
import { FixedPointError } from '@truex-mm/fixed-point';
import { defaultLadderConfig, LadderConfigError, type LadderConfig } from './ladder-config';
import { seededRandom } from '@truex-mm/clock';
import {
  buildTargetLadderDecimal,
  Dec,
  formatUnits,
  parseDecimal,
  scaleIncrement,
} from './target-ladder.oracle.test-util';
import { formatCount, parseScaledValue } from './scaled-value';
import { buildTargetLadder, LadderInputError, type LadderInput, type TargetOrder } from './target-ladder';

// The oracle: the straightforward decimal.js implementation buildTargetLadder had before the integer path, kept
// unchanged in target-ladder.oracle.test-util.ts (test only). Issue 14 removed it as a production fallback: the
// integer path on @truex-mm/fixed-point is the only one, and these tests check it against the oracle.
const referenceLadder = buildTargetLadderDecimal;

const decimal = (maxUnits: number, maxScale: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 1, max: maxUnits }), fc.integer({ min: 0, max: maxScale }))
    .map(([units, scale]) => new Dec(units).div(new Dec(10).pow(scale)).toFixed(scale));

const signedDecimal = fc
  .tuple(fc.integer({ min: -5_000_000, max: 5_000_000 }), fc.integer({ min: 0, max: 8 }))
  .map(([units, scale]) => new Dec(units).div(new Dec(10).pow(scale)).toFixed(scale));

const increment = fc.constantFrom('1', '0.5', '0.25', '0.1', '0.01', '0.001', '0.0001', '0.000001', '0.0000000001');
const lotIncrement = fc.constantFrom('1', '0.1', '0.01', '0.0001', '0.00001', '0.000001', '100');

const config: fc.Arbitrary<LadderConfig> = fc
  .record({
    levels: fc.integer({ min: 1, max: 10 }),
    extraOrders: fc.integer({ min: 0, max: 20 }),
    level1OffsetTicks: fc.integer({ min: 0, max: 5 }),
    levelSpacingTicks: fc.integer({ min: 1, max: 4 }),
    tickSize: increment,
    lotSize: lotIncrement,
    minNotional: fc.constantFrom('0', '1', '10', '2.5'),
    baseLots: fc.integer({ min: 1, max: 100_000 }),
    baseFraction: fc.constantFrom('', '5'),
    sizeJitterPct: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 99, noNaN: true })),
    level1OffsetBps: fc.option(fc.constantFrom(0, 0.3, 1, 2.5, 7), { nil: undefined }),
    levelSpacingBps: fc.option(fc.constantFrom(0, 0.1, 0.3, 1), { nil: undefined }),
    volatilityOffsetMultiplier: fc.option(fc.constantFrom(0, 0.5, 2, 3), { nil: undefined }),
    skew: fc.option(
      fc.record({
        maxPosition: fc.constantFrom('1', '2', '6', '0.5', '3.3', '0.0007'),
        maxSkewTicks: fc.integer({ min: 0, max: 12 }),
        sizeSkew: fc.boolean(),
      }),
      { nil: undefined },
    ),
  })
  .map((r) => {
    // baseSize = baseLots (or baseLots + ½) lots, so it is at least one lot and sometimes off the lot grid.
    const lot = new Dec(r.lotSize);
    const baseSize = lot
      .times(r.baseLots)
      .plus(r.baseFraction ? lot.div(2) : 0)
      .toFixed();
    const { extraOrders, baseLots, baseFraction, ...rest } = r;
    void baseLots;
    void baseFraction;
    return { ...rest, ordersPerSide: r.levels + extraOrders, baseSize };
  });

const input: fc.Arbitrary<LadderInput> = fc.record({
  fairValue: fc.oneof(decimal(2_000_000_000, 8), decimal(200_000_000, 2), fc.constantFrom('100000', '113406.5')),
  position: fc.oneof(signedDecimal, fc.constantFrom('0', '-0', '1', '-2', '3.3')),
  nowMs: fc.constant(0),
  volatilityBps: fc.option(fc.constantFrom(0, 0.5, 1.7, 12), { nil: undefined }),
});

/**
 * Whether a ladder the oracle built has a price beyond 2^53 units of the tick's scale (the ladder's highest tick,
 * one above its farthest quote, times the tick's units): the integer path must refuse exactly those.
 */
function beyondExactRange(i: LadderInput, c: LadderConfig, ladder: TargetOrder[]): boolean {
  const tick = new Dec(c.tickSize);
  const fvTicks = new Dec(i.fairValue).div(tick);
  let reach = new Dec(0);
  for (const o of ladder) reach = Dec.max(reach, new Dec(o.price).div(tick).minus(fvTicks).abs());
  const tickUnits = parseScaledValue(c.tickSize)!.units;
  return fvTicks.floor().plus(reach).plus(2).times(tickUnits).gt(Number.MAX_SAFE_INTEGER);
}

describe('buildTargetLadder (one integer path) against the decimal.js oracle', () => {
  it('gives exactly the decimal.js reference ladder over random fair values, positions, configs and seeds', () => {
    let builds = 0;
    let refused = 0;
    fc.assert(
      fc.property(input, config, fc.integer(), (i, c, seed) => {
        let expected: TargetOrder[] | Error;
        try {
          expected = referenceLadder(i, c, seededRandom(seed));
        } catch (e) {
          expected = e as Error;
        }
        if (expected instanceof Error) {
          expect(() => buildTargetLadder(i, c, seededRandom(seed))).toThrow(expected.constructor as ErrorConstructor);
        } else if (beyondExactRange(i, c, expected)) {
          // The one integer path refuses what it cannot hold exactly instead of rounding (issue 14).
          refused++;
          expect(() => buildTargetLadder(i, c, seededRandom(seed))).toThrow(/beyond the exact range/);
        } else {
          builds++;
          expect(buildTargetLadder(i, c, seededRandom(seed))).toEqual(expected);
        }
      }),
      { numRuns: 400 },
    );
    // The comparison is only worth something if most cases built a ladder rather than both throwing.
    expect(builds).toBeGreaterThan(250);
    expect(refused).toBeLessThan(builds / 4);
  });

  it('matches the reference on the default config around BTC prices, where the market maker runs', () => {
    fc.assert(
      fc.property(decimal(200_000_000_000, 6), signedDecimal, fc.integer(), (fv, position, seed) => {
        const i = { fairValue: fv, position, nowMs: 0 };
        const c = { ...defaultLadderConfig, skew: { maxPosition: '2', maxSkewTicks: 6, sizeSkew: true } };
        expect(buildTargetLadder(i, c, seededRandom(seed))).toEqual(referenceLadder(i, c, seededRandom(seed)));
      }),
      { numRuns: 200 },
    );
  });

  // Rewritten for issue 14: this test checked the decimal.js fallback for figures beyond the fast range. With one
  // integer path, a figure beyond 2^53 units at its own scale is refused with a typed error instead of being
  // handled by a second implementation; settings that are merely awkward (exponent notation, long doubles) are exact.
  it('refuses figures beyond the exact range with typed errors, and reads awkward number settings exactly', () => {
    const r = seededRandom(5);
    expect(() =>
      buildTargetLadder({ fairValue: '113406.123456789012345678', position: '0', nowMs: 0 }, defaultLadderConfig, r),
    ).toThrow(LadderInputError);
    expect(() =>
      buildTargetLadder(
        { fairValue: '98765432109876543210.5', position: '0', nowMs: 0 },
        { ...defaultLadderConfig, tickSize: '1' },
        r,
      ),
    ).toThrow(/fairValue .* beyond the exact range/);
    expect(() =>
      buildTargetLadder(
        { fairValue: '100000', position: '0.123456789012345678', nowMs: 0 },
        { ...defaultLadderConfig, skew: { maxPosition: '1', maxSkewTicks: 5, sizeSkew: true } },
        r,
      ),
    ).toThrow(LadderInputError);
    expect(() =>
      buildTargetLadder(
        { fairValue: '100000', position: '0', nowMs: 0 },
        { ...defaultLadderConfig, tickSize: '0.00000000000000000000001' },
        r,
      ),
    ).toThrow(LadderConfigError);
    const awkward: Array<[LadderInput, LadderConfig]> = [
      [
        { fairValue: '100000', position: '0', nowMs: 0 },
        { ...defaultLadderConfig, level1OffsetBps: 1e-7 },
      ],
      [
        { fairValue: '100000', position: '0', nowMs: 0 },
        { ...defaultLadderConfig, level1OffsetBps: 0.1 + 0.2 },
      ],
      [
        { fairValue: '113406.5', position: '0', nowMs: 0, volatilityBps: 1.7 },
        { ...defaultLadderConfig, volatilityOffsetMultiplier: 3 }, // 3 × 1.7 = 5.1000000000000005 bps
      ],
    ];
    for (const [i, c] of awkward) {
      const ladder = buildTargetLadder(i, c, seededRandom(5));
      expect(ladder).toHaveLength(50);
      expect(ladder).toEqual(referenceLadder(i, c, seededRandom(5)));
    }
  });

  it('reuses a compiled config but notices when the same object is changed', () => {
    const c: LadderConfig = { ...defaultLadderConfig };
    const before = buildTargetLadder({ fairValue: '100000', position: '0', nowMs: 0 }, c, seededRandom(1));
    c.tickSize = '1';
    c.baseSize = '0.01';
    const after = buildTargetLadder({ fairValue: '100000', position: '0', nowMs: 0 }, c, seededRandom(1));
    expect(before[0].price).toBe('99999.5');
    expect(after[0].price).toBe('99999');
    expect(after).toEqual(referenceLadder({ fairValue: '100000', position: '0', nowMs: 0 }, c, seededRandom(1)));
    c.levels = 0;
    expect(() => buildTargetLadder({ fairValue: '100000', position: '0', nowMs: 0 }, c, seededRandom(1))).toThrow(
      /levels/,
    );
  });

  it('reports bad input with the same typed errors as before', () => {
    const r = seededRandom(1);
    for (const fairValue of ['0', '-1', '0.000', '1e5', '', ' 1', '1.', '.5']) {
      expect(() => buildTargetLadder({ fairValue, position: '0', nowMs: 0 }, defaultLadderConfig, r)).toThrow(
        LadderInputError,
      );
    }
    expect(() =>
      buildTargetLadder({ fairValue: '1', position: '0', nowMs: 0, volatilityBps: -1 }, defaultLadderConfig, r),
    ).toThrow(LadderInputError);
  });
});

// Rewritten for issue 14: the ladder's own fixed-point helpers (formatFixed, parseFastDecimal) were replaced by
// scaled-value.ts on @truex-mm/fixed-point; the same properties, against the oracle's bigint/decimal.js helpers.
describe('scaled-value helpers', () => {
  it('formatCount formats like the bigint formatUnits, and refuses a count beyond the safe-integer range', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.constantFrom(0, 2 ** 53 + 2, -(2 ** 60))),
        fc.constantFrom('1', '0.5', '0.0001', '0.25', '100', '0.0000000001'),
        (count, inc) => {
          const f = parseScaledValue(inc)!;
          if (Number.isSafeInteger(count * f.units)) {
            expect(formatCount(count, f)).toBe(formatUnits(BigInt(count), scaleIncrement(inc)));
          } else {
            expect(() => formatCount(count, f)).toThrow(FixedPointError);
          }
        },
      ),
    );
  });

  it('parseScaledValue accepts exactly what parseDecimal accepts, up to 2^53 units', () => {
    for (const text of ['1', '-0.5', '007.10', '123456789012345', '0.00000000000001', '9007199254740991']) {
      const f = parseScaledValue(text)!;
      expect(new Dec(f.units).div(new Dec(10).pow(f.places)).eq(parseDecimal(text)!)).toBe(true);
    }
    for (const text of ['', '-', '1.', '.1', '1e5', '+1', '1 ', '1.2.3', '0x10', '9007199254740992']) {
      expect(parseScaledValue(text)).toBeUndefined();
    }
  });
});
