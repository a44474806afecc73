import { request } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import {
  ControlTokenError,
  HttpControlServer,
  resolveControlToken,
  type ControlOutcome,
  type ControlSurface,
} from './http-server';

const TOKEN = 'test-token-0123456789abcdef';

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw HTTP request (fetch cannot set Host, and sets Origin on its own terms). */
function call(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HttpControlServer', () => {
  const actions: string[] = [];
  let ready: { ok: boolean; reason?: string } = { ok: true };
  let halted = false;
  let logText = '';
  const surface: ControlSurface = {
    status: () => ({ mode: 'simulator', tradingState: 'ACTIVE' }),
    ready: () => ready,
    metricsText: async () => 'mm_up 1\n',
    metricsContentType: 'text/plain; version=0.0.4',
    pause: (r) => actions.push(`pause:${r}`),
    resume: (r): ControlOutcome => {
      if (halted) return { ok: false, conflict: 'trading is HALTED (kill switch): POST /reset clears a HALT' };
      actions.push(`resume:${r}`);
      return { ok: true };
    },
    kill: (r) => actions.push(`kill:${r}`),
    reset: async (by) => {
      actions.push(`reset:${by}`);
      return true;
    },
  };
  const logSink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logText += chunk.toString();
      done();
    },
  });
  const dashboardPaths: string[] = [];
  const server = new HttpControlServer(surface, pino({ level: 'trace' }, logSink), {
    controlToken: TOKEN,
    dashboard: {
      handle(req, res) {
        if (req.url !== '/') return false;
        dashboardPaths.push(req.url);
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html>');
        return true;
      },
    },
  });
  let port = 0;
  const bearer = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    port = await server.listen(0);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    actions.length = 0;
    ready = { ok: true };
    halted = false;
  });

  it('serves status, liveness, readiness and metrics without a token on loopback', async () => {
    expect(JSON.parse((await call(port, 'GET', '/status')).body)).toEqual({
      mode: 'simulator',
      tradingState: 'ACTIVE',
    });
    expect((await call(port, 'GET', '/healthz')).status).toBe(200);
    expect((await call(port, 'GET', '/readyz')).status).toBe(200);
    ready = { ok: false, reason: 'trading HALTED: kill switch' };
    const notReady = await call(port, 'GET', '/readyz');
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body)).toEqual({ ok: false, reason: 'trading HALTED: kill switch' });
    // Alive all the same: /healthz is about the process, not about quoting.
    expect((await call(port, 'GET', '/healthz')).status).toBe(200);
    const metrics = await call(port, 'GET', '/metrics');
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toBe('mm_up 1\n');
  });

  it('mounts the dashboard and answers 404 for anything else', async () => {
    const page = await call(port, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).toBe('<!doctype html>');
    expect(dashboardPaths).toEqual(['/']);
    expect((await call(port, 'GET', '/nope')).status).toBe(404);
    expect((await call(port, 'DELETE', '/status')).status).toBe(404);
  });

  it('acts on POST controls only, with the token', async () => {
    expect((await call(port, 'GET', '/kill', bearer)).status).toBe(405);
    expect((await call(port, 'GET', '/reset', bearer)).status).toBe(405);
    for (const action of ['pause', 'resume', 'kill', 'reset']) {
      const reply = await call(port, 'POST', `/${action}`, bearer);
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: true, action });
    }
    expect(actions.map((a) => a.split(':')[0])).toEqual(['pause', 'resume', 'kill', 'reset']);
  });

  it('refuses a control without the token, or with a wrong one (401), and does nothing', async () => {
    for (const headers of <Record<string, string>[]>[
      {},
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` },
      { authorization: 'Bearer ' },
    ]) {
      const reply = await call(port, 'POST', '/kill', headers);
      expect(reply.status).toBe(401);
      expect(reply.headers['www-authenticate']).toBe('Bearer');
    }
    expect(actions).toEqual([]);
  });

  it('refuses a control from a foreign Origin (403) even with the token; its own Origin and none are fine', async () => {
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${port}`,
      'null',
      `https://127.0.0.1:${port}`,
      'http://127.0.0.1:1',
    ]) {
      const reply = await call(port, 'POST', '/kill', { ...bearer, origin });
      expect(reply.status).toBe(403);
    }
    expect(actions).toEqual([]);
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      expect((await call(port, 'POST', '/pause', { ...bearer, origin })).status).toBe(200);
    }
    expect((await call(port, 'POST', '/pause', bearer)).status).toBe(200); // curl: no Origin
    expect(actions).toHaveLength(3);
  });

  it('answers 409 with the reason to a resume while HALTED', async () => {
    halted = true;
    const reply = await call(port, 'POST', '/resume', bearer);
    expect(reply.status).toBe(409);
    expect(JSON.parse(reply.body)).toEqual({
      error: 'trading is HALTED (kill switch): POST /reset clears a HALT',
      action: 'resume',
    });
    expect(actions).toEqual([]);
  });

  it('refuses a Host that is not the loopback address it listens on (DNS rebinding)', async () => {
    expect((await call(port, 'GET', '/status', { host: `evil.example:${port}` })).status).toBe(403);
    expect((await call(port, 'POST', '/pause', { ...bearer, host: `evil.example:${port}` })).status).toBe(403);
    expect((await call(port, 'GET', '/status', { host: `localhost:${port}` })).status).toBe(200);
    expect(actions).toEqual([]);
  });

  it('never writes the token to the log', async () => {
    await call(port, 'POST', '/pause', bearer);
    await call(port, 'POST', '/kill', { authorization: `Bearer ${TOKEN}-wrong` });
    expect(logText).toContain('operator control');
    expect(logText).toContain('control refused: missing or wrong token');
    expect(logText).not.toContain(TOKEN);
  });
});

describe('HttpControlServer bound to a non-loopback address', () => {
  it('needs the token to read, but serves the page itself', async () => {
    const server = new HttpControlServer(
      {
        status: () => ({ tradingState: 'ACTIVE' }),
        ready: () => ({ ok: true }),
        metricsText: async () => '',
        metricsContentType: 'text/plain',
        pause: () => undefined,
        resume: () => ({ ok: true }),
        kill: () => undefined,
        reset: async () => false,
      },
      pino({ level: 'silent' }),
      {
        controlToken: TOKEN,
        dashboard: {
          handle: (_req, res) => {
            res.end('page');
            return true;
          },
        },
      },
    );
    // 0.0.0.0 is reachable on 127.0.0.1 too: the rule follows the bind address, not the client's.
    const port = await server.listen(0, '0.0.0.0');
    try {
      expect((await call(port, 'GET', '/status')).status).toBe(401);
      expect((await call(port, 'GET', '/status', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
      expect((await call(port, 'GET', '/healthz')).status).toBe(200);
      expect((await call(port, 'GET', '/')).body).toBe('page');
    } finally {
      await server.close();
    }
  });
});

describe('resolveControlToken', () => {
  it('uses MM_CONTROL_TOKEN when set', () => {
    expect(resolveControlToken('live', TOKEN)).toEqual({ token: TOKEN, generated: false });
  });

  it('refuses live mode without one, with a clear error', () => {
    expect(() => resolveControlToken('live', undefined)).toThrow(ControlTokenError);
    expect(() => resolveControlToken('live', '')).toThrow(/MM_CONTROL_TOKEN is required in live mode/);
  });

  it('refuses a short token', () => {
    expect(() => resolveControlToken('simulator', 'short')).toThrow(/at least 16 characters/);
  });

  it('generates a fresh random one in simulator mode', () => {
    const a = resolveControlToken('simulator', undefined);
    const b = resolveControlToken('simulator', undefined);
    expect(a.generated).toBe(true);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.token).not.toBe(b.token);
  });
});
