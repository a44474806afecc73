import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

// Runs the market maker's entry point from source in a real child process (no prior build): a require hook
// transpiles .ts with the workspace's TypeScript and maps @truex-mm/* to each package's src/index.ts, as Jest does.
const BOOTSTRAP = `
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const root = ${JSON.stringify(ROOT)};
const paths = require(path.join(root, 'tsconfig.base.json')).compilerOptions.paths;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const mapped = paths[request];
  return resolve.call(this, mapped ? path.join(root, mapped[0]) : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
// Under -e, parseArgs reads process.argv from index 1: leave only the entry's own arguments there.
const entry = process.argv[2];
process.argv.splice(1, 2);
require(entry);
`;

/** The MM_CONTROL_TOKEN the child processes run with. */
export const APP_CONTROL_TOKEN = 'app-process-test-control-token';

export interface AppProcess {
  readonly child: ChildProcess;
  readonly httpPort: number;
  /** Everything the process wrote (stdout and stderr), for assertions and failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  status(): Promise<Record<string, unknown>>;
  post(path: string): Promise<number>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `npm start` as a user would, from source, with `env` on top of the test's environment. */
export async function startAppProcess(env: Record<string, string>, args: readonly string[] = []): Promise<AppProcess> {
  const httpPort = await freePort();
  const entry = path.join(ROOT, 'apps/market-maker/src/main.ts');
  const child = spawn(process.execPath, ['-e', BOOTSTRAP, 'bootstrap', entry, ...args], {
    cwd: ROOT,
    // The control API needs a bearer token: a known one, so that post() can send it. A child pointed at a venue
    // (TRUEX_FIX_HOST) trades in live mode, which needs the operator's confirmation (MM_LIVE=1, as --live).
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      MM_HTTP_PORT: String(httpPort),
      MM_CONTROL_TOKEN: APP_CONTROL_TOKEN,
      ...(env.TRUEX_FIX_HOST === undefined ? {} : { MM_LIVE: '1' }),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const base = `http://127.0.0.1:${httpPort}`;
  return {
    child,
    httpPort,
    output: () => output,
    exited,
    status: async () => (await (await fetch(`${base}/status`)).json()) as Record<string, unknown>,
    post: async (p) =>
      (await fetch(`${base}${p}`, { method: 'POST', headers: { authorization: `Bearer ${APP_CONTROL_TOKEN}` } }))
        .status,
  };
}
