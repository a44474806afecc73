#!/usr/bin/env node
import { runCli } from './cli';
import { ExitCode } from './exit-codes';
import { installProcessGuards } from './process-guards';

// Until the run says otherwise, any way out of this process is a failure, never a silent 0.
process.exitCode = ExitCode.internal;
const guards = installProcessGuards(process, process.stderr);
runCli(
  process.argv.slice(2),
  process.env,
  { stdout: process.stdout, stderr: process.stderr },
  { signal: guards.signal },
).then(
  (code) => guards.finish(code),
  (error: unknown) => {
    process.stderr.write(
      `ladder-test: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    guards.finish(ExitCode.internal);
  },
);
