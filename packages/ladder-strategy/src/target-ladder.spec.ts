import Decimal from 'decimal.js';
import fc from 'fast-check';
import { defaultLadderConfig, LadderConfigError, type LadderConfig } from './ladder-config';
import { seededRandom } from '@truex-mm/clock';
import { buildTargetLadder, LadderInputError, type TargetOrder } from './target-ladder';

const flat = { fairValue: '113406.3', position: '0', nowMs: 0 };
const bids = (l: TargetOrder[]): TargetOrder[] => l.filter((o) => o.side === 'buy');
const asks = (l: TargetOrder[]): TargetOrder[] => l.filter((o) => o.side === 'sell');
const isMultiple = (value: string, step: string): boolean => new Decimal(value).mod(step).isZero();

describe('buildTargetLadder', () => {
  it('quotes exactly 25 bids and 25 asks over 8 levels (4,3,3,3,3,3,3,3), one price per level', () => {
    const ladder = buildTargetLadder(flat, defaultLadderConfig, seededRandom(1));
    expect(bids(ladder)).toHaveLength(25);
    expect(asks(ladder)).toHaveLength(25);
    expect(new Set(ladder.map((o) => o.key)).size).toBe(50);
    for (const side of [bids(ladder), asks(ladder)]) {
      const perLevel = [1, 2, 3, 4, 5, 6, 7, 8].map((lv) => side.filter((o) => o.level === lv));
      expect(perLevel.map((l) => l.length)).toEqual([4, 3, 3, 3, 3, 3, 3, 3]);
      for (const level of perLevel) expect(new Set(level.map((o) => o.price)).size).toBe(1);
    }
    expect(ladder.every((o) => o.postOnly === true)).toBe(true);
  });

  it('places level 1 one tick beyond the rounded fair value and spaces levels by levelSpacingTicks', () => {
    const ladder = buildTargetLadder(flat, { ...defaultLadderConfig, levelSpacingTicks: 2 }, seededRandom(1));
    const bidPrices = [...new Set(bids(ladder).map((o) => o.price))];
    const askPrices = [...new Set(asks(ladder).map((o) => o.price))];
    // floor(113406.3 / 0.5) = 226812 ticks = 113406.0, then one tick of offset.
    expect(bidPrices.slice(0, 3)).toEqual(['113405.5', '113404.5', '113403.5']);
    expect(askPrices.slice(0, 3)).toEqual(['113407.0', '113408.0', '113409.0']);
  });

  it('moves a quote that would land on fair value one tick out', () => {
    const ladder = buildTargetLadder(
      { ...flat, fairValue: '100000' },
      { ...defaultLadderConfig, level1OffsetTicks: 0 },
      seededRandom(1),
    );
    expect(bids(ladder)[0].price).toBe('99999.5');
    expect(asks(ladder)[0].price).toBe('100000.5');
  });

  it('keeps every bid strictly below and every ask strictly above fair value, on the tick and lot grids, above min notional', () => {
    const tick = fc.constantFrom('0.5', '0.1', '0.01', '1');
    const fair = fc
      .tuple(fc.integer({ min: 1, max: 2_000_000_000 }), fc.integer({ min: 0, max: 6 }))
      .map(([units, scale]) => new Decimal(units).div(new Decimal(10).pow(scale)).toFixed(scale));
    fc.assert(
      fc.property(
        fair,
        tick,
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 10 }),
        fc.boolean(),
        fc.integer(),
        (fv, tickSize, positionTenths, offset, maxSkewTicks, sizeSkew, seed) => {
          const config: LadderConfig = {
            ...defaultLadderConfig,
            tickSize,
            level1OffsetTicks: offset,
            skew: { maxPosition: '1', maxSkewTicks, sizeSkew },
          };
          const ladder = buildTargetLadder(
            { fairValue: fv, position: (positionTenths / 10).toFixed(1), nowMs: 0 },
            config,
            seededRandom(seed),
          );
          for (const o of ladder) {
            const price = new Decimal(o.price);
            if (o.side === 'buy') expect(price.lt(fv)).toBe(true);
            else expect(price.gt(fv)).toBe(true);
            expect(price.gt(0)).toBe(true);
            expect(isMultiple(o.price, tickSize)).toBe(true);
            expect(isMultiple(o.quantity, config.lotSize)).toBe(true);
            expect(price.times(o.quantity).gte(config.minNotional)).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('jitters sizes within ±10 % of baseSize, reproducibly per seed', () => {
    const config = { ...defaultLadderConfig, baseSize: '0.05' };
    const a = buildTargetLadder(flat, config, seededRandom(42));
    const b = buildTargetLadder(flat, config, seededRandom(42));
    const c = buildTargetLadder(flat, config, seededRandom(43));
    expect(a).toEqual(b);
    expect(a.map((o) => o.quantity)).not.toEqual(c.map((o) => o.quantity));
    const quantities = a.map((o) => new Decimal(o.quantity));
    for (const q of quantities) {
      expect(q.gte('0.045')).toBe(true);
      expect(q.lte('0.055')).toBe(true);
    }
    // The jitter really spreads: not all sizes equal, both directions used.
    expect(quantities.some((q) => q.lt('0.05'))).toBe(true);
    expect(quantities.some((q) => q.gt('0.05'))).toBe(true);
  });

  it('raises a size below the minimum notional to the smallest compliant lot count', () => {
    const ladder = buildTargetLadder(
      { fairValue: '100', position: '0', nowMs: 0 },
      { ...defaultLadderConfig, tickSize: '0.01', baseSize: '0.0001', sizeJitterPct: 0 },
      seededRandom(1),
    );
    for (const o of ladder) {
      const notional = new Decimal(o.price).times(o.quantity);
      expect(notional.gte(1)).toBe(true);
      // One lot less would be below the minimum.
      expect(new Decimal(o.price).times(new Decimal(o.quantity).minus('0.0001')).lt(1)).toBe(true);
    }
  });

  it('skews prices down when long and up when short, by (position / maxPosition) · maxSkewTicks', () => {
    const config: LadderConfig = {
      ...defaultLadderConfig,
      level1OffsetTicks: 4,
      skew: { maxPosition: '2', maxSkewTicks: 6 },
    };
    const at = (position: string): TargetOrder[] =>
      buildTargetLadder({ ...flat, fairValue: '100000', position }, config, seededRandom(1));
    const flatLadder = at('0');
    const long = at('1'); // half of max → 3 ticks
    const short = at('-5'); // clamped to −max → −6 ticks
    expect(bids(flatLadder)[0].price).toBe('99998.0');
    expect(asks(flatLadder)[0].price).toBe('100002.0');
    expect(bids(long)[0].price).toBe('99996.5');
    expect(asks(long)[0].price).toBe('100000.5');
    // Short: bids move up 6 ticks but never reach fair value; asks move away.
    expect(bids(short)[0].price).toBe('99999.5');
    expect(asks(short)[0].price).toBe('100005.0');
  });

  it('with sizeSkew, shrinks the side that adds to the position and drops it at the maximum', () => {
    const config: LadderConfig = {
      ...defaultLadderConfig,
      sizeJitterPct: 0,
      baseSize: '0.01',
      skew: { maxPosition: '2', maxSkewTicks: 0, sizeSkew: true },
    };
    const half = buildTargetLadder({ ...flat, position: '1' }, config, seededRandom(1));
    expect(bids(half)[0].quantity).toBe('0.0050');
    expect(asks(half)[0].quantity).toBe('0.0150');
    const full = buildTargetLadder({ ...flat, position: '3' }, config, seededRandom(1));
    expect(bids(full)).toHaveLength(0);
    expect(asks(full)).toHaveLength(25);
  });

  it('converts bps offsets and volatility into whole ticks, rounding away from fair value', () => {
    const config: LadderConfig = {
      ...defaultLadderConfig,
      level1OffsetBps: 1,
      levelSpacingBps: 0.3,
      volatilityOffsetMultiplier: 2,
    };
    // 1 bp of 100000 = 10 = 20 ticks; 0.3 bp = 3 = 6 ticks; 2 × 0.5 bp vol = 1 bp = 20 more ticks.
    const ladder = buildTargetLadder(
      { fairValue: '100000', position: '0', nowMs: 0, volatilityBps: 0.5 },
      config,
      seededRandom(1),
    );
    expect(bids(ladder)[0].price).toBe('99980.0');
    expect(asks(ladder)[0].price).toBe('100020.0');
    expect(asks(ladder).find((o) => o.level === 2)!.price).toBe('100023.0');
  });

  it('rejects a bad fair value, position or configuration with typed errors', () => {
    const r = seededRandom(1);
    expect(() => buildTargetLadder({ ...flat, fairValue: '0' }, defaultLadderConfig, r)).toThrow(LadderInputError);
    expect(() => buildTargetLadder({ ...flat, fairValue: '1e5' }, defaultLadderConfig, r)).toThrow(/fairValue/);
    expect(() => buildTargetLadder({ ...flat, position: 'long' }, defaultLadderConfig, r)).toThrow(LadderInputError);
    expect(() => buildTargetLadder(flat, { ...defaultLadderConfig, tickSize: '-0.5' }, r)).toThrow(LadderConfigError);
    expect(() => buildTargetLadder(flat, { ...defaultLadderConfig, levels: 30 }, r)).toThrow(/levels/);
    expect(() => buildTargetLadder(flat, { ...defaultLadderConfig, levelSpacingTicks: 0 }, r)).toThrow(
      LadderConfigError,
    );
    expect(() => buildTargetLadder(flat, { ...defaultLadderConfig, sizeJitterPct: 100 }, r)).toThrow(/sizeJitterPct/);
  });
});
