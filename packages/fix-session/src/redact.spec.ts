import { redactFix } from './redact';

describe('redactFix', () => {
  const logon =
    '8=FIXT.1.1\x019=120\x0135=A\x0149=C\x0156=T\x0134=1\x0152=20250101-00:00:00.000\x0198=0\x01108=30\x01' +
    '553=11111111-2222-3333-4444-555555555555\x01554=a4hcM4/uV2RKeePxnH/94u8TG8hd/Ipn2OAwsxc1/DQ=\x011137=9\x0110=123\x01';

  it('masks 553 and 554 and shows SOH as |', () => {
    const text = redactFix(Buffer.from(logon, 'latin1'));
    expect(text).toContain('|553=***|554=***|');
    expect(text).not.toContain('11111111-2222');
    expect(text).not.toContain('a4hcM4');
    expect(text).toContain('|98=0|108=30|553=***|554=***|1137=9|10=123|');
    expect(text).not.toContain('\x01');
  });

  it('does not mask tags that merely end in 553/554, and handles pipe-delimited input', () => {
    expect(redactFix('8=FIXT.1.1|1553=keep|554=secret|')).toBe('8=FIXT.1.1|1553=keep|554=***|');
  });
});
