import type { Clock } from '@truex-mm/clock';

/** The part of a fetch Response the client reads. */
export interface HttpResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface HttpRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** A fetch-like function: Node's global `fetch` is one; tests inject fakes. */
export type HttpTransport = (url: string, init: HttpRequestInit) => Promise<HttpResponseLike>;

export const fetchTransport: HttpTransport = (url, init) => fetch(url, init);

export interface HttpExchange {
  status: number;
  headers: { get(name: string): string | null };
  body: string;
}

export class AttemptTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/**
 * One HTTP exchange, response body included, bounded by `timeoutMs` on the injected clock. On timeout the
 * request is aborted (AbortController) and AttemptTimeout thrown, even if the transport ignores the signal.
 */
export async function exchangeOnce(
  transport: HttpTransport,
  url: string,
  init: Omit<HttpRequestInit, 'signal'>,
  timeoutMs: number,
  clock: Clock,
): Promise<HttpExchange> {
  const controller = new AbortController();
  let onTimeout: (() => void) | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    onTimeout = () => reject(new AttemptTimeout(timeoutMs));
  });
  const timer = clock.setTimeout(() => {
    onTimeout?.();
    controller.abort();
  }, timeoutMs);
  const work = (async (): Promise<HttpExchange> => {
    const response = await transport(url, { ...init, signal: controller.signal });
    const body = await response.text();
    return { status: response.status, headers: response.headers, body };
  })();
  // The losing promise must not surface as an unhandled rejection.
  work.catch(() => undefined);
  timedOut.catch(() => undefined);
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clock.clearTimeout(timer);
  }
}
