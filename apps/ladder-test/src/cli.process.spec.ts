import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ExitCode } from './exit-codes';
import { lastJsonLine, startCoinbase, startVenue, type TestVenue } from './venue.test-util';

// The built command line (node apps/ladder-test/dist/main.js) as an operator runs it, in a child process, against
// simulators started here: what matters is its exit code and what it prints, and what it leaves at the venue.
jest.setTimeout(60_000);

const root = resolve(__dirname, '../../..');
const main = join(root, 'apps/ladder-test/dist/main.js');
let dir: string;
let coinbase: Awaited<ReturnType<typeof startCoinbase>>;

beforeAll(async () => {
  // The test runs what `npm run ladder-test` runs: build it first (incremental; quick when up to date).
  const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'apps/ladder-test'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    // Other packages may be mid-edit in a shared tree: tolerate their errors only if this app's build is current.
    const output = `${build.stdout}${build.stderr}`;
    const newestSource = Math.max(
      ...readdirSync(__dirname)
        .filter((f) => !f.includes('.spec.') && !f.includes('.test-util.'))
        .map((f) => statSync(join(__dirname, f)).mtimeMs),
    );
    const current = existsSync(main) && statSync(main).mtimeMs >= newestSource && !output.includes('apps/ladder-test');
    if (!current) throw new Error(`tsc -b apps/ladder-test failed:\n${output}`);
    console.warn(`tsc -b failed outside apps/ladder-test; testing the current ladder-test build:\n${output}`);
  }
  dir = mkdtempSync(join(tmpdir(), 'ladder-test-cli-'));
  coinbase = await startCoinbase();
});
afterAll(async () => {
  await coinbase.sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  ms: number;
}

/** Starts the CLI; `preload` is JavaScript run first in the child (node --require), to inject faults. */
function start(
  args: string[],
  env: Record<string, string>,
  preload?: string,
): { child: ReturnType<typeof spawn>; exit: Promise<Exit> } {
  const nodeArgs: string[] = [];
  if (preload !== undefined) {
    const file = join(dir, `preload-${Math.random().toString(36).slice(2)}.js`);
    writeFileSync(file, preload);
    nodeArgs.push('--require', file);
  }
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, main, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<Exit>((done) =>
    child.on('close', (code, signal) => done({ code, signal, out, err, ms: Date.now() - started })),
  );
  return { child, exit };
}

async function until(probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ladder = ['--json', '--orders', '4', '--levels', '2', '--rate', '8', '--monitor', '30', '--ack-timeout', '3'];

describe('ladder-test command line (child process)', () => {
  let venue: TestVenue;
  beforeEach(async () => {
    venue = await startVenue();
  });
  afterEach(async () => {
    await venue.stop();
  });

  it('Coinbase unreachable: waits out --reference-timeout, then exit 3 with the reason (not a silent 0)', async () => {
    const { exit } = start(['--json', '--reference-timeout', '1'], venue.env({ COINBASE_WS_URL: 'ws://127.0.0.1:1' }));
    const r = await exit;
    expect(r.code).toBe(ExitCode.connect);
    expect(r.ms).toBeGreaterThanOrEqual(1000);
    expect(r.err).toMatch(/no Coinbase reference price from ws:\/\/127\.0\.0\.1:1 within 1 s .*ECONNREFUSED/);
    expect(lastJsonLine(r.out)).toMatchObject({
      submitted: 0,
      error: expect.stringContaining('no Coinbase reference'),
    });
  });

  it('an event loop with nothing left to wait on is exit 5 with a message, never 0 (every timer unref’d here)', async () => {
    // The original failure: unref'd timers let the process end mid-run with code 0 and no output.
    const unrefAll = `const set = global.setTimeout;
global.setTimeout = function (...args) { const t = set.apply(this, args); t.unref(); return t; };`;
    const { exit } = start(['--json'], venue.env({ COINBASE_WS_URL: 'ws://127.0.0.1:1' }), unrefAll);
    const r = await exit;
    expect(r.code).toBe(ExitCode.internal);
    expect(r.err).toContain('nothing left to wait on before the run finished');
  });

  it('SIGINT mid-run: cancels the resting ladder, logs out, exit 130', async () => {
    const { child, exit } = start(ladder, venue.env({ COINBASE_WS_URL: coinbase.url }));
    await until(() => venue.openOrders() === 4, 15_000);
    child.kill('SIGINT');
    const r = await exit;
    expect(r.code).toBe(ExitCode.sigint);
    expect(r.err).toContain('SIGINT: cancelling open orders and logging out');
    expect(lastJsonLine(r.out)).toMatchObject({
      submitted: 4,
      canceled: 4,
      error: 'interrupted by SIGINT; no order left open',
    });
    expect(venue.openOrders()).toBe(0);
    expect(venue.logouts()).toBe(1);
  });

  it.each([
    ['uncaught exception', `setImmediate(() => { throw new Error('injected failure'); })`],
    ['unhandled rejection', `void Promise.reject(new Error('injected failure'))`],
  ])('%s mid-run: prints it, cancels the resting ladder, logs out, exit 5', async (what, fault) => {
    const { child, exit } = start(
      ladder,
      venue.env({ COINBASE_WS_URL: coinbase.url }),
      `process.on('SIGUSR2', () => { ${fault}; });`,
    );
    await until(() => venue.openOrders() === 4, 15_000);
    child.kill('SIGUSR2');
    const r = await exit;
    expect(r.code).toBe(ExitCode.internal);
    expect(r.err).toContain(`internal error (${what}): Error: injected failure`);
    expect(lastJsonLine(r.out)).toMatchObject({
      submitted: 4,
      canceled: 4,
      error: `internal error (${what}): injected failure; no order left open`,
    });
    expect(venue.openOrders()).toBe(0);
    expect(venue.logouts()).toBe(1);
  });
});
