import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { DataDirLockedError } from './persistence-error';

/** The lock file's name inside the data folder. */
export const DATA_DIR_LOCK_FILE = 'pglite.lock';

/** What the lock file holds (JSON). */
export interface DataDirLockHolder {
  pid: number;
  host: string;
  /** Linux process start time (clock ticks since boot, /proc/<pid>/stat field 22): tells a reused pid apart. */
  processStart?: string;
  acquiredAtMs: number;
  deployment?: string;
}

export interface DataDirLock {
  readonly path: string;
  readonly holder: DataDirLockHolder;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): Promise<void>;
}

// Locks held by this process: a second instance in the same process must fail too, even though the pid is alive.
const heldHere = new Set<string>();

/**
 * Takes the exclusive lock on an embedded data folder: `<dataDir>/pglite.lock`, created with O_EXCL and holding the
 * holder's pid, host and process start time. PGlite has no lock of its own: two processes on one folder would
 * corrupt it.
 *
 * - Held by a live process (or by another instance in this process) → {@link DataDirLockedError} naming the pid;
 *   nothing in the folder is touched.
 * - Held by a pid that no longer runs on this host (or whose start time differs: the pid was reused) → stale: the
 *   file is renamed to `pglite.lock.stale-<pid>-<random>` (kept for the post-mortem), checked to be the stale one and
 *   not a lock another process has just taken, and the lock is taken afresh.
 * - Held from another host (a shared network folder) → treated as live: liveness cannot be checked from here.
 */
export async function acquireDataDirLock(dataDir: string, deployment?: string): Promise<DataDirLock> {
  const dir = path.resolve(dataDir);
  const lockPath = path.join(dir, DATA_DIR_LOCK_FILE);
  await fs.mkdir(dir, { recursive: true });
  const holder: DataDirLockHolder = {
    pid: process.pid,
    host: hostname(),
    processStart: processStartTime(process.pid),
    acquiredAtMs: Date.now(),
    ...(deployment === undefined ? {} : { deployment }),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (heldHere.has(lockPath)) throw new DataDirLockedError(dir, process.pid, holder.host);
    if (await createExclusive(lockPath, holder)) {
      heldHere.add(lockPath);
      return lockHandle(lockPath, holder);
    }
    const current = await readHolder(lockPath);
    if (current === 'missing') continue; // released between our attempt and the read: try again
    if (current !== 'unreadable' && isAlive(current)) throw new DataDirLockedError(dir, current.pid, current.host);
    await moveStaleAside(lockPath, current);
  }
  // Only reachable when other processes keep racing for the same folder.
  const current = await readHolder(lockPath);
  throw new DataDirLockedError(dir, typeof current === 'object' ? current.pid : 0, '');
}

/** The holder recorded in `<dataDir>/pglite.lock`, if any (for tools and error messages). */
export async function readDataDirLock(dataDir: string): Promise<DataDirLockHolder | undefined> {
  const current = await readHolder(path.join(path.resolve(dataDir), DATA_DIR_LOCK_FILE));
  return typeof current === 'object' ? current : undefined;
}

async function createExclusive(lockPath: string, holder: DataDirLockHolder): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(holder)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function readHolder(lockPath: string): Promise<DataDirLockHolder | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await fs.readFile(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<DataDirLockHolder>;
    if (typeof parsed.pid === 'number' && Number.isSafeInteger(parsed.pid) && typeof parsed.host === 'string') {
      return parsed as DataDirLockHolder;
    }
  } catch {
    // fall through: a lock torn by a crash while it was being written
  }
  return 'unreadable';
}

function isAlive(holder: DataDirLockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) {
    // Same pid, other start time: a dead process had our pid (a container's pid 1 after a restart). Same start time:
    // another copy of this module in this very process holds it.
    return holder.processStart === undefined || holder.processStart === processStartTime(process.pid);
  }
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: alive but someone else's.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStartTime(holder.pid);
  return holder.processStart === undefined || start === undefined || start === holder.processStart;
}

async function moveStaleAside(lockPath: string, stale: DataDirLockHolder | 'unreadable'): Promise<void> {
  const aside = `${lockPath}.stale-${typeof stale === 'object' ? stale.pid : 'unreadable'}-${randomBytes(3).toString('hex')}`;
  try {
    await fs.rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another process moved it first
    throw error;
  }
  // Between our read and the rename another process may have taken over and written a fresh lock: put it back.
  const moved = await readHolder(aside);
  const same =
    typeof moved === 'object' && typeof stale === 'object'
      ? moved.pid === stale.pid && moved.acquiredAtMs === stale.acquiredAtMs && moved.host === stale.host
      : moved === stale;
  if (!same)
    await fs.link(aside, lockPath).then(
      () => fs.rm(aside, { force: true }),
      () => undefined,
    );
}

function lockHandle(lockPath: string, holder: DataDirLockHolder): DataDirLock {
  let released = false;
  return {
    path: lockPath,
    holder,
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(lockPath);
      const current = await readHolder(lockPath);
      if (typeof current === 'object' && current.pid === holder.pid && current.acquiredAtMs === holder.acquiredAtMs) {
        await fs.rm(lockPath, { force: true });
      }
    },
  };
}

/** Field 22 of /proc/<pid>/stat (start time since boot); undefined off Linux or for a pid that is gone. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}
