import type { Clock } from '@truex-mm/clock';
import type { Logger } from 'pino';
import { FixAcceptorSession, type AcceptorSessionOptions } from './acceptor-session';

/**
 * The shapes of @truex-mm/fix-session's FixConnector, restated here so the simulator does not depend on the client
 * library it is an oracle for (structurally identical: a connector made here is a FixConnector there).
 */
export interface InMemoryConnectTarget {
  host: string;
  port: number;
  tls: boolean;
}
export interface InMemoryConnectionEvents {
  onConnect(): void;
  onData(chunk: Buffer): void;
  onClose(error?: Error): void;
}
export interface InMemoryConnection {
  write(data: Buffer): void;
  destroy(): void;
}
export type InMemoryConnector = (target: InMemoryConnectTarget, events: InMemoryConnectionEvents) => InMemoryConnection;

export interface InMemoryLinkOptions {
  /** One-way delay of every write, in ms on the injected clock (default 1). 0 still delivers asynchronously. */
  readonly latencyMs?: number;
}

/**
 * A byte pipe between a FIX client and a {@link FixAcceptorSession}, with a fixed one-way delay on the injected
 * clock. With a ManualClock the whole exchange is deterministic and runs as fast as the CPU allows, which is what the
 * quoting replay is made of; the bytes are the same as on a socket, so the client's codec and session layer are
 * exercised as they are in production.
 */
export class InMemoryLink {
  private readonly sessions = new Set<FixAcceptorSession>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly sessionOptions: () => Omit<AcceptorSessionOptions, 'write' | 'close' | 'logger'>,
    private readonly options: InMemoryLinkOptions = {},
  ) {}

  /** A connector for FixClient's `connector` option; every call opens a fresh acceptor session. */
  readonly connector: InMemoryConnector = (_target, events) => {
    const latency = Math.max(0, this.options.latencyMs ?? 1);
    let open = true;
    const later = (fn: () => void): void => {
      this.clock.setTimeout(fn, latency);
    };
    const close = (): void => {
      if (!open) return;
      open = false;
      this.sessions.delete(session);
      later(() => {
        session.transportClosed();
        events.onClose();
      });
    };
    const session = new FixAcceptorSession({
      ...this.sessionOptions(),
      write: (bytes) => {
        if (!open) return;
        const copy = Buffer.from(bytes);
        later(() => {
          if (open) events.onData(copy);
        });
      },
      close,
      logger: this.logger.child({ peer: 'in-memory' }),
    });
    this.sessions.add(session);
    later(() => {
      if (open) events.onConnect();
    });
    return {
      write: (data) => {
        if (!open) return;
        const copy = Buffer.from(data);
        later(() => {
          if (open) session.receive(copy);
        });
      },
      destroy: close,
    };
  };

  /** Drops every in-memory connection, as a network cut would (both sides see the close). */
  disconnectAll(): void {
    for (const session of [...this.sessions]) session.disconnect();
  }

  openSessions(): readonly FixAcceptorSession[] {
    return [...this.sessions];
  }
}
