import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** Where to connect. */
export interface FixConnectTarget {
  host: string;
  port: number;
  tls: boolean;
}

/** Callbacks a connection reports to; `onClose` is called exactly once, whatever ended the connection. */
export interface FixConnectionEvents {
  onConnect(): void;
  onData(chunk: Buffer): void;
  onClose(error?: Error): void;
}

/** One live byte stream. */
export interface FixConnection {
  write(data: Buffer): void;
  /** Ends the connection now; `onClose` follows. */
  destroy(): void;
}

/** Opens a connection. Injectable so the client's reconnect rules can be tested without sockets. */
export type FixConnector = (target: FixConnectTarget, events: FixConnectionEvents) => FixConnection;

/**
 * The default connector: `node:net` (or `node:tls`), Nagle off because every message is latency-sensitive.
 * Messages written in one synchronous run (e.g. a ladder reprice of 25 replaces) are corked and leave in one
 * syscall when that run ends, instead of one syscall each; a lone message still leaves at once.
 */
export const netConnector: FixConnector = (target, events) => {
  let closed = false;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  let lastError: Error | undefined;
  const socket: Socket = target.tls
    ? tlsConnect({ host: target.host, port: target.port, servername: target.host }, () => events.onConnect())
    : netConnect({ host: target.host, port: target.port }, () => events.onConnect());
  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => events.onData(chunk));
  socket.on('error', (error: Error) => {
    lastError = error;
  });
  socket.on('close', () => {
    if (closed) return;
    closed = true;
    events.onClose(lastError);
  });
  return {
    write: (data) => {
      if (socket.destroyed) return;
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(uncork);
      }
      socket.write(data);
    },
    destroy: () => {
      socket.destroy();
    },
  };
};
