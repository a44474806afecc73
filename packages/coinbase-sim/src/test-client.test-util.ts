import WebSocket from 'ws';

export type FeedMessage = Record<string, unknown> & { type: string };

/** A raw `ws` client that queues every frame so a test can await the next one matching a predicate. */
export class RawFeedClient {
  readonly frames: string[] = [];
  private cursor = 0;
  private waiter: (() => void) | undefined;
  closeCode: number | undefined;
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(data.toString());
      this.waiter?.();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code) => {
        this.closeCode = code;
        this.waiter?.();
        resolve(code);
      }),
    );
  }

  static async connect(url: string): Promise<RawFeedClient> {
    const socket = new WebSocket(url);
    const client = new RawFeedClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the next unread frame (parsed) that matches; unread frames before it are consumed. */
  async next(match: (m: FeedMessage) => boolean = () => true, timeoutMs = 3000): Promise<FeedMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.frames.length) {
        const message = JSON.parse(this.frames[this.cursor++]!) as FeedMessage;
        if (match(message)) return message;
      }
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode}) while waiting`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('timed out waiting for a frame');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  /** Next frame whatever it is, unparsed. */
  async nextRaw(timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.cursor >= this.frames.length) {
      if (Date.now() > deadline) throw new Error('timed out waiting for a frame');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.frames[this.cursor++]!;
  }

  /** Frames not yet consumed by next(). */
  unread(): FeedMessage[] {
    const rest = this.frames.slice(this.cursor).map((f) => JSON.parse(f) as FeedMessage);
    this.cursor = this.frames.length;
    return rest;
  }

  /**
   * Round trip: every frame the server sent before this call has arrived once the `subscriptions` reply does,
   * because the server answers on the same ordered socket.
   */
  async sync(productId: string): Promise<FeedMessage[]> {
    const before = this.frames.length;
    this.send({ type: 'subscribe', channels: [{ name: 'heartbeat', product_ids: [productId] }] });
    let replyIndex = -1;
    const deadline = Date.now() + 3000;
    while (replyIndex < 0) {
      replyIndex = this.frames.findIndex((f, i) => i >= before && f.startsWith('{"type":"subscriptions"'));
      if (replyIndex >= 0) break;
      if (Date.now() > deadline) throw new Error('sync timed out');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const rest = this.frames.slice(this.cursor, replyIndex).map((f) => JSON.parse(f) as FeedMessage);
    this.cursor = replyIndex + 1;
    return rest;
  }

  async close(): Promise<void> {
    if (this.closeCode !== undefined) return;
    this.socket.terminate();
    await this.closed;
  }
}
