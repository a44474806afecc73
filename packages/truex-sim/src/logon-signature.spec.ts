import { trueXLogonSignature } from '@truex-mm/fix-session';
import { expectedLogonSignature, isValidLogonSignature } from './logon-signature';

const vector = {
  sendingTime: '20250101-00:00:00.000',
  msgSeqNum: '1',
  senderCompId: 'CLIENT_UAT',
  targetCompId: 'TRUEX_UAT_OE',
  apiKey: '11111111-2222-3333-4444-555555555555',
};

describe('logon signature (README §3.3.1)', () => {
  it('matches the worked test vector', () => {
    expect(expectedLogonSignature('test-secret', vector)).toBe('a4hcM4/uV2RKeePxnH/94u8TG8hd/Ipn2OAwsxc1/DQ=');
  });

  it('agrees with the initiator’s trueXLogonSignature from fix-session', () => {
    const input = { ...vector, sendingTime: '20260102-03:04:05.678', msgSeqNum: '7' };
    expect(expectedLogonSignature('s3cr3t', input)).toBe(trueXLogonSignature({ secret: 's3cr3t', ...input }));
  });

  it('accepts only the exact signature', () => {
    const good = expectedLogonSignature('test-secret', vector);
    expect(isValidLogonSignature('test-secret', vector, good)).toBe(true);
    expect(isValidLogonSignature('other', vector, good)).toBe(false);
    expect(isValidLogonSignature('test-secret', { ...vector, msgSeqNum: '2' }, good)).toBe(false);
    expect(isValidLogonSignature('test-secret', vector, good.slice(1))).toBe(false);
  });
});
