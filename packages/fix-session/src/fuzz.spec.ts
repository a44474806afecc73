import fc from 'fast-check';
import * as codec from '@truex-mm/fix-codec';
import { decodeFix, FixDecodeError, FixFrameError, FixFrameSplitter, formatUtcTimestamp } from '@truex-mm/fix-codec';
import { EngineHarness } from './engine.test-util';
import { garbledFrame } from './fuzz.test-util';
import { redactFix } from './redact';

// 100 runs x 100 frames = 10 000 garbled frames per property. The seed is fixed (override with FUZZ_SEED);
// fast-check prints the seed and the shrunk counterexample when a property fails.
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const RUNS = { seed: SEED, numRuns: 100 };
const FRAMES_PER_RUN = 100;
const START = Date.UTC(2026, 0, 1, 12);
const frames = fc.array(garbledFrame(2, formatUtcTimestamp(START)), {
  minLength: FRAMES_PER_RUN,
  maxLength: FRAMES_PER_RUN,
});

type Reader = (m: codec.FixMessage) => unknown;
const READERS: Array<[string, Reader]> = Object.entries(codec as Record<string, unknown>)
  .filter(([name, value]) => name.startsWith('read') && typeof value === 'function')
  .map(([name, value]) => [name, value as Reader]);

/** What the fuzz run saw, printed with FUZZ_REPORT=1 (the numbers in the README come from here). */
const stats = {
  frames: 0,
  splitterErrors: new Map<string, number>(),
  decodeErrors: new Map<string, number>(),
  readerErrors: 0,
  closures: new Map<string, number>(),
  /** Exceptions the engine's error boundary caught (0 means every case is handled by a rule, not by the net). */
  engineInboundErrors: 0,
  engineGarbled: 0,
  sessionRejectsSent: 0,
};
const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);

function tally(h: EngineHarness): void {
  stats.engineInboundErrors += h.counters.inboundErrors;
  stats.engineGarbled += h.counters.garbled;
  stats.sessionRejectsSent += h.sent('3').length;
}

afterAll(() => {
  if (process.env.FUZZ_REPORT) console.warn('fuzz report (seed %d): %o', SEED, stats);
});

describe(`fuzz: garbled FIX frames (seed ${SEED})`, () => {
  it('splitter, decoder and every typed reader fail only with their typed errors', () => {
    fc.assert(
      fc.property(frames, (batch) => {
        const splitter = new FixFrameSplitter();
        for (const bytes of batch) {
          stats.frames++;
          splitter.push(
            bytes,
            (frame) => {
              let message: codec.FixMessage;
              try {
                message = decodeFix(frame);
              } catch (error) {
                if (!(error instanceof FixDecodeError)) throw error;
                bump(stats.decodeErrors, error.code);
                return;
              }
              for (const [name, read] of READERS) {
                try {
                  read(message);
                } catch (error) {
                  if (!(error instanceof FixDecodeError)) {
                    throw new Error(`${name} threw ${String(error)} on ${redactFix(frame)}`);
                  }
                  stats.readerErrors++;
                }
              }
            },
            (error) => {
              // Plain checks in the loops: an expect() per frame costs more than the code under test.
              if (!(error instanceof FixFrameError)) throw new Error(`splitter reported ${String(error)}`);
              bump(stats.splitterErrors, error.code);
            },
          );
        }
      }),
      RUNS,
    );
  });

  it('the session engine never throws, counts what it skips, and still works for a valid message afterwards', () => {
    fc.assert(
      fc.property(frames, (batch) => {
        let h = new EngineHarness();
        h.logon();
        for (const bytes of batch) {
          const before = h.counters.garbled + h.counters.messagesIn + h.counters.inboundErrors;
          try {
            h.engine.receive(bytes);
          } catch (error) {
            throw new Error(`receive threw ${String(error)} on ${redactFix(bytes)}`);
          }
          if (h.counters.garbled + h.counters.messagesIn + h.counters.inboundErrors < before) {
            throw new Error('inbound counters went down');
          }
          if (h.engine.state === 'closed') {
            // A deliberate protocol reaction (too-low MsgSeqNum, CompID, Logout, ...): note why, carry on afresh.
            bump(stats.closures, h.closedWith()?.error?.code ?? h.closedWith()?.reason ?? '?');
            tally(h);
            h = new EngineHarness();
            h.logon();
          }
        }
        tally(h);
        // Whatever the garbage left behind (a half frame in the splitter, a gap, queued messages), the next valid
        // message carrying the expected MsgSeqNum is delivered.
        const delivered = h.appMessages().length;
        const seq = h.engine.sequence.nextIncoming;
        h.venue(
          '8',
          [
            [37, '1'],
            [17, 'CHECK'],
            [150, '0'],
            [39, '0'],
            [55, 'X'],
            [54, '1'],
            [151, '1'],
            [14, '0'],
          ],
          {
            seq,
            possDup: true,
          },
        );
        expect(h.engine.state).toBe('active');
        expect(
          h
            .appMessages()
            .slice(delivered)
            .some((m) => m.get(17) === 'CHECK'),
        ).toBe(true);
      }),
      RUNS,
    );
  });
});
