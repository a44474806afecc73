import { connect, createServer, type Server } from 'node:net';
import { Writable } from 'node:stream';
import { CoinbaseSimulator } from '@truex-mm/coinbase-sim';
import { TrueXSimulator, type ReferencePriceSource, type TrueXSimulatorOptions } from '@truex-mm/truex-sim';
import pino from 'pino';

export const CLIENT_ID = '7';
export const API_KEY = 'key-1';
export const SECRET = 'the-right-secret';

/** A TrueX simulator started by the test (the ladder test reaches it as a "live" venue), with its logs captured. */
export interface TestVenue {
  readonly sim: TrueXSimulator;
  readonly port: number;
  /** The environment that points the ladder test at this venue. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** How many Logouts the venue received from clients so far. */
  logouts(): number;
  openOrders(): number;
  stop(): Promise<void>;
}

export async function startVenue(options: Partial<TrueXSimulatorOptions> = {}): Promise<TestVenue> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback): void {
      lines.push(chunk.toString());
      callback();
    },
  });
  const sim = new TrueXSimulator({
    port: 0,
    credentials: [{ apiKey: API_KEY, secret: SECRET, clientIds: [CLIENT_ID] }],
    logger: pino({ level: 'info' }, sink),
    ...options,
  });
  const { port } = await sim.start();
  return {
    sim,
    port,
    env: (extra = {}) => ({
      TRUEX_FIX_HOST: '127.0.0.1',
      TRUEX_FIX_PORT: String(port),
      TRUEX_SENDER_COMP_ID: 'LT',
      TRUEX_API_KEY: API_KEY,
      TRUEX_SECRET_KEY: SECRET,
      TRUEX_CLIENT_ID: CLIENT_ID,
      LOG_LEVEL: 'silent',
      ...extra,
    }),
    logouts: () => lines.filter((l) => l.includes('"msg":"client logged out"')).length,
    openOrders: () => sim.openOrders(CLIENT_ID).length,
    stop: () => sim.stop(),
  };
}

/** The Coinbase feed simulator on the calm BTC-like market at 97,000 (σ ≈ $1/√s: no post-only crosses). */
export async function startCoinbase(): Promise<{ sim: CoinbaseSimulator; url: string }> {
  const sim = new CoinbaseSimulator({ port: 0, mode: 'synthetic', products: ['BTC-USD'], scenario: 'calm', seed: 3 });
  const { url } = await sim.start();
  return { sim, url };
}

/** Follows `inner` until {@link set} takes over: the test moves the venue's market through the resting ladder. */
export class SteerableReference implements ReferencePriceSource {
  private override: string | undefined;
  private readonly listeners = new Set<(price: string) => void>();

  constructor(private readonly inner: ReferencePriceSource) {
    inner.onChange((price) => {
      if (this.override === undefined) this.emit(price);
    });
  }

  current(): string | undefined {
    return this.override ?? this.inner.current();
  }

  onChange(listener: (price: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(price: string): void {
    this.override = price;
    this.emit(price);
  }

  private emit(price: string): void {
    for (const listener of [...this.listeners]) listener(price);
  }
}

/** A TCP port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server that accepts TCP connections and never says a word (a TLS handshake to it never completes). */
export async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Collects what a stream receives. */
export function captureIo(): {
  stdout: Writable;
  stderr: Writable;
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  const stdout = new Writable({
    write(chunk: Buffer, _e, cb): void {
      out += chunk.toString();
      cb();
    },
  });
  const stderr = new Writable({
    write(chunk: Buffer, _e, cb): void {
      err += chunk.toString();
      cb();
    },
  });
  return { stdout, stderr, out: () => out, err: () => err };
}

/** The last line of standard output, parsed (the --json summary). */
export function lastJsonLine(out: string): Record<string, unknown> {
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

/** A TCP proxy to `targetPort`; `cut()` drops every connection and stops listening (the venue becomes unreachable). */
export async function tcpProxy(targetPort: number): Promise<{ port: number; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const track = (socket: import('node:net').Socket): void => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  let closed: Promise<void> | undefined;
  const cut = (): void => {
    closed ??= new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    cut,
    close: async () => {
      cut();
      await closed;
    },
  };
}
