import { Tag } from './constants';
import { decodeFix } from './decoder';
import { encodeFix, encodeFixFields, type FixHeader } from './encoder';
import { FixEncodeError } from './fix-encode-error';
import { FixWriter } from './fix-writer';
import { frame, show, thrown } from './frame.test-util';

const header: FixHeader = {
  senderCompId: 'CLIENT_UAT',
  targetCompId: 'TRUEX_UAT_OE',
  msgSeqNum: 2,
  sendingTime: '20251010-13:35:58.300',
};

describe('encodeFix', () => {
  it('writes 8, 9, 35, 49, 56, 34, 52, body, 10 with BodyLength and CheckSum (matches a hand-built frame)', () => {
    const out = encodeFix('D', header, [
      [11, 'ORD-760103356197'],
      [55, 'BTC-PYUSD'],
    ]);
    const expected = frame(
      '35=D|49=CLIENT_UAT|56=TRUEX_UAT_OE|34=2|52=20251010-13:35:58.300|11=ORD-760103356197|55=BTC-PYUSD',
    );
    expect(show(out)).toBe(show(expected));
  });

  it('adds 43 and 97 after 52 when set, and never 122', () => {
    const out = encodeFix('0', { ...header, possDupFlag: true, possResend: false }, []);
    expect(show(out)).toMatch(/\|34=2\|52=20251010-13:35:58\.300\|43=Y\|97=N\|10=\d{3}\|$/);
    expect(show(out)).not.toContain('|122=');
  });

  it('refuses header tags, 122 and checksum tags in the body', () => {
    for (const tag of [Tag.SenderCompID, Tag.MsgSeqNum, Tag.SendingTime, Tag.PossDupFlag, Tag.OrigSendingTime, 10, 8]) {
      expect(thrown(() => encodeFix('D', header, [[tag, 'x']]))).toMatchObject({ tag });
    }
    expect(thrown(() => encodeFix('4', header, [[122, '20251010-13:35:58.300']]))).toBeInstanceOf(FixEncodeError);
  });

  it('refuses SOH inside values, empty values, bad tags and bad sequence numbers', () => {
    expect(thrown(() => encodeFix('D', header, [[58, 'a\u0001b']]))).toMatchObject({ code: 'SOH_IN_VALUE', tag: 58 });
    expect(thrown(() => encodeFix('D', header, [[58, 'é\u0001b']]))).toMatchObject({ code: 'SOH_IN_VALUE' });
    expect(thrown(() => encodeFix('D', header, [[58, '']]))).toMatchObject({ code: 'EMPTY_VALUE' });
    expect(thrown(() => encodeFix('D', header, [[0, 'x']]))).toMatchObject({ code: 'BAD_TAG' });
    expect(thrown(() => encodeFix('D', header, [[1.5, 'x']]))).toMatchObject({ code: 'BAD_TAG' });
    expect(thrown(() => encodeFix('D', { ...header, msgSeqNum: 0 }, []))).toMatchObject({ code: 'BAD_HEADER' });
  });

  it('stays usable after a refused message (shared buffer is reset)', () => {
    thrown(() => encodeFix('D', header, [[58, 'a\u0001b']]));
    const m = decodeFix(encodeFix('0', header, [[112, 'T1']]));
    expect(m.get(112)).toBe('T1');
    expect(m.get(58)).toBeUndefined();
  });

  it('counts UTF-8 bytes in BodyLength and CheckSum', () => {
    const out = encodeFix('3', header, [
      [45, '1'],
      [58, 'refusé €'],
    ]);
    expect(decodeFix(out).get(58)).toBe('refusé €');
  });

  it('returns independent buffers', () => {
    const a = encodeFix('0', header, [[112, 'A']]);
    const b = encodeFix('0', header, [[112, 'B']]);
    expect(decodeFix(a).get(112)).toBe('A');
    expect(decodeFix(b).get(112)).toBe('B');
  });

  it('grows past its initial buffer for large messages', () => {
    const text = 'x'.repeat(10_000);
    expect(decodeFix(encodeFix('3', header, [[58, text]])).get(58)).toBe(text);
  });
});

describe('encodeFixFields', () => {
  it('keeps the given field order and can zero-pad BodyLength', () => {
    const out = encodeFixFields(
      [
        [35, '0'],
        [34, '1'],
        [49, 'A'],
        [52, '20250101-00:00:00'],
        [56, 'B'],
      ],
      'FIXT.1.1',
      { bodyLengthDigits: 7 },
    );
    expect(show(out)).toMatch(/^8=FIXT\.1\.1\|9=00000\d\d\|35=0\|34=1\|49=A\|52=20250101-00:00:00\|56=B\|10=\d{3}\|$/);
    expect(decodeFix(out).get(56)).toBe('B');
  });

  it('requires 35 first', () => {
    expect(thrown(() => encodeFixFields([[49, 'A']]))).toMatchObject({ code: 'BAD_HEADER' });
  });
});

describe('FixWriter', () => {
  it('writes integers without strings and negative numbers', () => {
    const w = new FixWriter(16);
    const out = w.begin('X').intField(34, 1234567).intField(9999, -42).intField(36, 0).finish();
    const m = decodeFix(out);
    expect([m.getInt(34), m.getInt(9999), m.getInt(36)]).toEqual([1234567, -42, 0]);
  });

  it('refuses use outside begin()/finish()', () => {
    const w = new FixWriter();
    expect(thrown(() => w.field(58, 'x'))).toMatchObject({ code: 'BAD_HEADER' });
    expect(thrown(() => w.finish())).toMatchObject({ code: 'BAD_HEADER' });
    expect(thrown(() => w.begin('0', 'FIX\u0001T'))).toMatchObject({ code: 'BAD_HEADER' });
  });
});
