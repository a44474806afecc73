import {
  decodeEnvelopes,
  ENCODE_SLICE,
  encodeEnvelopes,
  encodeEnvelopesInSlices,
  type EventEnvelope,
} from './event-envelope';
import { eventMix } from './trading-events.test-util';
import { PersistenceError } from './persistence-error';

describe('event envelopes', () => {
  it('round-trips a batch', () => {
    const batch = [{ source: 's', seq: 1, event: { type: 'run-ended' as const, runId: 'r', timeMs: 5 } }];
    expect(decodeEnvelopes(encodeEnvelopes(batch))).toEqual(batch);
  });

  it.each([
    ['not json', '{'],
    ['not an array', '{}'],
    ['unknown type', '[{"source":"s","seq":1,"event":{"type":"boom","runId":"r","timeMs":1}}]'],
    ['missing runId', '[{"source":"s","seq":1,"event":{"type":"run-ended","timeMs":1}}]'],
    ['missing seq', '[{"source":"s","event":{"type":"run-ended","runId":"r","timeMs":1}}]'],
  ])('rejects %s with a typed MALFORMED_EVENT error', (_name, text) => {
    expect(() => decodeEnvelopes(text)).toThrow(PersistenceError);
    try {
      decodeEnvelopes(text);
    } catch (error) {
      expect((error as PersistenceError).code).toBe('MALFORMED_EVENT');
    }
  });
});

describe('encodeEnvelopesInSlices', () => {
  const batchOf = (n: number): EventEnvelope[] =>
    eventMix('r', Math.ceil(n / 3), 1_767_225_600_000)
      .slice(0, n)
      .map((event, i) => ({ source: 'src', seq: i + 1, event }));

  it.each([0, 1, ENCODE_SLICE, ENCODE_SLICE + 1, 500])(
    'produces exactly the text of encodeEnvelopes for %i envelopes',
    async (n) => {
      const batch = batchOf(n);
      expect(await encodeEnvelopesInSlices(batch, async () => {})).toBe(encodeEnvelopes(batch));
    },
  );

  it('yields to the event loop between slices, never inside one', async () => {
    let yields = 0;
    await encodeEnvelopesInSlices(batchOf(500), async () => {
      yields++;
    });
    expect(yields).toBe(Math.ceil(500 / ENCODE_SLICE) - 1);
    yields = 0;
    await encodeEnvelopesInSlices(batchOf(ENCODE_SLICE), async () => {
      yields++;
    });
    expect(yields).toBe(0);
  });

  it('lets timers run while a large batch is encoded', async () => {
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const text = await encodeEnvelopesInSlices(batchOf(3000));
    expect(timerRan).toBe(true);
    expect(decodeEnvelopes(text)).toHaveLength(3000);
  });
});
