import { createHmac } from 'node:crypto';

import { exchangeAuthFields, exchangeSignature } from './exchange-auth';

describe('exchange auth', () => {
  const secret = Buffer.from('not-a-real-secret-0123456789').toString('base64');

  it('signs timestamp + GET + /users/self/verify with the base64-decoded secret', () => {
    // Independent recomputation of the recipe in the README (§1.8).
    const expected = createHmac('sha256', Buffer.from('not-a-real-secret-0123456789'))
      .update('1618677817.020GET/users/self/verify')
      .digest('base64');
    expect(exchangeSignature(secret, '1618677817.020')).toBe(expected);
  });

  it('builds subscribe fields with an epoch-seconds timestamp and never the secret', () => {
    const fields = exchangeAuthFields({ key: 'k', passphrase: 'p', secret }, 1618677817020);
    expect(fields.timestamp).toBe('1618677817.020');
    expect(fields.signature).toBe(exchangeSignature(secret, '1618677817.020'));
    expect(JSON.stringify(fields)).not.toContain(secret);
  });
});
