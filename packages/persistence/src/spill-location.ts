import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DEFAULT_KEY_PREFIX } from './redis-keys';

/** `<dataDir>/spill/events-<deployment>.jsonl` (`events-<keyPrefix>-<deployment>.jsonl` with a non-default prefix). */
export function spillFilePath(dataDir: string, keyPrefix: string, deployment: string): string {
  const prefix = keyPrefix === DEFAULT_KEY_PREFIX ? '' : `${fileSafe(keyPrefix)}-`;
  return path.join(dataDir, 'spill', `events-${prefix}${deployment}.jsonl`);
}

/**
 * Moves a spill file written before deployments existed (`events.jsonl`, or `events-<keyPrefix>.jsonl`) to this
 * deployment's name, so its events are still replayed after an upgrade. rename() is atomic: when two deployments
 * share a data folder, exactly one adopts it. Returns whether anything was moved.
 */
export async function adoptLegacySpill(dataDir: string, keyPrefix: string, target: string): Promise<boolean> {
  const legacyName = keyPrefix === DEFAULT_KEY_PREFIX ? 'events.jsonl' : `events-${fileSafe(keyPrefix)}.jsonl`;
  const legacy = path.join(dataDir, 'spill', legacyName);
  if (legacy === target) return false;
  let moved = false;
  for (const suffix of ['', '.replaying']) {
    try {
      await fs.access(`${target}${suffix}`);
      continue; // never overwrite this deployment's own file
    } catch {
      // target free
    }
    try {
      await fs.rename(`${legacy}${suffix}`, `${target}${suffix}`);
      moved = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return moved;
}

function fileSafe(text: string): string {
  return text.replace(/\W/g, '_');
}
