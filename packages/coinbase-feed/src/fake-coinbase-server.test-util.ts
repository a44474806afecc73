import type { AddressInfo } from 'node:net';

import { WebSocket, WebSocketServer } from 'ws';

/** One accepted client connection, with every frame it sent. */
export interface FakeConnection {
  readonly socket: WebSocket;
  readonly frames: string[];
  send(message: unknown): void;
  /** Resolves with the parsed frames once at least `count` have arrived. */
  framesAtLeast(count: number): Promise<unknown[]>;
}

/** A minimal WebSocket server on an ephemeral port that records what the feed sends and lets a test reply. */
export class FakeCoinbaseServer {
  readonly connections: FakeConnection[] = [];
  private readonly waiters: Array<() => void> = [];

  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string,
  ) {
    wss.on('connection', (socket) => {
      const frames: string[] = [];
      socket.on('message', (data) => frames.push(data.toString()));
      this.connections.push({
        socket,
        frames,
        send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
        framesAtLeast: async (count) => {
          await until(() => frames.length >= count);
          return frames.map((f) => JSON.parse(f) as unknown);
        },
      });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async start(options: { autoPong?: boolean } = {}): Promise<FakeCoinbaseServer> {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', autoPong: options.autoPong ?? true });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const { port } = wss.address() as AddressInfo;
    return new FakeCoinbaseServer(wss, `ws://127.0.0.1:${port}`);
  }

  /** Resolves with connection number `index` (0-based) once it is accepted. */
  async connection(index: number): Promise<FakeConnection> {
    await until(() => this.connections.length > index);
    return this.connections[index]!;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** Polls a condition on real time (tests only); fails after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
