import pino from 'pino';
import { HttpControlServer, type ControlSurface } from './http-server';

describe('HttpControlServer', () => {
  const actions: string[] = [];
  let healthy = true;
  const surface: ControlSurface = {
    status: () => ({ mode: 'simulator', tradingState: 'ACTIVE' }),
    healthy: () => (healthy ? { ok: true } : { ok: false, reason: 'feed stale' }),
    metricsText: async () => 'mm_up 1\n',
    metricsContentType: 'text/plain; version=0.0.4',
    pause: (r) => actions.push(`pause:${r}`),
    resume: (r) => actions.push(`resume:${r}`),
    kill: (r) => actions.push(`kill:${r}`),
    reset: async (by) => {
      actions.push(`reset:${by}`);
      return true;
    },
  };
  const server = new HttpControlServer(surface, pino({ level: 'silent' }));
  let base = '';

  beforeAll(async () => {
    base = `http://127.0.0.1:${await server.listen(0)}`;
  });
  afterAll(() => server.close());

  it('serves status, health and metrics', async () => {
    expect(await (await fetch(`${base}/status`)).json()).toEqual({ mode: 'simulator', tradingState: 'ACTIVE' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    healthy = false;
    const unhealthy = await fetch(`${base}/healthz`);
    expect(unhealthy.status).toBe(503);
    expect(await unhealthy.json()).toEqual({ ok: false, reason: 'feed stale' });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toBe('mm_up 1\n');
  });

  it('acts on POST controls only', async () => {
    expect((await fetch(`${base}/kill`)).status).toBe(405);
    expect((await fetch(`${base}/reset`)).status).toBe(405);
    expect(actions).toEqual([]);
    for (const action of ['pause', 'resume', 'kill', 'reset']) {
      expect((await fetch(`${base}/${action}`, { method: 'POST' })).status).toBe(200);
    }
    expect(actions.map((a) => a.split(':')[0])).toEqual(['pause', 'resume', 'kill', 'reset']);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
