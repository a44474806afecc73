import { buildNewOrderSingle, formatUtcTimestamp, readExecutionReport, type FixMessage } from '@truex-mm/fix-codec';
import { FixClient, type FixSessionState } from '@truex-mm/fix-session';
import { startFixVenue, type FixVenue } from './venue';

// Interop against an independent FIX engine (jspurefix): our FixClient must log on, trade and log out with it.
describe('FixClient <-> jspurefix acceptor', () => {
  let venue: FixVenue;
  let client: FixClient | undefined;

  beforeAll(async () => {
    venue = await startFixVenue({ senderCompId: 'VENUE' });
  }, 15_000);

  afterAll(async () => {
    await client?.stop(1000);
    await venue.stop();
  }, 10_000);

  it('logs on, sends a NewOrderSingle, receives the ExecutionReport and logs out cleanly', async () => {
    client = new FixClient({
      host: venue.host,
      port: venue.port,
      senderCompId: 'MM',
      targetCompId: 'VENUE',
      apiKey: 'interop-key',
      apiSecret: 'interop-secret',
      reconnect: { initialDelayMs: 200, maxDelayMs: 500 },
    });
    const states: FixSessionState[] = [];
    const logouts: string[] = [];
    client.on('state', (s) => states.push(s));
    client.on('logout', (r) => logouts.push(r));
    // A session Reject fails the test at once with the venue's words instead of timing out.
    const report = new Promise<FixMessage>((resolve, reject) => {
      client!.once('app', resolve);
      client!.once('reject', (r) => reject(new Error(`venue rejected 35=${r.refMsgType}: ${r.text}`)));
    });
    client.start();
    await client.waitForLogon(8000);

    const seq = client.send(
      'D',
      buildNewOrderSingle({
        clOrdId: 'IOP1',
        partyIds: ['12345678901234567'],
        symbol: 'BTC-PYUSD',
        side: '1',
        orderQty: '0.01',
        ordType: '2',
        price: '100000.5',
        timeInForce: '1',
        // jspurefix's FIX.5.0SP2 dictionary requires TransactTime on a NewOrderSingle.
        transactTime: formatUtcTimestamp(Date.now()),
      }),
    );
    expect(seq).toBe(2);
    const raw = await report;
    const er = readExecutionReport(raw);
    expect(raw.msgType).toBe('8');
    expect(er.clOrdId).toBe('IOP1');
    expect(er.execType).toBe('0');
    expect(er.ordStatus).toBe('0');
    expect(er.symbol).toBe('BTC-PYUSD');
    expect(er.leavesQty).toBe('0.01');

    await client.stop(3000);
    expect(client.state).toBe('stopped');
    expect(logouts[0]).toMatch(/^logout complete/);
    expect(states).toContain('logging-out');
    expect(client.counters()).toMatchObject({ logons: 1, gaps: 0, rejectsIn: 0 });
  }, 12_000);
});
