import { createInterface } from 'node:readline';
import { createPersistence } from './persistence';
import { eventMix } from './trading-events.test-util';

const say = (message: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

/**
 * The second process of the lock tests (run through child-process.test-util). Modes:
 * - `hold <dataDir> <runId>`: opens the embedded folder, stores a run of events, says `ready`, and on `close` from
 *   stdin records the run's end, closes and says `closed`;
 * - `halt-and-die <dataDir> <runId>`: opens the folder, stores a trading halt and SIGKILLs itself the moment the call
 *   resolved (the lock file stays behind, stale).
 */
export async function main([mode, dataDir, runId]: string[]): Promise<void> {
  const persistence = await createPersistence({ dataDir, deployment: 'lock-test' });
  const t0 = Date.UTC(2026, 1, 1);
  if (mode === 'halt-and-die') {
    await persistence.saveTradingHalt({ reason: 'kill switch', timeMs: t0, runId: runId! });
    process.kill(process.pid, 'SIGKILL');
    return;
  }
  persistence.record({ type: 'run-started', runId: runId!, mode: 'paper', config: {}, timeMs: t0 });
  for (const event of eventMix(runId!, 20, t0 + 1, 'child')) persistence.record(event);
  await persistence.flush();
  say({ ready: true, pid: process.pid });
  const input = createInterface({ input: process.stdin });
  for await (const line of input) {
    if (line !== 'close') continue;
    persistence.record({ type: 'run-ended', runId: runId!, timeMs: t0 + 1000 });
    const report = await persistence.close();
    say({ closed: true, report });
    break;
  }
  input.close();
}
