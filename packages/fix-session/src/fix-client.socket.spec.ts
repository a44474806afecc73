import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import {
  decodeFix,
  encodeFix,
  FixFrameSplitter,
  formatUtcTimestamp,
  type FixBody,
  type FixMessage,
} from '@truex-mm/fix-codec';
import { CREDENTIALS } from './engine.test-util';
import { FixClient } from './fix-client';
import { trueXLogonSignature } from './logon-signature';

type Script = (m: FixMessage, reply: (msgType: string, body?: FixBody) => void, socket: Socket) => void;

/** A tiny raw acceptor: splits frames, hands each to the script, numbers its own replies from 1. */
async function startAcceptor(script: Script): Promise<{ server: Server; port: number; received: FixMessage[] }> {
  const received: FixMessage[] = [];
  const server = createServer((socket) => {
    const splitter = new FixFrameSplitter();
    let seq = 1;
    const reply = (msgType: string, body: FixBody = []): void => {
      socket.write(
        encodeFix(
          msgType,
          {
            senderCompId: CREDENTIALS.targetCompId,
            targetCompId: CREDENTIALS.senderCompId,
            msgSeqNum: seq++,
            sendingTime: formatUtcTimestamp(Date.now()),
          },
          body,
        ),
      );
    };
    socket.on('data', (chunk: Buffer) =>
      splitter.push(chunk, (frame) => {
        const m = decodeFix(frame);
        received.push(m);
        script(m, reply, socket);
      }),
    );
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received };
}

describe('FixClient over real TCP sockets', () => {
  let server: Server | undefined;
  let client: FixClient | undefined;

  afterEach(async () => {
    await client?.stop(500);
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    client = server = undefined;
  });

  it('logs on with a valid signature, trades one order and logs out cleanly', async () => {
    const acceptor = await startAcceptor((m, reply, socket) => {
      if (m.msgType === 'A') {
        const valid =
          m.get(554) ===
          trueXLogonSignature({
            secret: CREDENTIALS.apiSecret,
            sendingTime: m.get(52)!,
            msgSeqNum: m.get(34)!,
            senderCompId: m.get(49)!,
            targetCompId: m.get(56)!,
            apiKey: m.get(553)!,
          });
        if (valid)
          reply('A', [
            [108, '30'],
            [1137, '9'],
          ]);
        else
          reply('3', [
            [45, '1'],
            [373, '8'],
            [58, 'Authentication failed'],
          ]);
      } else if (m.msgType === 'D') {
        reply('8', [
          [37, '1'],
          [11, m.get(11)!],
          [17, 'E1'],
          [150, '0'],
          [39, '0'],
          [55, 'BTC-PYUSD'],
          [54, '1'],
        ]);
      } else if (m.msgType === '5') {
        reply('5', [[58, 'bye']]);
        socket.end();
      }
    });
    server = acceptor.server;
    client = new FixClient({ host: '127.0.0.1', port: acceptor.port, ...CREDENTIALS });
    const report = new Promise<FixMessage>((resolve) => client!.once('app', resolve));
    client.start();
    await client.waitForLogon(5000);
    expect(
      client.send('D', [
        [11, 'ORD1'],
        [55, 'BTC-PYUSD'],
        [54, '1'],
        [38, '0.01'],
        [40, '2'],
        [44, '100000'],
      ]),
    ).toBe(2);
    const er = await report;
    expect(er.msgType).toBe('8');
    expect(er.get(11)).toBe('ORD1');
    await client.stop(2000);
    expect(client.state).toBe('stopped');
    expect(acceptor.received.map((m) => m.msgType)).toEqual(['A', 'D', '5']);
    expect(client.counters()).toMatchObject({ logons: 1, messagesIn: 3, messagesOut: 3, reconnects: 0 });
  });

  it('surfaces a silent close after Logon as CLOSED_DURING_LOGON', async () => {
    const acceptor = await startAcceptor((m, _reply, socket) => {
      if (m.msgType === 'A') socket.destroy();
    });
    server = acceptor.server;
    client = new FixClient({
      host: '127.0.0.1',
      port: acceptor.port,
      ...CREDENTIALS,
      reconnect: { enabled: false },
    });
    client.start();
    await expect(client.waitForLogon(5000)).rejects.toMatchObject({
      name: 'FixLogonError',
      code: 'CLOSED_DURING_LOGON',
    });
    expect(client.state).toBe('disconnected');
  });
});
