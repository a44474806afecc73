import { FixFrameError } from './fix-frame-error';
import { FixFrameSplitter } from './frame-splitter';
import { frame, show } from './frame.test-util';

const heartbeat = (seq: number): Buffer => frame(`35=0|49=TRUEX_UAT_GW|56=CLI|34=${seq}|52=20250910-14:39:45.063673`);

function run(splitter: FixFrameSplitter, chunks: Buffer[]): { frames: string[]; errors: FixFrameError[] } {
  const frames: string[] = [];
  const errors: FixFrameError[] = [];
  for (const c of chunks) {
    splitter.push(
      c,
      (f) => frames.push(show(f)),
      (e) => errors.push(e),
    );
  }
  return { frames, errors };
}

function bytewise(buf: Buffer): Buffer[] {
  return [...buf].map((b) => Buffer.from([b]));
}

describe('FixFrameSplitter', () => {
  it('yields whole frames from one chunk holding several', () => {
    const { frames, errors } = run(new FixFrameSplitter(), [Buffer.concat([heartbeat(1), heartbeat(2), heartbeat(3)])]);
    expect(frames).toEqual([1, 2, 3].map((s) => show(heartbeat(s))));
    expect(errors).toEqual([]);
  });

  it('reassembles frames fed one byte at a time and holds the partial tail', () => {
    const splitter = new FixFrameSplitter();
    const both = Buffer.concat([heartbeat(1), heartbeat(2)]);
    const { frames } = run(splitter, bytewise(both.subarray(0, both.length - 3)));
    expect(frames).toEqual([show(heartbeat(1))]);
    expect(splitter.bufferedBytes).toBe(heartbeat(2).length - 3);
    const rest = run(splitter, [both.subarray(both.length - 3)]);
    expect(rest.frames).toEqual([show(heartbeat(2))]);
    expect(splitter.bufferedBytes).toBe(0);
  });

  it('accepts BodyLength with leading zeros (9=0000093)', () => {
    const body = '35=0|49=A|56=B|34=1|52=20250910-14:39:45.063';
    const padded = frame(body, { bodyLength: String(Buffer.byteLength(body) + 1).padStart(7, '0') });
    expect(show(padded)).toContain('|9=00000');
    const { frames, errors } = run(new FixFrameSplitter(), [padded]);
    expect(frames).toEqual([show(padded)]);
    expect(errors).toEqual([]);
  });

  it('rejects a bad checksum, then delivers the next frame', () => {
    const bad = Buffer.from(heartbeat(1));
    bad[bad.length - 2] = bad[bad.length - 2] === 0x30 ? 0x31 : 0x30;
    const { frames, errors } = run(new FixFrameSplitter(), [Buffer.concat([bad, heartbeat(2)])]);
    expect(frames).toEqual([show(heartbeat(2))]);
    expect(errors.map((e) => e.code)).toEqual(['BAD_CHECKSUM']);
    expect(errors[0]).toBeInstanceOf(FixFrameError);
  });

  it('rejects a BodyLength that is too long without waiting for more bytes', () => {
    const body = '35=0|49=A|56=B|34=1|52=20250910-14:39:45.063';
    const tooLong = frame(body, { bodyLength: String(Buffer.byteLength(body) + 500) });
    const { frames, errors } = run(new FixFrameSplitter(), [Buffer.concat([tooLong, heartbeat(2)])]);
    expect(frames).toEqual([show(heartbeat(2))]);
    expect(errors.map((e) => e.code)).toEqual(['BAD_BODY_LENGTH']);
  });

  it('rejects a BodyLength that is too short', () => {
    const body = '35=0|49=A|56=B|34=1|52=20250910-14:39:45.063';
    const tooShort = frame(body, { bodyLength: String(Buffer.byteLength(body) - 4) });
    const { frames, errors } = run(new FixFrameSplitter(), [Buffer.concat([tooShort, heartbeat(2)])]);
    expect(frames).toEqual([show(heartbeat(2))]);
    expect(errors.map((e) => e.code)).toEqual(['BAD_BODY_LENGTH']);
  });

  it('rejects a non-numeric BodyLength and a missing one', () => {
    const { frames, errors } = run(new FixFrameSplitter(), [
      Buffer.from('8=FIXT.1.1\u00019=12a\u000135=0\u0001'),
      Buffer.from('8=FIXT.1.1\u000135=0\u0001'),
      heartbeat(3),
    ]);
    expect(frames).toEqual([show(heartbeat(3))]);
    expect(errors.map((e) => e.code)).toEqual(['BAD_BODY_LENGTH', 'BAD_BODY_LENGTH']);
  });

  it('rejects a foreign BeginString', () => {
    const fix44 = frame('35=0|49=A|56=B|34=1|52=20250910-14:39:45.063', { beginString: 'FIX.4.4' });
    const { frames, errors } = run(new FixFrameSplitter(), [Buffer.concat([fix44, heartbeat(2)])]);
    expect(frames).toEqual([show(heartbeat(2))]);
    expect(errors.map((e) => e.code)).toEqual(['BAD_BEGIN_STRING']);
  });

  it('honours a configured BeginString', () => {
    const fix44 = frame('35=0|49=A|56=B|34=1|52=20250910-14:39:45.063', { beginString: 'FIX.4.4' });
    const { frames, errors } = run(new FixFrameSplitter({ beginString: 'FIX.4.4' }), [fix44, heartbeat(2)]);
    expect(frames).toEqual([show(fix44)]);
    expect(errors.map((e) => e.code)).toEqual(['BAD_BEGIN_STRING']);
  });

  it('skips garbage between frames, reports it once per run, and keeps going', () => {
    const { frames, errors } = run(new FixFrameSplitter(), [
      Buffer.concat([Buffer.from('hello world'), heartbeat(1), Buffer.from('xx18=9'), heartbeat(2)]),
    ]);
    expect(frames).toEqual([show(heartbeat(1)), show(heartbeat(2))]);
    expect(errors.map((e) => [e.code, e.skippedBytes])).toEqual([
      ['GARBAGE', 11],
      ['GARBAGE', 6],
    ]);
  });

  it('finds a frame start split across chunks after garbage', () => {
    const hb = heartbeat(1);
    const { frames } = run(new FixFrameSplitter(), [
      Buffer.concat([Buffer.from('junk'), hb.subarray(0, 5)]),
      hb.subarray(5),
    ]);
    expect(frames).toEqual([show(hb)]);
  });

  it('recovers a valid frame that starts inside a truncated one', () => {
    const truncated = heartbeat(1).subarray(0, 30);
    const { frames, errors } = run(new FixFrameSplitter(), bytewise(Buffer.concat([truncated, heartbeat(2)])));
    expect(frames).toEqual([show(heartbeat(2))]);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0].code).toBe('BAD_BODY_LENGTH');
  });

  it('caps the frame size', () => {
    const big = frame(`35=0|49=A|56=B|34=1|52=20250910-14:39:45.063|58=${'x'.repeat(200)}`);
    const { frames, errors } = run(new FixFrameSplitter({ maxFrameBytes: 128 }), [
      big.subarray(0, 20),
      Buffer.concat([big.subarray(20), heartbeat(2)]),
    ]);
    expect(frames).toEqual([show(heartbeat(2))]);
    expect(errors.map((e) => e.code)).toEqual(['FRAME_TOO_LARGE']);
  });

  it('keeps at most a few bytes of pure garbage buffered', () => {
    const splitter = new FixFrameSplitter();
    const { errors } = run(splitter, [Buffer.alloc(100_000, 0x41)]);
    expect(splitter.bufferedBytes).toBeLessThan(16);
    expect(errors.map((e) => e.code)).toEqual(['GARBAGE']);
  });

  it('reset() drops a partial frame', () => {
    const splitter = new FixFrameSplitter();
    run(splitter, [heartbeat(1).subarray(0, 40)]);
    expect(splitter.bufferedBytes).toBe(40);
    splitter.reset();
    expect(splitter.bufferedBytes).toBe(0);
    expect(run(splitter, [heartbeat(2)]).frames).toEqual([show(heartbeat(2))]);
  });

  it('stays consistent when the frame consumer throws', () => {
    const splitter = new FixFrameSplitter();
    const seen: string[] = [];
    expect(() =>
      splitter.push(Buffer.concat([heartbeat(1), heartbeat(2)]), (f) => {
        seen.push(show(f));
        throw new Error('consumer failed');
      }),
    ).toThrow('consumer failed');
    splitter.push(Buffer.alloc(0), (f) => seen.push(show(f)));
    expect(seen).toEqual([show(heartbeat(1)), show(heartbeat(2))]);
  });

  it('hands out frames that stay intact after later pushes', () => {
    const splitter = new FixFrameSplitter();
    const kept: Buffer[] = [];
    const hb1 = heartbeat(1);
    splitter.push(hb1.subarray(0, 10), (f) => kept.push(f));
    splitter.push(hb1.subarray(10), (f) => kept.push(f));
    splitter.push(heartbeat(2), (f) => kept.push(f));
    expect(kept.map(show)).toEqual([show(hb1), show(heartbeat(2))]);
  });
});
