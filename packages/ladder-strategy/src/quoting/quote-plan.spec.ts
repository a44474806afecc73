import { seededRandom } from '@truex-mm/clock';
import type { QuoteSide } from '../target-order';
import { QuotePlanner, planQuotes, type PlanInput, type PlanOrder, type PlannedStep } from './quote-plan';
import { oraclePlanQuotes } from './quote-plan.oracle.test-util';

/** A random pass: a ladder around fair value with orders on, between, beyond and off its levels, some pending. */
function randomInput(random: () => number, nowMs: number): PlanInput {
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const levels = int(1, 10);
  const spacing = int(1, 4);
  const edge = int(0, 3);
  const den = int(1, 4);
  const fairTicks = 10_000 + int(-20, 20);
  const num = fairTicks * den + int(0, den - 1);
  const anchors = { buy: fairTicks - edge - int(0, 6), sell: fairTicks + edge + int(0, 6) };
  const shape = { level1OffsetTicks: edge + spacing, levelSpacingTicks: spacing, minEdgeTicks: edge };
  const wanted = (): number[] => Array.from({ length: levels }, () => (random() < 0.1 ? 0 : int(1, 4)));
  const perLevel = { buy: random() < 0.1 ? wanted().map(() => 0) : wanted(), sell: wanted() };
  const live: PlanOrder[] = [];
  const count = int(0, 60);
  for (let i = 0; i < count; i++) {
    const side: QuoteSide = random() < 0.5 ? 'buy' : 'sell';
    const away = int(-3, levels * spacing + 4);
    const priceTicks = random() < 0.03 ? undefined : side === 'buy' ? anchors.buy - away : anchors.sell + away;
    // Few distinct expiries, so ties are common (the sorts must keep their order as Array.prototype.sort does).
    live.push({ clOrdId: `o${i}`, side, priceTicks, pending: random() < 0.15, expiresAtMs: nowMs + int(-3, 3) * 100 });
  }
  return {
    fairValue: { num, den },
    anchors,
    shape,
    perLevel,
    live,
    openOrderLimit: int(0, 70),
    nowMs,
    tokens: int(0, 30),
    urgentAllowance: int(0, 5),
    levelTolerance: int(0, 2),
  };
}

describe('planQuotes / QuotePlanner', () => {
  it('plans exactly what the former implementation planned (oracle), pass after pass', () => {
    const random = seededRandom(14);
    const planner = new QuotePlanner();
    let nonEmpty = 0;
    for (let pass = 0; pass < 3000; pass++) {
      const input = randomInput(random, 1_000_000 + pass);
      const expected = oraclePlanQuotes(input);
      if (expected.length > 0) nonEmpty++;
      expect(planQuotes(input)).toEqual(expected);
      // The reused planner, whose working arrays carry the previous pass's contents, plans the same.
      const count = planner.plan(input);
      const reused: PlannedStep[] = [];
      for (let k = 0; k < count; k++) reused.push(withoutUndefined({ ...planner.step(k) }));
      expect(reused).toEqual(expected);
    }
    // The passes exercised the planner (not a run of empty plans).
    expect(nonEmpty).toBeGreaterThan(2000);
  });

  it('reuses its step objects from pass to pass', () => {
    const planner = new QuotePlanner();
    const random = seededRandom(3);
    let input = randomInput(random, 0);
    while (oraclePlanQuotes(input).length === 0) input = randomInput(random, 0);
    const count = planner.plan(input);
    const first = Array.from({ length: count }, (_, k) => planner.step(k));
    expect(planner.plan(input)).toBe(count);
    for (let k = 0; k < count; k++) expect(planner.step(k)).toBe(first[k]);
  });
});

function withoutUndefined(step: PlannedStep): PlannedStep {
  return Object.fromEntries(Object.entries(step).filter(([, v]) => v !== undefined)) as unknown as PlannedStep;
}
