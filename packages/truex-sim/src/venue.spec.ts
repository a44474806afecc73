import { AcceptorHarness, CLIENT_ID, OTHER_CLIENT_ID, bodyTags } from './acceptor-harness.test-util';

const UUID = '3b241101-e2bb-4255-8caf-4136c566a962';

describe('TrueXVenue order acceptance', () => {
  it('sends PendingNew (ExecID == OrderID, LeavesQty 0) then New (LeavesQty = qty) in TrueX field order', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.order({ clOrdId: 'BUY29147251', qty: '0.001', price: '99000' });
    const [pending, accepted] = c.ofType('8');
    expect(pending!.get(150)).toBe('A');
    expect(pending!.get(39)).toBe('A');
    expect(pending!.get(17)).toBe(pending!.get(37));
    // Numeric like TrueX's; 18 digits since ids carry the instance's start epoch (unique across restarts).
    expect(pending!.get(37)).toMatch(/^\d{18}$/);
    expect(pending!.get(151)).toBe('0');
    expect(pending!.get(14)).toBe('0');
    expect(accepted!.get(150)).toBe('0');
    expect(accepted!.get(39)).toBe('0');
    expect(accepted!.get(37)).toBe(pending!.get(37));
    expect(accepted!.get(17)).not.toBe(pending!.get(17));
    expect(accepted!.get(151)).toBe('0.001');
    expect(accepted!.get(60)).toMatch(/^\d{8}-\d{2}:\d{2}:\d{2}\.\d{6}$/);
    // Captured UAT order: 11,17,37,38,40,44,54,59,151,14,60,55,453,448,452,150,39
    expect(bodyTags(accepted!)).toEqual([11, 17, 37, 38, 40, 44, 54, 59, 151, 14, 60, 55, 453, 448, 452, 150, 39]);
    expect(accepted!.group(453).map((e) => e.get(448))).toEqual([CLIENT_ID]);
    expect(h.venue.openOrders()).toEqual([
      expect.objectContaining({ clOrdId: 'BUY29147251', side: '1', price: '99000', leavesQty: '0.001' }),
    ]);
  });

  it('accepts a UUID ClOrdID and rejects a 19-character one with 37=NONE "Invalid ClOrdID" in the captured layout', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.order({ clOrdId: UUID });
    expect(c.ofType('8').map((m) => m.get(150))).toEqual(['A', '0']);
    c.drain();
    c.order({ clOrdId: 'X'.repeat(19), price: '99000.50' });
    const reject = c.last();
    expect(reject.get(37)).toBe('NONE');
    expect(reject.get(150)).toBe('8');
    expect(reject.get(39)).toBe('8');
    expect(reject.get(58)).toBe('Invalid ClOrdID');
    expect(reject.get(44)).toBe('99000.50'); // echoed as sent
    expect(bodyTags(reject)).toEqual([37, 11, 17, 38, 39, 40, 44, 54, 55, 150, 59, 151, 14, 58, 60, 453, 448, 452]);
  });

  it('rejects a missing or foreign client id with "Invalid client"', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.order({ clientId: OTHER_CLIENT_ID });
    expect(c.last().get(58)).toBe('Invalid client');
    expect(c.last().get(37)).toBe('NONE');
    c.send('D', [
      [11, 'NOPARTY'],
      [55, 'BTC-PYUSD'],
      [54, '1'],
      [38, '0.01'],
      [40, '2'],
      [44, '99000'],
    ]);
    expect(c.last().get(58)).toBe('Invalid client');
  });

  it.each([
    ['a price off the 0.5 tick', { price: '99000.25' }, 'Invalid price increment'],
    ['a quantity off the 0.0001 lot', { qty: '0.00015' }, 'Invalid quantity increment'],
    ['a notional below 1', { qty: '0.0001', price: '9000' }, 'Order below minimum notional'],
    ['a zero quantity', { qty: '0' }, 'Invalid quantity'],
    ['another symbol', {}, 'Invalid symbol'],
  ])('rejects %s before acceptance', (_name, fields, text) => {
    const h = new AcceptorHarness(text === 'Order below minimum notional' ? { referencePrice: '9000' } : {});
    const c = h.active();
    if (text === 'Invalid symbol') {
      c.send('D', [
        [11, 'SYM'],
        [55, 'ETH-PYUSD'],
        [54, '1'],
        [38, '0.01'],
        [40, '2'],
        [44, '99000'],
        [453, '1'],
        [448, CLIENT_ID],
        [452, '3'],
      ]);
    } else c.order(fields);
    expect(c.ofType('8').map((m) => [m.get(37), m.get(150), m.get(58)])).toEqual([['NONE', '8', text]]);
  });

  it('rejects a ClOrdID that is already live for the client with "Duplicate ClOrdID"', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.order({ clOrdId: 'SAME' });
    c.drain();
    c.order({ clOrdId: 'SAME' });
    expect(c.ofType('8').map((m) => [m.get(37), m.get(58)])).toEqual([['NONE', 'Duplicate ClOrdID']]);
  });

  it('applies configurable increments', () => {
    const h = new AcceptorHarness({
      venue: { increments: { 'BTC-PYUSD': { tickSize: '0.01', lotSize: '0.00001', minNotional: '5' } } },
    });
    const c = h.active();
    c.order({ price: '99000.25', qty: '0.00006' });
    expect(c.last().get(150)).toBe('0');
    c.order({ price: '99000.25', qty: '0.00001' });
    expect(c.last().get(58)).toBe('Order below minimum notional');
  });

  it('rejects an order outside the ±2.5 % band after PendingNew, with its OrderID', () => {
    const h = new AcceptorHarness({ referencePrice: '100000' });
    const c = h.active();
    c.order({ price: '97500' }); // exactly on the band edge: accepted
    expect(c.last().get(150)).toBe('0');
    c.drain();
    c.order({ price: '97499.5' });
    const [pending, reject] = c.ofType('8');
    expect(pending!.get(150)).toBe('A');
    expect(reject!.get(150)).toBe('8');
    expect(reject!.get(39)).toBe('8');
    expect(reject!.get(37)).toBe(pending!.get(37));
    expect(reject!.get(58)).toBe('Order outside book price bands');
    expect(bodyTags(reject!)).toEqual([11, 17, 37, 38, 40, 44, 54, 59, 151, 14, 60, 55, 453, 448, 452, 150, 39, 58]);
  });

  it('enforces the open-order limit per client id, changeable at runtime', () => {
    const h = new AcceptorHarness({ venue: { openOrderLimit: 2 } });
    const c = h.active();
    c.order({ clOrdId: 'L1' });
    c.order({ clOrdId: 'L2' });
    c.drain();
    c.order({ clOrdId: 'L3' });
    expect(c.last().get(37)).toBe('NONE');
    expect(c.last().get(58)).toBe('Open order limit exceeded');
    h.venue.setOpenOrderLimit(3);
    c.order({ clOrdId: 'L4' });
    expect(c.last().get(150)).toBe('0');
    expect(h.venue.openOrders(CLIENT_ID)).toHaveLength(3);
  });

  it('rejects a post-only order that would cross the reference (150=8) and accepts one that rests', () => {
    const h = new AcceptorHarness({ referencePrice: '100000', venue: { fillProbability: 0 } });
    const c = h.active();
    c.order({ clOrdId: 'ALO1', side: '1', price: '100000', execInst: '6' });
    expect(c.ofType('8').map((m) => m.get(150))).toEqual(['A', '8']);
    expect(c.last().get(58)).toBe('Post only order would cross');
    c.drain();
    c.order({ clOrdId: 'ALO2', side: '2', price: '100000.5', execInst: '6' });
    expect(c.ofType('8').map((m) => m.get(150))).toEqual(['A', '0']);
    expect(c.last().get(18)).toBe('6');
    // A post-only buy through the resting ask (but below the reference) is rejected too.
    h.reference.set('100010');
    c.drain();
    c.order({ clOrdId: 'ALO3', side: '1', price: '100001', execInst: '6' });
    expect(c.last().get(150)).toBe('8');
  });

  it('expires an unfilled IOC as 150=4 with 41=11 and "Order parameter request"', () => {
    const h = new AcceptorHarness({ referencePrice: '100000' });
    const c = h.active();
    c.order({ clOrdId: 'BUY28880518', price: '99000', tif: '3' });
    const reports = c.ofType('8');
    expect(reports.map((m) => m.get(150))).toEqual(['A', '0', '4']);
    const expired = reports[2]!;
    expect(expired.get(39)).toBe('4');
    expect(expired.get(41)).toBe('BUY28880518');
    expect(expired.get(11)).toBe('BUY28880518');
    expect(expired.get(151)).toBe('0');
    expect(expired.get(58)).toBe('Order parameter request');
    expect(bodyTags(expired)).toEqual([
      11, 41, 17, 37, 38, 40, 44, 54, 59, 151, 14, 60, 55, 453, 448, 452, 150, 39, 58,
    ]);
    expect(h.venue.openOrders()).toHaveLength(0);
  });

  it('fills a marketable IOC at the reference price as a taker (851=2)', () => {
    const h = new AcceptorHarness({ referencePrice: '100000.2', venue: { takerFeeBps: 10 } });
    const c = h.active();
    c.order({ clOrdId: 'TAKE', side: '1', price: '100001', tif: '3', qty: '0.01' });
    const fill = c.ofType('8').find((m) => m.get(150) === 'F')!;
    expect(fill.get(31)).toBe('100000.5'); // reference rounded up to the tick
    expect(fill.get(32)).toBe('0.01');
    expect(fill.get(851)).toBe('2');
    expect(fill.group(136).map((e) => e.get(137))).toEqual(['1.000005']); // 0.01 × 100000.5 × 10 bps
    expect(c.ofType('8').map((m) => m.get(150))).toEqual(['A', '0', 'F']);
  });
});

describe('TrueXVenue cancel and replace', () => {
  it('cancels with 150=4, 11 = the cancel ClOrdID and 41 = the original', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.order({ clOrdId: 'O1' });
    c.drain();
    c.cancel('X1', 'O1');
    const ack = c.last();
    expect([ack.get(150), ack.get(39), ack.get(11), ack.get(41), ack.get(151)]).toEqual(['4', '4', 'X1', 'O1', '0']);
    expect(h.venue.openOrders()).toHaveLength(0);
  });

  it('answers a cancel of an unknown order with 35=9 102=1 434=1', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.cancel('X2', 'GONE');
    const reject = c.last();
    expect(reject.msgType).toBe('9');
    expect([reject.get(37), reject.get(11), reject.get(41), reject.get(102), reject.get(434)]).toEqual([
      'NONE',
      'X2',
      'GONE',
      '1',
      '1',
    ]);
  });

  it('replaces with 150=5, after which the new ClOrdID is the live one', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    c.order({ clOrdId: 'O1', qty: '0.01', price: '99000' });
    c.drain();
    c.replace('O2', 'O1', '0.02', '99100');
    const ack = c.last();
    expect([ack.get(150), ack.get(39), ack.get(11), ack.get(41), ack.get(38), ack.get(44), ack.get(151)]).toEqual([
      '5',
      '0',
      'O2',
      'O1',
      '0.02',
      '99100',
      '0.02',
    ]);
    c.cancel('X1', 'O1');
    expect(c.last().msgType).toBe('9');
    c.cancel('X2', 'O2');
    expect(c.last().get(150)).toBe('4');
  });

  it('answers a replace of an unknown order with 35=9 434=2, and an out-of-band replace with 102=8', () => {
    const h = new AcceptorHarness({ referencePrice: '100000' });
    const c = h.active();
    c.replace('N1', 'NOPE', '0.01', '99000');
    expect([c.last().msgType, c.last().get(434), c.last().get(102)]).toEqual(['9', '2', '1']);
    c.order({ clOrdId: 'O1' });
    c.replace('N2', 'O1', '0.01', '90000');
    expect([c.last().msgType, c.last().get(102), c.last().get(58)]).toEqual([
      '9',
      '8',
      'Order outside book price bands',
    ]);
    expect(h.venue.openOrders()[0]!.price).toBe('99000');
  });
});

describe('TrueXVenue matching model', () => {
  it('fills a resting order when the reference moves through it: 150=F with 31/32/14/151/17/880/851=1 and fees', () => {
    const h = new AcceptorHarness({ referencePrice: '100000', venue: { makerFeeBps: 2 } });
    const c = h.active();
    c.order({ clOrdId: 'B1', side: '1', price: '99000', qty: '0.01' });
    c.order({ clOrdId: 'S1', side: '2', price: '101000', qty: '0.01' });
    c.drain();
    h.reference.set('99500');
    expect(c.out).toHaveLength(0);
    h.reference.set('99000');
    const fill = c.last();
    expect(fill.get(150)).toBe('F');
    expect(fill.get(39)).toBe('2');
    expect(fill.get(11)).toBe('B1');
    expect(fill.get(31)).toBe('99000');
    expect(fill.get(32)).toBe('0.01');
    expect(fill.get(14)).toBe('0.01');
    expect(fill.get(151)).toBe('0');
    expect(fill.get(851)).toBe('1');
    expect(fill.get(880)).toMatch(/^\d+$/);
    expect(fill.group(136).map((e) => [e.get(137), e.get(139)])).toEqual([['0.198', '4']]);
    expect(h.venue.fills()).toEqual([
      expect.objectContaining({ clOrdId: 'B1', side: '1', lastQty: '0.01', lastPx: '99000', fee: '0.198' }),
    ]);
    expect(h.venue.openOrders().map((o) => o.clOrdId)).toEqual(['S1']);
  });

  it('fills in price-time priority and partially when configured, never by float accumulation', () => {
    const h = new AcceptorHarness({ venue: { partialFillProbability: 1, seed: 7 } });
    const c = h.active();
    c.order({ clOrdId: 'A', side: '1', price: '99000', qty: '0.0003' });
    c.order({ clOrdId: 'B', side: '1', price: '99500', qty: '0.0003' });
    c.drain();
    let guard = 0;
    while (h.venue.openOrders().length > 0 && guard++ < 50) {
      h.reference.set(guard % 2 ? '98999.5' : '98999');
    }
    const fills = h.venue.fills();
    expect(fills[0]!.clOrdId).toBe('B'); // better price first
    const partial = c.ofType('8').find((m) => m.get(39) === '1');
    expect(partial).toBeDefined();
    const total = (id: string): number =>
      fills.filter((f) => f.clOrdId === id).reduce((n, f) => n + Math.round(Number(f.lastQty) * 1e4), 0);
    expect(total('A')).toBe(3);
    expect(total('B')).toBe(3);
    const lastA = c
      .ofType('8')
      .filter((m) => m.get(11) === 'A' && m.get(150) === 'F')
      .pop()!;
    expect(lastA.get(14)).toBe('0.0003');
  });

  it('does not fill with fill probability 0', () => {
    const h = new AcceptorHarness({ venue: { fillProbability: 0 } });
    const c = h.active();
    c.order({ side: '2', price: '100500' });
    c.drain();
    h.reference.set('101000');
    expect(c.ofType('8')).toHaveLength(0);
    expect(h.venue.openOrders()).toHaveLength(1);
  });

  it('delivers fills after the fill latency and skips orders cancelled meanwhile', () => {
    const h = new AcceptorHarness({ venue: { fillLatencyMs: 50 } });
    const c = h.active();
    c.order({ clOrdId: 'F1', side: '2', price: '100500' });
    c.order({ clOrdId: 'F2', side: '2', price: '100600' });
    c.drain();
    h.reference.set('100600');
    expect(c.ofType('8')).toHaveLength(0);
    c.cancel('XF2', 'F2');
    h.clock.advance(50);
    const fills = c.ofType('8').filter((m) => m.get(150) === 'F');
    expect(fills.map((m) => m.get(11))).toEqual(['F1']);
  });
});

describe('TrueXVenue latency and faults', () => {
  it('acks after the configured latency plus delayAcks, never reordering a cancel before its order', () => {
    const h = new AcceptorHarness({ venue: { ackLatencyMs: 5 } });
    const c = h.active();
    h.faults.delayAcks(100);
    c.order({ clOrdId: 'SLOW' });
    h.faults.delayAcks(0);
    c.cancel('XSLOW', 'SLOW');
    h.clock.advance(104);
    expect(c.ofType('8')).toHaveLength(0);
    h.clock.advance(1);
    expect(c.ofType('8').map((m) => m.get(150))).toEqual(['A', '0', '4']);
  });

  it('rejects the next N orders with the injected text', () => {
    const h = new AcceptorHarness();
    const c = h.active();
    h.faults.rejectNextOrders(2);
    c.order({ clOrdId: 'R1' });
    c.order({ clOrdId: 'R2' });
    c.order({ clOrdId: 'R3' });
    const texts = c.ofType('8').map((m) => [m.get(11), m.get(150), m.get(58)]);
    expect(texts).toEqual([
      ['R1', '8', 'Insufficient balance'],
      ['R2', '8', 'Insufficient balance'],
      ['R3', 'A', undefined],
      ['R3', '0', undefined],
    ]);
  });
});
