import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnTsChild } from './child-process.test-util';
import { acquireDataDirLock, DATA_DIR_LOCK_FILE, readDataDirLock } from './data-dir-lock';
import { createPersistence } from './persistence';
import { DataDirLockedError } from './persistence-error';
import { openPglite } from './sql-client';
import { countRows } from './test-db.test-util';
import { countByType, eventMix } from './trading-events.test-util';

const CHILD = path.join(__dirname, 'persistence-child.test-util.ts');

describe('exclusive lock on the embedded data folder', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'persistence-lock-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a second process fails with DATA_DIR_LOCKED naming the holder pid, and the first run is untouched', async () => {
    const child = spawnTsChild(CHILD, ['hold', dataDir, 'held-run']);
    try {
      expect(await child.nextMessage()).toEqual({ ready: true, pid: child.process.pid });
      const lockFile = path.join(dataDir, DATA_DIR_LOCK_FILE);
      const lockBefore = await readFile(lockFile, 'utf8');
      const before = (await readdir(dataDir)).sort();

      const attempt = createPersistence({ dataDir, deployment: 'lock-test' });
      await expect(attempt).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(attempt).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED', holderPid: child.process.pid });
      await expect(attempt).rejects.toThrow(`in use by pid ${child.process.pid}`);
      // Nothing of the holder's was touched: same lock, no new files (no spill adopted, no database opened).
      expect(await readFile(lockFile, 'utf8')).toBe(lockBefore);
      expect((await readdir(dataDir)).sort()).toEqual(before);

      child.send('close');
      expect(await child.nextMessage()).toMatchObject({ closed: true, report: { eventsNotStored: 0 } });
      expect(await child.exited).toEqual({ code: 0, signal: null });
    } finally {
      child.process.kill('SIGKILL');
    }
    // The holder released the folder at close, and every event it recorded is there.
    const lock = await acquireDataDirLock(dataDir);
    const sql = await openPglite(path.join(dataDir, 'pglite'));
    try {
      expect(await countRows(sql, 'held-run')).toEqual(countByType(eventMix('held-run', 20, 0, 'child')));
      const run = (await sql.query<{ ended_at: Date | null }>("SELECT ended_at FROM runs WHERE run_id = 'held-run'"))
        .rows;
      expect(run).toHaveLength(1);
      expect(run[0]!.ended_at).not.toBeNull();
    } finally {
      await sql.close();
      await lock.release();
    }
  }, 40_000);

  it('a stale lock of a pid killed with -9 is taken over, and the halt it saved just before survived', async () => {
    const child = spawnTsChild(CHILD, ['halt-and-die', dataDir, 'halting-run']);
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const deadPid = child.process.pid!;
    expect((await readDataDirLock(dataDir))?.pid).toBe(deadPid); // left behind: stale

    const persistence = await createPersistence({ dataDir, deployment: 'lock-test' });
    try {
      expect((await readDataDirLock(dataDir))?.pid).toBe(process.pid);
      const aside = (await readdir(dataDir)).filter((f) => f.startsWith(`${DATA_DIR_LOCK_FILE}.stale-${deadPid}-`));
      expect(aside).toHaveLength(1); // kept for the post-mortem
      const halt = { reason: 'kill switch', timeMs: Date.UTC(2026, 1, 1), runId: 'halting-run' };
      expect(await persistence.loadTradingHalt()).toEqual(halt);
      expect((await persistence.lastRunState()).halt).toEqual(halt);
      expect(await persistence.clearTradingHalt({ by: 'operator', timeMs: Date.UTC(2026, 1, 2) })).toBe(true);
      expect(await persistence.loadTradingHalt()).toBeUndefined();
    } finally {
      await persistence.close();
    }
    expect(await readDataDirLock(dataDir)).toBeUndefined(); // released at close
  }, 40_000);

  it('a second instance in the same process fails too; a torn lock file counts as stale', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'persistence-lock-unit-'));
    try {
      const first = await acquireDataDirLock(dir);
      await expect(acquireDataDirLock(dir)).rejects.toMatchObject({
        code: 'DATA_DIR_LOCKED',
        holderPid: process.pid,
      });
      await first.release();
      await first.release(); // idempotent
      await writeFile(path.join(dir, DATA_DIR_LOCK_FILE), '{"pid": 12'); // a crash while writing the lock
      const again = await acquireDataDirLock(dir);
      expect((await readDataDirLock(dir))?.pid).toBe(process.pid);
      await again.release();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
