import { decodeFix, encodeFix, type FixBody } from '@truex-mm/fix-codec';
import { marketDataReply } from './market-data-snapshot';

function request(body: FixBody) {
  return decodeFix(
    encodeFix(
      'V',
      { senderCompId: 'C', targetCompId: 'TRUEX_UAT_MD', msgSeqNum: 2, sendingTime: '20250910-14:58:35.607' },
      body,
    ),
  );
}
const subscribe: FixBody = [
  [262, 'MD_BTC_1'],
  [263, '1'],
  [264, '0'],
  [146, '1'],
  [55, 'BTC-PYUSD'],
];

describe('marketDataReply', () => {
  it('sends an empty book as one zero entry per side, as captured on UAT', () => {
    const reply = marketDataReply(request(subscribe), 'BTC-PYUSD', [], Date.UTC(2025, 8, 10));
    expect(reply?.msgType).toBe('W');
    expect(reply?.body).toEqual([
      [262, 'MD_BTC_1'],
      [55, 'BTC-PYUSD'],
      [167, 'CSPOT'],
      [268, '2'],
      [269, '0'],
      [270, '0'],
      [271, '0'],
      [1023, '1'],
      [273, '19700101-00:00:00.000000000'],
      [269, '1'],
      [270, '0'],
      [271, '0'],
      [1023, '1'],
      [273, '19700101-00:00:00.000000000'],
    ]);
  });

  it('aggregates resting orders by price level, best first', () => {
    const orders = [
      { side: '1' as const, price: '99000', leavesQty: '0.01' },
      { side: '1' as const, price: '99500', leavesQty: '0.02' },
      { side: '1' as const, price: '99000', leavesQty: '0.03' },
      { side: '2' as const, price: '101000', leavesQty: '0.5' },
    ];
    const reply = marketDataReply(request(subscribe), 'BTC-PYUSD', orders, Date.UTC(2025, 8, 10))!;
    const levels = reply.body.filter(([t]) => t === 270 || t === 271 || t === 1023).map(([, v]) => v);
    expect(levels).toEqual(['99500', '0.02', '1', '99000', '0.04', '2', '101000', '0.5', '1']);
    expect(reply.body.find(([t]) => t === 273)?.[1]).toBe('20250910-00:00:00.000000000');
  });

  it('rejects an unknown symbol with 35=Y and ignores an unsubscribe', () => {
    const bad = marketDataReply(request([...subscribe.slice(0, 4), [55, 'DOGE-PYUSD']]), 'BTC-PYUSD', [], 0);
    expect(bad?.msgType).toBe('Y');
    expect(
      marketDataReply(
        request([
          [262, 'MD_BTC_1'],
          [263, '2'],
        ]),
        'BTC-PYUSD',
        [],
        0,
      ),
    ).toBeUndefined();
  });
});
