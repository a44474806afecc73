import { createHmac } from 'node:crypto';
import { restTimestamp, signedPathOf, trueXRestSignature } from './signature';

describe('trueXRestSignature', () => {
  it('matches the vector in REST.md §2 (secret test-secret, 1700000000GET/api/v1/order/active)', () => {
    expect(
      trueXRestSignature({
        secret: 'test-secret',
        timestamp: '1700000000',
        method: 'GET',
        path: '/api/v1/order/active',
      }),
    ).toBe('I8+jU/KG7DymNJzu3u6qVms1MgziRWNTk561BBym+20=');
  });

  it('signs timestamp + upper-case METHOD + path + body, as node:crypto computes it independently', () => {
    const body = '{"id":"42","info":{"self_trade_prevention":"NONE"}}';
    const expected = createHmac('sha256', 'another secret')
      .update('1761000000PATCH/v1/cefi/clients' + body)
      .digest('base64');
    expect(
      trueXRestSignature({
        secret: 'another secret',
        timestamp: '1761000000',
        method: 'patch',
        path: '/v1/cefi/clients',
        body,
      }),
    ).toBe(expected);
  });

  it('changes with every signed part', () => {
    const base = { secret: 's', timestamp: '1', method: 'GET', path: '/api/v1/orders/active' };
    const reference = trueXRestSignature(base);
    expect(trueXRestSignature({ ...base, timestamp: '2' })).not.toBe(reference);
    expect(trueXRestSignature({ ...base, method: 'DELETE' })).not.toBe(reference);
    expect(trueXRestSignature({ ...base, path: '/api/v1/orders/list' })).not.toBe(reference);
    expect(trueXRestSignature({ ...base, body: '{}' })).not.toBe(reference);
  });
});

describe('signedPathOf and restTimestamp', () => {
  it('signs the path without the query string', () => {
    expect(signedPathOf('http://h:9742/api/v1/orders/status/ABC?id_type=client')).toBe('/api/v1/orders/status/ABC');
  });

  it('uses whole Unix seconds, rounded down', () => {
    expect(restTimestamp(1_700_000_000_999)).toBe('1700000000');
  });
});
