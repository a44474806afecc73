import { decodeFix, encodeFix, formatUtcTimestamp, type FixBody, type FixMessage } from '@truex-mm/fix-codec';
import type { Clock } from '@truex-mm/clock';
import type { FixConnection, FixConnectionEvents, FixConnector } from './connector';

/** A scripted connection: records what the client writes and lets a test play the venue. */
export class FakeConnection implements FixConnection {
  readonly written: FixMessage[] = [];
  destroyed = false;
  private venueSeq = 1;

  constructor(
    readonly events: FixConnectionEvents,
    private readonly clock: Clock,
    private readonly compIds: { sender: string; target: string },
  ) {}

  write(data: Buffer): void {
    if (!this.destroyed) this.written.push(decodeFix(data));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.events.onClose();
  }

  /** The venue sends a message on this connection (its next MsgSeqNum unless `seq` is given). */
  venue(msgType: string, body: FixBody = [], seq?: number): void {
    if (seq !== undefined) this.venueSeq = seq + 1;
    this.events.onData(
      encodeFix(
        msgType,
        {
          senderCompId: this.compIds.target,
          targetCompId: this.compIds.sender,
          msgSeqNum: seq ?? this.venueSeq++,
          sendingTime: formatUtcTimestamp(this.clock.now()),
        },
        body,
      ),
    );
  }

  /** The venue (or the network) drops the connection. */
  drop(error?: Error): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.events.onClose(error);
  }

  sent(msgType: string): FixMessage[] {
    return this.written.filter((m) => m.msgType === msgType);
  }
}

/** A connector handing out {@link FakeConnection}s; connects immediately unless told otherwise. */
export class FakeConnector {
  readonly connections: FakeConnection[] = [];
  autoConnect = true;

  constructor(
    private readonly clock: Clock,
    private readonly compIds: { sender: string; target: string },
  ) {}

  readonly connect: FixConnector = (_target, events) => {
    const connection = new FakeConnection(events, this.clock, this.compIds);
    this.connections.push(connection);
    if (this.autoConnect) events.onConnect();
    return connection;
  };

  get last(): FakeConnection {
    const last = this.connections[this.connections.length - 1];
    if (!last) throw new Error('no connection yet');
    return last;
  }

  live(): number {
    return this.connections.filter((c) => !c.destroyed).length;
  }
}

/** Lets pending promise callbacks (store load) run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
