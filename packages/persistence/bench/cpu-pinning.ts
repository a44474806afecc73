// CPU pinning for the deployment-shaped loop-delay rows: the storage side (PostgreSQL, Redis, the stream writer) on
// one core and the trading process on the other, as with the database on a machine of its own. Uses taskset(1);
// pinning other processes needs the right to (root, or the same user with CAP_SYS_NICE).
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Why pinning cannot be done here, or undefined when it can. */
export function pinningUnavailable(): string | undefined {
  if (availableParallelism() < 2) return 'fewer than 2 CPUs';
  try {
    execFileSync('taskset', ['-c', '-p', String(process.pid)], { stdio: 'ignore' });
  } catch {
    return 'taskset(1) is not available';
  }
  return undefined;
}

/** PIDs of every process with this exact name (pgrep -x), e.g. 'postgres', 'redis-server'. */
export function pidsNamed(name: string): number[] {
  try {
    return execFileSync('pgrep', ['-x', name], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** The CPU list a process may run on ("0,1", "0-1"). */
export function affinityOf(pid: number): string {
  const out = execFileSync('taskset', ['-c', '-p', String(pid)], { encoding: 'utf8' });
  return out.slice(out.lastIndexOf(':') + 1).trim();
}

/** Pins all threads of `pid` to `cpus`; false when the process is gone or refuses. */
export function pin(pid: number, cpus: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-c', '-p', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Pins the given processes (and, for PostgreSQL, the backends its postmaster forks later, which inherit it) to
 * `cpus` and returns a function that gives each its former affinity back.
 */
export function pinProcesses(pids: readonly number[], cpus: string): () => void {
  const before = pids.flatMap((pid) => {
    try {
      return [{ pid, cpus: affinityOf(pid) }];
    } catch {
      return [];
    }
  });
  for (const p of before) pin(p.pid, cpus);
  return () => {
    for (const p of before) pin(p.pid, p.cpus);
  };
}
