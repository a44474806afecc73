#!/usr/bin/env node
// Compiles every packages/*/bench/*.bench.ts and apps/*/bench/*.bench.ts (against the built packages) and runs
// them one after another, each in its own process so one benchmark's garbage does not tax the next.
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');

const USAGE = `Usage: npm run bench [-- <filter>]     build, then run every benchmark whose path contains <filter>
       npm run bench -- --list           list the benchmarks (no run)
       npm run bench -- --help           this help

Each benchmark prints a table with a baseline measured in the same run. Examples:
  npm run bench -- fix-codec             the FIX codec benchmark only
  npm run bench -- market-maker          the app's tick-to-wire benchmark`;

/** Benchmark sources, relative to the repository: packages/<name>/bench/*.bench.ts, apps/<name>/bench/*.bench.ts. */
function benchmarkSources() {
  const found = [];
  for (const top of ['packages', 'apps']) {
    const dir = path.join(root, top);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      const bench = path.join(dir, name, 'bench');
      if (!fs.existsSync(bench)) continue;
      for (const file of fs.readdirSync(bench)) {
        if (file.endsWith('.bench.ts')) found.push(`${top}/${name}/bench/${file}`);
      }
    }
  }
  return found.sort();
}

/** The first line of a benchmark's leading comment, if it has one. */
function summaryOf(file) {
  for (const line of fs.readFileSync(path.join(root, file), 'utf8').split('\n')) {
    const comment = /^\s*(?:\/\/+|\/\*+|\*+\/?)\s*(.*?)\s*(?:\*\/)?$/.exec(line);
    if (!comment) {
      if (line.trim() === '' || /^\s*(import|'use strict'|#!)/.test(line)) continue;
      return '';
    }
    if (comment[1] !== '') return comment[1];
  }
  return '';
}

function main(argv) {
  const flags = argv.filter((a) => a.startsWith('-'));
  const filters = argv.filter((a) => !a.startsWith('-'));
  if (flags.includes('--help') || flags.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = flags.filter((f) => f !== '--list');
  if (unknown.length > 0 || filters.length > 1) {
    console.error(`${unknown.length > 0 ? `unknown option ${unknown[0]}` : 'one filter at most'}\n\n${USAGE}`);
    return 2;
  }
  const filter = filters[0] ?? '';
  const sources = benchmarkSources().filter((f) => f.includes(filter));
  if (flags.includes('--list')) {
    const width = Math.max(0, ...sources.map((f) => f.length));
    for (const file of sources) console.log(`${file.padEnd(width)}  ${summaryOf(file)}`.trimEnd());
    return sources.length > 0 ? 0 : 1;
  }
  if (sources.length === 0) {
    console.error(`no benchmark matches "${filter}"; npm run bench -- --list shows them all`);
    return 1;
  }

  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.bench.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  let failed = 0;
  for (const source of sources) {
    const file = path.join(root, 'dist-bench', source.replace(/\.ts$/, '.js'));
    console.log(`\n=== ${source.replace(/\.ts$/, '.js')}`);
    const r = spawnSync(process.execPath, ['--expose-gc', '--experimental-vm-modules', '--no-warnings', file], {
      cwd: root,
      stdio: 'inherit',
    });
    if (r.status !== 0) failed++;
  }
  return failed ? 1 : 0;
}

process.exit(main(process.argv.slice(2)));
