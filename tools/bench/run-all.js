#!/usr/bin/env node
// Compiles every packages/*/bench/*.bench.ts and apps/*/bench/*.bench.ts (against the built packages) and runs
// them one after another, each in its own process so one benchmark's garbage does not tax the next.
// Usage: npm run bench [-- <substring filter>]
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const filter = process.argv[2] ?? '';
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.bench.json'], {
  cwd: root,
  stdio: 'inherit',
});

function find(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? find(p) : e.name.endsWith('.bench.js') ? [p] : [];
  });
}
const files = find(path.join(root, 'dist-bench'))
  .filter((f) => f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error('no benchmarks found');
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${path.relative(path.join(root, 'dist-bench'), file)}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--experimental-vm-modules', '--no-warnings', file], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
