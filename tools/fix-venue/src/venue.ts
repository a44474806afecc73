// jspurefix resolves its DI container through decorator metadata: this import must come first.
import 'reflect-metadata';
import { connect, createServer, type AddressInfo } from 'node:net';
import {
  AsciiSession,
  EngineFactory,
  IJsFixConfig,
  ISessionDescription,
  JsFixWinstonLogFactory,
  MsgView,
  SessionLauncher,
  WinstonLogger,
} from 'jspurefix';
import type { IExecutionReport, INewOrderSingle } from 'jspurefix/dist/types/FIX.5.0SP2/quickfix';

export interface FixVenueOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Our SenderCompID; the client's TargetCompID. Default 'VENUE'. */
  senderCompId?: string;
  heartBtIntSec?: number;
  /** winston level for jspurefix's own logging, or 'silent' (default: its probe noise is not worth printing). */
  logLevel?: string;
}

export interface FixVenue {
  readonly host: string;
  readonly port: number;
  /** Logs out live sessions and closes the listener. */
  stop(): Promise<void>;
}

/** Acknowledges every NewOrderSingle with a New ExecutionReport (150=0, 39=0, LeavesQty = OrderQty). */
class VenueSession extends AsciiSession {
  private execSeq = 0;

  constructor(config: IJsFixConfig) {
    super(config);
  }

  protected onLogon(_view: MsgView, _user: string): boolean {
    return true;
  }
  protected onReady(): void {}
  protected onStopped(): void {}
  protected onDecoded(): void {}
  protected onEncoded(): void {}

  protected onApplicationMsg(msgType: string, view: MsgView): void {
    if (msgType !== 'D') return;
    const nos = view.toObject() as INewOrderSingle;
    const qty = nos.OrderQtyData?.OrderQty;
    const id = ++this.execSeq;
    const er: Omit<IExecutionReport, 'StandardHeader' | 'StandardTrailer'> = {
      OrderID: `V${id}`,
      ClOrdID: nos.ClOrdID,
      ExecID: `E${id}`,
      ExecType: '0',
      OrdStatus: '0',
      Instrument: { Symbol: nos.Instrument?.Symbol },
      Side: nos.Side,
      OrderQtyData: { OrderQty: qty },
      OrdType: nos.OrdType,
      Price: nos.Price,
      LeavesQty: qty ?? 0,
      CumQty: 0,
      AvgPx: 0,
      TransactTime: new Date(),
    };
    this.send('8', er);
  }
}

class VenueLauncher extends SessionLauncher {
  constructor(description: ISessionDescription, logLevel: string) {
    const options = WinstonLogger.consoleOptions(logLevel === 'silent' ? 'error' : logLevel);
    super(null, description, new JsFixWinstonLogFactory({ ...options, silent: logLevel === 'silent' }));
  }

  protected override makeFactory(): EngineFactory {
    return { makeSession: (c: IJsFixConfig) => new VenueSession(c) };
  }
}

/**
 * Starts jspurefix (an independent FIX engine) as a FIXT.1.1 / FIX.5.0SP2 acceptor that accepts any
 * SenderCompID and acknowledges NewOrderSingles. Resolves once it accepts TCP connections: jspurefix parses its
 * dictionary before listening, which takes about 2 s.
 */
export async function startFixVenue(options: FixVenueOptions = {}): Promise<FixVenue> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port || (await freePort(host));
  const description = {
    application: { type: 'acceptor', name: 'venue', tcp: { host, port }, protocol: 'ascii', dictionary: 'qf50sp2' },
    Username: 'venue',
    Password: 'pwd',
    EncryptMethod: 0,
    ResetSeqNumFlag: true,
    HeartBtInt: options.heartBtIntSec ?? 30,
    SenderCompId: options.senderCompId ?? 'VENUE',
    TargetCompID: '*',
    BeginString: 'FIXT.1.1',
    Logon: { DefaultApplVerID: '9' },
  } as unknown as ISessionDescription;
  const launcher = new VenueLauncher(description, options.logLevel ?? 'silent');
  const running = launcher.run().catch(() => false);
  await waitForListener(host, port, 15_000);
  return {
    host,
    port,
    stop: async () => {
      launcher.stop();
      await running;
    },
  };
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Probes with TCP connects until the port accepts one. (Probing by binding would race jspurefix's own listen, whose
 * 'error' handler throws.) The venue sees each probe as a connection that closes at once and carries on.
 */
async function waitForListener(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const probe = connect({ host, port });
      probe.once('connect', () => {
        probe.destroy();
        resolve(true);
      });
      probe.once('error', () => resolve(false));
    });
    if (accepted) return;
    if (Date.now() > deadline) throw new Error(`FIX venue did not listen on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
