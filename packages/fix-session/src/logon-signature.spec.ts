import { trueXLogonSignature } from './logon-signature';

describe('trueXLogonSignature', () => {
  const vector = {
    secret: 'test-secret',
    sendingTime: '20250101-00:00:00.000',
    msgSeqNum: 1,
    senderCompId: 'CLIENT_UAT',
    targetCompId: 'TRUEX_UAT_OE',
    apiKey: '11111111-2222-3333-4444-555555555555',
  };

  it('matches the worked test vector of the TrueX README §3.3.1', () => {
    expect(trueXLogonSignature(vector)).toBe('a4hcM4/uV2RKeePxnH/94u8TG8hd/Ipn2OAwsxc1/DQ=');
  });

  it('accepts MsgSeqNum as the string sent in 34', () => {
    expect(trueXLogonSignature({ ...vector, msgSeqNum: '1' })).toBe(trueXLogonSignature(vector));
  });

  it('changes with every signed input (order and content matter)', () => {
    const base = trueXLogonSignature(vector);
    expect(trueXLogonSignature({ ...vector, sendingTime: '20250101-00:00:00.001' })).not.toBe(base);
    expect(trueXLogonSignature({ ...vector, msgSeqNum: 2 })).not.toBe(base);
    expect(trueXLogonSignature({ ...vector, senderCompId: 'TRUEX_UAT_OE', targetCompId: 'CLIENT_UAT' })).not.toBe(base);
    expect(trueXLogonSignature({ ...vector, secret: 'test-secreT' })).not.toBe(base);
  });
});
