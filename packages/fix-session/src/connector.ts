import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** Where to connect. */
export interface FixConnectTarget {
  host: string;
  port: number;
  tls: boolean;
  /**
   * PEM CA certificate(s) to trust for the venue instead of Node's default store (a private venue CA). Without it the
   * default store is used, which includes NODE_EXTRA_CA_CERTS. Chain and host name are always verified.
   */
  ca?: string | Buffer;
}

/** Callbacks a connection reports to; `onClose` is called exactly once, whatever ended the connection. */
export interface FixConnectionEvents {
  /** The connection is ready for bytes: TCP connected, and for TLS the handshake and verification succeeded. */
  onConnect(): void;
  onData(chunk: Buffer): void;
  onClose(error?: Error): void;
}

/** One live byte stream. */
export interface FixConnection {
  write(data: Buffer): void;
  /** Ends the connection now (bytes already written are flushed first); `onClose` follows. */
  destroy(): void;
}

/** Opens a connection. Injectable so the client's reconnect rules can be tested without sockets. */
export type FixConnector = (target: FixConnectTarget, events: FixConnectionEvents) => FixConnection;

/** How long a flushing close may wait for the kernel to take the last bytes before the socket is torn down. */
const FLUSH_GUARD_MS = 1000;

/**
 * The default connector: `node:net` (or `node:tls`), Nagle off because every message is latency-sensitive.
 * Messages written in one synchronous run (e.g. a ladder reprice of 25 replaces) are corked and leave in one
 * syscall when that run ends, instead of one syscall each; a lone message still leaves at once.
 *
 * TLS: SNI (`servername`) is sent only for host names, never for IP addresses (RFC 6066, Node DEP0123); the chain
 * and the host name (or IP SAN) are verified; `ca` replaces the default trust store when given.
 */
export const netConnector: FixConnector = (target, events) => {
  let closed = false;
  let corked = false;
  let ready = false;
  const uncork = (): void => {
    if (!corked) return;
    corked = false;
    socket.uncork();
  };
  let lastError: Error | undefined;
  const onReady = (): void => {
    ready = true;
    events.onConnect();
  };
  const socket: Socket = target.tls
    ? tlsConnect(
        {
          host: target.host,
          port: target.port,
          ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
          ...(target.ca !== undefined ? { ca: target.ca } : {}),
          rejectUnauthorized: true,
        },
        onReady,
      )
    : netConnect({ host: target.host, port: target.port }, onReady);
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
      if (socket.destroyed) return;
      if (!ready) {
        socket.destroy();
        return;
      }
      // A Logout written just before closing must still leave: flush, send FIN, then tear down.
      uncork();
      const guard = setTimeout(() => socket.destroy(), FLUSH_GUARD_MS);
      guard.unref();
      socket.once('finish', () => {
        clearTimeout(guard);
        socket.destroy();
      });
      socket.end();
    },
  };
};
