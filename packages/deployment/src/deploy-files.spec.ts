import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * The container and service files, checked by the real tools where this machine has them (each check is skipped
 * with the reason printed where it does not), and by what the tools cannot know: that the commands they run exist
 * in this repository and the settings agree with each other.
 */
const ROOT = resolve(__dirname, '../../..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

function run(command: string, args: readonly string[], cwd = ROOT): { status: number | null; output: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 20_000 });
  return { status: r.error ? null : r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** The built file an `apps/x/dist/y.js` path of the image or unit comes from. */
function sourceOf(built: string): string {
  return built.replace('/dist/', '/src/').replace(/\.js$/, '.ts');
}

function skipUnless(reason: string | undefined): typeof it {
  if (reason === undefined) return it;
  console.warn(`skipped: ${reason}`);
  return it.skip;
}

const dockerEngine = run('docker', ['info', '--format', '{{.ServerVersion}}']);
const composeCli = run('docker', ['compose', 'version']);
const systemdAnalyze = run('systemd-analyze', ['--version']);

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => /^[A-Z]+\s/.test(l));

  it('builds in two stages with npm ci and tsc -b, and runs as a non-root user with a data volume and a health check', () => {
    const stages = instructions.filter((l) => l.startsWith('FROM '));
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/ AS build$/);
    const build = dockerfile.slice(dockerfile.indexOf(stages[0]!), dockerfile.indexOf(stages[1]!));
    expect(build).toMatch(/npm ci\b/);
    expect(build).toMatch(/tsc -b\b/);
    const runtime = instructions.slice(instructions.indexOf(stages[1]!));
    const user = runtime.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER (root|0)\b/);
    expect(runtime.some((l) => l.startsWith('VOLUME') && l.includes('/data'))).toBe(true);
    expect(runtime.find((l) => l.startsWith('ENV '))).toContain('MM_DATA_DIR=/data');
    expect(runtime.find((l) => l.startsWith('HEALTHCHECK '))).toContain('/healthz');
    const entrypoint = JSON.parse(
      runtime.find((l) => l.startsWith('ENTRYPOINT '))!.slice('ENTRYPOINT '.length),
    ) as string[];
    expect(entrypoint[0]).toBe('node');
    expect(existsSync(join(ROOT, sourceOf(entrypoint[1]!)))).toBe(true);
  });

  it('keeps dependencies, builds and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '.env', '.git']) expect(ignored).toContain(entry);
    expect(ignored).toContain('!.env.example');
  });

  skipUnless(
    dockerEngine.status === 0 ? undefined : 'no Docker engine on this machine: `docker build --check` needs one',
  )('passes docker build --check', () => {
    expect(run('docker', ['build', '--check', '.'])).toMatchObject({ status: 0 });
  });
});

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  entrypoint?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  volumes?: string[];
}

describe('deploy/compose.yaml', () => {
  const compose = parse(read('deploy/compose.yaml'), { merge: true }) as {
    services: Record<string, ComposeService>;
    volumes: Record<string, unknown>;
  };
  const services = compose.services;

  it('runs the market maker, PostgreSQL, Redis and the persistence writer, wired to each other', () => {
    expect(Object.keys(services).sort()).toEqual(['market-maker', 'persistence-writer', 'postgres', 'redis']);
    const mm = services['market-maker']!;
    const writer = services['persistence-writer']!;
    for (const app of [mm, writer]) {
      expect(existsSync(join(ROOT, 'deploy', app.build!.context, app.build!.dockerfile))).toBe(true);
      expect(app.environment!.REDIS_URL).toBe('redis://redis:6379');
      expect(app.environment!.DATABASE_URL).toMatch(/@postgres:5432\/truex_mm$/);
      expect(app.environment!.MM_DEPLOYMENT).toBe(mm.environment!.MM_DEPLOYMENT);
      for (const [name, { condition }] of Object.entries(app.depends_on!)) {
        expect(condition).toBe('service_healthy');
        expect(services[name]!.healthcheck?.test).toBeDefined();
      }
    }
    expect(mm.environment!.MM_MODE).toBe('${MM_MODE:-paper}'); // never live by default
    expect(mm.volumes).toContain('mm-data:/data');
    expect(writer.entrypoint![0]).toBe('node');
    expect(existsSync(join(ROOT, sourceOf(writer.entrypoint![1]!)))).toBe(true);
    expect(writer.healthcheck?.disable).toBe(true); // the image's /healthz check is the market maker's
  });

  skipUnless(composeCli.status === 0 ? undefined : 'no `docker compose` plugin on this machine')(
    'passes docker compose config',
    () => {
      expect(run('docker', ['compose', '-f', 'deploy/compose.yaml', 'config', '--quiet'])).toMatchObject({ status: 0 });
    },
  );
});

describe('systemd units', () => {
  const units = ['deploy/market-maker.service', 'deploy/persistence-writer.service'];

  it('start the built entry points from the install folder, as an unprivileged user', () => {
    for (const unit of units) {
      const text = read(unit);
      const exec = /^ExecStart=\/usr\/bin\/node (\S+)/m.exec(text);
      expect(exec).not.toBeNull();
      expect(existsSync(join(ROOT, sourceOf(exec![1]!)))).toBe(true);
      expect(text).toMatch(/^User=truex-mm$/m);
      expect(text).toMatch(/^RestartPreventExitStatus=2$/m);
      expect(text).toMatch(/^EnvironmentFile=\/etc\/truex-mm\/market-maker.env$/m);
    }
  });

  skipUnless(systemdAnalyze.status === 0 ? undefined : 'no systemd-analyze on this machine')(
    'pass systemd-analyze verify without a warning',
    () => {
      // Verified as copies whose node is this test's node (verify checks the binary exists).
      const dir = mkdtempSync(join(tmpdir(), 'mm-units-'));
      try {
        const copies = units.map((unit) => {
          const copy = join(dir, unit.split('/').at(-1)!);
          writeFileSync(copy, read(unit).replace(/^ExecStart=\/usr\/bin\/node /m, `ExecStart=${process.execPath} `));
          return copy;
        });
        const result = run('systemd-analyze', ['verify', '--man=no', ...copies], dir);
        expect(result).toEqual({ status: 0, output: '' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
