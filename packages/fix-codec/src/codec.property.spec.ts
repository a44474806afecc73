import fc from 'fast-check';
import { CompiledGroups, decodeFix } from './decoder';
import { encodeFix, type FixHeader } from './encoder';
import type { FixField } from './fix-field';
import { FixFrameSplitter } from './frame-splitter';
import { loadCaptures, show } from './frame.test-util';

// Property runs are bounded so the whole file stays well under a few seconds.
const RUNS = { numRuns: Number(process.env.FIX_CODEC_RUNS ?? 200) };

const GROUP = { countTag: 9000, memberTags: [9001, 9002, 9003] };
const groups = new CompiledGroups([GROUP]);
const RESERVED = new Set([8, 9, 10, 34, 35, 43, 49, 52, 56, 97, 122, 1128, 9000, 9001, 9002, 9003]);

const value = fc
  .oneof(
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
  )
  .filter((s) => !s.includes('\u0001'));
const tag = fc.integer({ min: 1, max: 99_999 }).filter((t) => !RESERVED.has(t));
const plainField = fc.tuple(tag, value);
const groupEntry = fc.record({
  first: value,
  second: fc.option(value, { nil: undefined }),
  third: fc.option(value, { nil: undefined }),
});
const header = fc.record({
  senderCompId: value,
  targetCompId: value,
  msgSeqNum: fc.integer({ min: 1, max: 2 ** 31 }),
  sendingTime: value,
  possDupFlag: fc.option(fc.boolean(), { nil: undefined }),
  possResend: fc.option(fc.boolean(), { nil: undefined }),
});
const msgType = fc.string({
  unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
  minLength: 1,
  maxLength: 2,
});

describe('codec properties', () => {
  it('encode → decode returns every header field, body field and group entry unchanged', () => {
    fc.assert(
      fc.property(
        msgType,
        header,
        fc.array(plainField, { maxLength: 15 }),
        fc.array(groupEntry, { maxLength: 4 }),
        fc.array(plainField, { maxLength: 5 }),
        (type, h: FixHeader, before, entries, after) => {
          const body: FixField[] = [...before];
          if (entries.length > 0) {
            body.push([9000, String(entries.length)]);
            for (const e of entries) {
              body.push([9001, e.first]);
              if (e.second !== undefined) body.push([9002, e.second]);
              if (e.third !== undefined) body.push([9003, e.third]);
            }
          }
          body.push(...after);
          const m = decodeFix(encodeFix(type, h, body), { groups });
          expect(m.msgType).toBe(type);
          const fields = m.fields();
          expect(m.get(49)).toBe(h.senderCompId);
          expect(m.get(56)).toBe(h.targetCompId);
          expect(m.getInt(34)).toBe(h.msgSeqNum);
          expect(m.get(52)).toBe(h.sendingTime);
          expect(m.getBoolean(43)).toBe(h.possDupFlag);
          expect(m.getBoolean(97)).toBe(h.possResend);
          expect(fields.slice(fields.length - 1 - body.length, -1)).toEqual(body);
          const decoded = m.group(9000).map((e) => ({ first: e.get(9001), second: e.get(9002), third: e.get(9003) }));
          expect(decoded).toEqual(entries);
          const first = new Map<number, string>();
          for (const [t, v] of [...before, ...after]) if (!first.has(t)) first.set(t, v);
          for (const [t, v] of first) expect(m.get(t)).toBe(v);
        },
      ),
      RUNS,
    );
  });

  const captures = loadCaptures();
  const stream = Buffer.concat(captures.slice(55, 80));
  const expected = captures.slice(55, 80).map(show);

  function split(chunks: Buffer[]): { frames: string[]; errors: number } {
    const splitter = new FixFrameSplitter();
    const frames: string[] = [];
    let errors = 0;
    for (const c of chunks) {
      splitter.push(
        c,
        (f) => frames.push(show(f)),
        () => errors++,
      );
    }
    return { frames, errors };
  }

  function cut(buf: Buffer, points: number[]): Buffer[] {
    const sorted = [...new Set(points.map((p) => p % (buf.length + 1)))].sort((a, b) => a - b);
    const out: Buffer[] = [];
    let from = 0;
    for (const p of sorted) {
      out.push(buf.subarray(from, p));
      from = p;
    }
    out.push(buf.subarray(from));
    return out;
  }

  it('produces the same frames under any chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), (points) => {
        expect(split(cut(stream, points))).toEqual({ frames: expected, errors: 0 });
      }),
      RUNS,
    );
  });

  const fragments = [
    '8=',
    'FIXT.1.1',
    '\u0001',
    '9=',
    '10=',
    '35=',
    '123',
    '0',
    '=',
    '\u000110=',
    '8=FIXT.1.1\u00019=5\u0001',
  ];
  const garbage = fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 80 }).map((a) => Buffer.from(a)),
    fc
      .array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 12 })
      .map((parts) => Buffer.from(parts.join(''), 'latin1')),
  );

  it('never throws on garbage and still delivers every valid frame that follows it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(garbage, fc.integer({ min: 0, max: expected.length - 1 })), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (pieces, points) => {
          const parts: Buffer[] = [];
          const frames: string[] = [];
          for (const [junk, i] of pieces) {
            parts.push(junk, captures[55 + i]);
            frames.push(expected[i]);
          }
          const result = split(cut(Buffer.concat(parts), points));
          expect(result.frames).toEqual(frames);
          expect(result.errors).toBeGreaterThan(0);
        },
      ),
      RUNS,
    );
  });

  it('never throws on pure garbage and keeps its buffer bounded', () => {
    fc.assert(
      fc.property(fc.array(garbage, { maxLength: 20 }), (chunks) => {
        const splitter = new FixFrameSplitter({ maxFrameBytes: 256 });
        for (const c of chunks) splitter.push(c, () => undefined);
        expect(splitter.bufferedBytes).toBeLessThanOrEqual(256);
      }),
      RUNS,
    );
  });
});
