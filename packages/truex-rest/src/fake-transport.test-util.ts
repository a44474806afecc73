import type { HttpRequestInit, HttpResponseLike, HttpTransport } from './http-transport';

export interface SentRequest {
  url: string;
  init: HttpRequestInit;
}

export type ScriptedAnswer =
  | { status: number; body?: string | object; headers?: Record<string, string> }
  | { hang: true }
  | { networkError: string };

/** A transport that records every request and answers from a script, in order (the last answer repeats). */
export class FakeTransport {
  readonly sent: SentRequest[] = [];
  private readonly script: ScriptedAnswer[];

  constructor(...script: ScriptedAnswer[]) {
    this.script = script;
  }

  readonly fetch: HttpTransport = (url, init) => {
    this.sent.push({ url, init });
    const answer = this.script.length > 1 ? this.script.shift()! : this.script[0]!;
    if ('hang' in answer) {
      // Like fetch: only the abort signal ends it.
      return new Promise<HttpResponseLike>((_, reject) => {
        init.signal.addEventListener('abort', () => reject(new Error('This operation was aborted')));
      });
    }
    if ('networkError' in answer) return Promise.reject(new Error(answer.networkError));
    const headers = new Map(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const body = typeof answer.body === 'string' ? answer.body : answer.body ? JSON.stringify(answer.body) : '';
    return Promise.resolve({
      status: answer.status,
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
      text: () => Promise.resolve(body),
    });
  };
}

/** Lets pending promise callbacks (and a macrotask turn) run. */
export async function flush(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Tracks whether a promise has settled, without awaiting it. */
export function track<T>(promise: Promise<T>): { settled: () => boolean; result: Promise<T> } {
  let done = false;
  const result = promise.finally(() => {
    done = true;
  });
  result.catch(() => undefined);
  return { settled: () => done, result };
}
