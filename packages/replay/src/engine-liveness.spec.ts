import type { SentAction } from '@truex-mm/quoting-engine';
import { REPLAY_START_MS, runReplay, type ReplayHandles } from './replay';

/**
 * The engine's when-not-to-quote rules for a silent venue, a silent reference feed and an open sequence gap, on the
 * deterministic replay (real engine, real FIX client, the TrueX simulator in memory, a BTC-like market).
 */
describe('quoting engine liveness rules (replay)', () => {
  type Probe = { actions: SentAction[]; venueOrders: Map<number, number> };

  async function scenario(fault: (h: ReplayHandles, on: boolean) => void): Promise<Probe> {
    const probe: Probe = { actions: [], venueOrders: new Map() };
    const report = await runReplay({
      market: { kind: 'scenario', name: 'btc' },
      seed: 2,
      durationMs: 40_000,
      script: (t, h) => {
        if (t === 0) h.engine.on('action', (a) => probe.actions.push(a));
        if (t === 15_000) fault(h, true);
        if (t === 25_000) fault(h, false);
        if (t % 1000 === 0) probe.venueOrders.set(t, h.venue.openOrders(h.clientId).length);
      },
    });
    // Every scenario ends with our view against the venue's: its active orders and its net fills.
    expect(report.venueTruth.ourLiveOrders).toBe(report.venueTruth.venueActiveOrders);
    expect(Number(report.venueTruth.ourPosition)).toBe(Number(report.venueTruth.venueNetFills));
    return probe;
  }

  /** Order messages other than cancels sent while the fault was on (market time 15–25 s). */
  const placedDuringFault = (p: Probe): SentAction[] =>
    p.actions.filter(
      (a) => a.kind !== 'cancel' && a.timeMs >= REPLAY_START_MS + 15_000 && a.timeMs < REPLAY_START_MS + 25_000,
    );

  it('venue unresponsive (1.5 heartbeats of silence): quotes pulled, nothing new sent, quoting resumes after', async () => {
    const p = await scenario((h, silent) => h.engine.onSessionLiveness(!silent));
    expect(p.venueOrders.get(14_000)).toBe(50);
    // Pulled within the budget: 50 cancels at 8/s.
    expect(p.venueOrders.get(23_000)).toBe(0);
    expect(p.venueOrders.get(39_000)).toBeGreaterThanOrEqual(45);
    expect(placedDuringFault(p)).toEqual([]);
  });

  it('reference feed silent beyond its heartbeat: no order placed on the frozen price, quotes pulled', async () => {
    const p = await scenario((h, silent) => h.engine.onReferenceLiveness(!silent));
    expect(placedDuringFault(p)).toEqual([]);
    expect(p.venueOrders.get(23_000)).toBe(0);
    expect(p.venueOrders.get(39_000)).toBeGreaterThanOrEqual(45);
  });

  it('inbound sequence gap open: only cancels go out until it closes', async () => {
    const p = await scenario((h, open) => h.engine.onSessionGap(open));
    const during = p.actions.filter((a) => a.timeMs >= REPLAY_START_MS + 15_000 && a.timeMs < REPLAY_START_MS + 25_000);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((a) => a.kind === 'cancel')).toBe(true);
    expect(p.venueOrders.get(39_000)).toBeGreaterThanOrEqual(45);
  });
});

describe('an order that filled while its report was lost (replay)', () => {
  it('a cancel answered "unknown order" (35=9 102=1) is settled by the venue’s status: the fill is booked once', async () => {
    const fills: Array<{ clOrdId: string; source: string }> = [];
    let filledClOrdId: string | undefined;
    let gapSeen = false;
    let end: { ours: string[]; venue: string[]; position: number; venueNet: number } | undefined;
    const units = (q: string): number => Math.round(Number(q) * 1e8);
    await runReplay({
      market: { kind: 'scenario', name: 'btc' },
      seed: 3,
      durationMs: 45_000,
      script: (t, h) => {
        if (t === 0) h.engine.on('fill', (f) => fills.push({ clOrdId: f.clOrdId, source: f.source }));
        if (t === 12_000) {
          // The venue fills one order; its execution report is lost, and the venue ignores our ResendRequest for it.
          h.venue.faults.ignoreResendRequests(true);
          h.venue.faults.dropNextOutbound(1);
          filledClOrdId = h.venue.faults.fillOrders(h.clientId, 1)[0]!.clOrdId;
        }
        if (t > 12_000 && t < 25_000) gapSeen ||= h.engine.status().venue.sequenceGapOpen;
        if (t === 25_000) h.venue.faults.ignoreResendRequests(false); // the report resent late must book nothing twice
        if (t === 42_000) h.engine.pause('end of scenario');
        if (t === 45_000) {
          end = {
            ours: h.engine.adapter
              .liveOrders()
              .map((o) => o.clOrdId)
              .sort(),
            venue: h.venue
              .openOrders(h.clientId)
              .map((o) => o.clOrdId)
              .sort(),
            position: units(h.engine.risk.ledger.snapshot().base),
            venueNet: h.venue.fills().reduce((s, f) => s + (f.side === '1' ? 1 : -1) * units(f.lastQty), 0),
          };
        }
      },
    });
    expect(filledClOrdId).toBeDefined();
    expect(gapSeen).toBe(true);
    expect(fills.filter((f) => f.clOrdId === filledClOrdId)).toHaveLength(1);
    expect(end!.position).toBe(end!.venueNet);
    expect(end!.ours).toEqual(end!.venue);
  });
});
