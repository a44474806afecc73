import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

// Runs a TypeScript module of this package in a real second node process, from source (no prior build): a require
// hook transpiles .ts files with the workspace's TypeScript, and @truex-mm/clock and @truex-mm/trading-figures (the
// base-layer packages persistence uses) resolve to their sources too.
const BOOTSTRAP = `
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const sources = {
  '@truex-mm/clock': ${JSON.stringify(path.resolve(__dirname, '../../clock/src/index.ts'))},
  '@truex-mm/trading-figures': ${JSON.stringify(path.resolve(__dirname, '../../trading-figures/src/index.ts'))},
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, sources[request] ?? request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.Node16, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
const [file, ...args] = process.argv.slice(1);
const mod = require(file); // a CLI runs itself on load; a test child exports main(args)
if (typeof mod.main === 'function') {
  mod.main(args).catch((error) => {
    process.stdout.write(JSON.stringify({ error: error.message, code: error.code }) + '\\n');
    process.exit(1);
  });
}
`;

/** A child process speaking JSON lines on stdout. */
export interface ChildHandle {
  readonly process: ChildProcessWithoutNullStreams;
  /** Resolves with the next JSON line the child writes. */
  nextMessage(): Promise<Record<string, unknown>>;
  send(line: string): void;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `node` on `module` (a .ts file exporting `main(args)`), from this package's folder. */
export function spawnTsChild(module: string, args: readonly string[]): ChildHandle {
  const child = spawn(process.execPath, ['-e', BOOTSTRAP, module, ...args], {
    cwd: path.resolve(__dirname, '..'),
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const lines = createInterface({ input: child.stdout });
  const queued: Array<Record<string, unknown>> = [];
  const waiting: Array<(m: Record<string, unknown>) => void> = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  lines.on('line', (line) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // not ours (a library printing)
    }
    const next = waiting.shift();
    if (next) next(message);
    else queued.push(message);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    nextMessage: () =>
      queued.length > 0
        ? Promise.resolve(queued.shift()!)
        : Promise.race([
            new Promise<Record<string, unknown>>((resolve) => waiting.push(resolve)),
            exited.then(({ code, signal }) => {
              throw new Error(`child exited (${code ?? signal}) before writing: ${stderr.slice(-2000)}`);
            }),
          ]),
    send: (line) => child.stdin.write(`${line}\n`),
    exited,
  };
}
