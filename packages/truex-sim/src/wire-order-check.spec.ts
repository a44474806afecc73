import type { FixBody } from '@truex-mm/fix-codec';
import { rawFrame } from './acceptor-harness.test-util';
import { checkWireOrder } from './wire-order-check';

const header: FixBody = [
  [35, 'D'],
  [49, 'C'],
  [56, 'TRUEX_UAT_OE'],
  [34, '2'],
  [52, '20250910-18:32:27.345'],
];
const parties: FixBody = [
  [453, '1'],
  [448, '10000000000000007'],
  [452, '3'],
];

describe('checkWireOrder', () => {
  it('accepts header then body with Parties in FIX order, in either header order clients use', () => {
    expect(checkWireOrder(rawFrame([...header, [11, 'A'], [55, 'BTC-PYUSD'], ...parties]))).toBeUndefined();
    const quickFixOrder: FixBody = [header[0]!, header[3]!, header[1]!, header[4]!, header[2]!];
    expect(checkWireOrder(rawFrame([...quickFixOrder, [11, 'A'], ...parties]))).toBeUndefined();
  });

  it('flags a header tag after a body tag', () => {
    const v = checkWireOrder(rawFrame([header[0]!, [11, 'A'], ...header.slice(1)]));
    expect(v).toEqual({ tag: 49, problem: 'header-after-body', sessionRejectReason: 14 });
  });

  it('flags OrigSendingTime (122) even in the header', () => {
    expect(checkWireOrder(rawFrame([...header, [43, 'Y'], [122, '20250910-18:32:27.000']]))?.tag).toBe(122);
  });

  it('flags Parties sent as 448, 452, 453 on 448', () => {
    const v = checkWireOrder(rawFrame([...header, [11, 'A'], [448, '1'], [452, '3'], [453, '1']]));
    expect(v).toEqual({ tag: 448, problem: 'group-order', sessionRejectReason: 15 });
  });

  it('flags an entry that does not start with its delimiter, and a wrong NumInGroup', () => {
    expect(checkWireOrder(rawFrame([...header, [453, '1'], [452, '3'], [448, '1']]))?.tag).toBe(452);
    const v = checkWireOrder(rawFrame([...header, [453, '2'], [448, '1'], [452, '3'], [11, 'A']]));
    expect(v).toEqual({ tag: 453, problem: 'group-count', sessionRejectReason: 16 });
  });

  it('flags a frame whose third field is not MsgType', () => {
    expect(checkWireOrder(rawFrame([[49, 'C'], ...header]))?.problem).toBe('header-order');
  });
});
