import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppLogging, redactSecrets } from './logging';

const SECRET = 'S3CR3T-value';
const T = Date.UTC(2026, 11, 6, 2, 30, 5, 123);

describe('app logging', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mm-logging-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const logSecrets = (logger: import('pino').Logger) => {
    logger.info(
      {
        apiKey: SECRET,
        truex: { secretKey: SECRET, host: 'fix.truex.co' },
        config: { truex: { apiSecret: SECRET }, databaseUrl: `postgres://mm:${SECRET}@db:5432/mm` },
        headers: { authorization: `Bearer ${SECRET}` },
      },
      'configured',
    );
    logger.debug({ clOrdId: 'C1' }, 'risk denied');
  };

  it('on a TTY: readable lines on the terminal (info and up), JSON lines in the data folder (debug and up)', async () => {
    const written: string[] = [];
    const stdout = { isTTY: true, columns: 120, write: (s: string) => written.push(s) };
    const logging = await createAppLogging({ level: 'info', dataDir, stdout, startedAtMs: T });
    expect(logging.screen).toBeDefined();
    logSecrets(logging.logger);
    const file = logging.nameAfterRun('run-42');
    logging.flush();

    expect(file).toBe(join(dataDir, 'logs', 'market-maker-20261206T023005Z-run-42.jsonl'));
    expect(readdirSync(join(dataDir, 'logs'))).toEqual(['market-maker-20261206T023005Z-run-42.jsonl']);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(['configured', 'risk denied']);
    expect(lines[0]).toMatchObject({
      level: 30,
      apiKey: '[redacted]',
      truex: { secretKey: '[redacted]', host: 'fix.truex.co' },
      config: { truex: { apiSecret: '[redacted]' }, databaseUrl: 'postgres://***@db:5432/mm' },
      headers: { authorization: '[redacted]' },
    });

    const terminal = written.join('');
    expect(terminal).toContain('configured');
    expect(terminal).not.toContain('risk denied'); // debug: the file only
    expect(terminal).not.toMatch(/^\{/m); // not JSON
    expect(terminal).toMatch(/\d\d:\d\d:\d\d\.\d{3}/);
    for (const text of [terminal, readFileSync(file, 'utf8')]) expect(text).not.toContain(SECRET);
  });

  it('without a TTY: JSON lines on stdout, and the file as well', async () => {
    const outPath = join(dataDir, 'stdout.jsonl');
    const fd = openSync(outPath, 'w');
    try {
      const stdout = { isTTY: false, fd, write: () => true };
      const logging = await createAppLogging({ level: 'info', dataDir, stdout, startedAtMs: T });
      expect(logging.screen).toBeUndefined();
      logSecrets(logging.logger);
      logging.flush();
      const out = readFileSync(outPath, 'utf8').trim().split('\n');
      expect(out.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['configured']);
      expect(out.join('\n')).not.toContain(SECRET);
      expect(existsSync(logging.file)).toBe(true);
      expect(readFileSync(logging.file, 'utf8')).toContain('risk denied');
    } finally {
      closeSync(fd);
    }
  });

  it('LOG_LEVEL silent quiets the terminal, not the file; an unknown level is refused', async () => {
    const written: string[] = [];
    const logging = await createAppLogging({
      level: 'silent',
      dataDir,
      stdout: { isTTY: true, write: (s: string) => written.push(s) },
      startedAtMs: T,
    });
    logging.logger.warn('quiet');
    logging.flush();
    expect(written).toEqual([]);
    expect(readFileSync(logging.file, 'utf8')).toContain('quiet');
    await expect(
      createAppLogging({ level: 'loud', dataDir, stdout: { write: () => true }, startedAtMs: T }),
    ).rejects.toThrow(/LOG_LEVEL must be one of/);
  });

  it("redacts secrets at any case and depth up to 4, arrays included, without touching the caller's objects", () => {
    const line = {
      apiKey: SECRET,
      TRUEX_SECRET_KEY: SECRET,
      routeKey: 'MM->TRUEX', // a key, not a secret
      controlToken: SECRET,
      a: { b: { password: SECRET, ok: 1 } },
      list: [{ signature: SECRET }, 'plain'],
      redisUrl: `redis://:${SECRET}@cache:6379`,
      url: 'ws://127.0.0.1:9000',
      deep: { l1: { l2: { l3: { secret: 'beyond the depth limit' } } } },
      err: Object.assign(new Error('boom'), { code: 'X' }),
    };
    const before = JSON.stringify(line);
    const clean = redactSecrets(line);
    expect(JSON.stringify(line)).toBe(before);
    expect(clean).toMatchObject({
      apiKey: '[redacted]',
      TRUEX_SECRET_KEY: '[redacted]',
      routeKey: 'MM->TRUEX',
      controlToken: '[redacted]',
      a: { b: { password: '[redacted]', ok: 1 } },
      list: [{ signature: '[redacted]' }, 'plain'],
      redisUrl: 'redis://***@cache:6379',
      url: 'ws://127.0.0.1:9000',
    });
    expect(clean.err).toBe(line.err);
    expect(JSON.stringify(clean)).not.toContain(SECRET);
    const plain = { clOrdId: 'C1', side: 'buy', nested: { price: '1' } };
    expect(redactSecrets(plain)).toBe(plain);
  });
});
