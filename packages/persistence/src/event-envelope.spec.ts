import { decodeEnvelopes, encodeEnvelopes } from './event-envelope';
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
