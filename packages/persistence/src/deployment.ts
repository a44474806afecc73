import { createHash } from 'node:crypto';
import path from 'node:path';
import { PersistenceError } from './persistence-error';

/** What a deployment name may look like: it becomes part of Redis keys, a consumer group and a file name. */
export const DEPLOYMENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The deployment a market maker belongs to: explicit (`MM_DEPLOYMENT` in the apps), or derived deterministically from
 * where it stores its data, so two market makers with different databases never share Redis keys even when nobody
 * named them:
 *
 * - with a database URL: `<database name>-<8 hex of sha256("postgres://<host>:<port>/<database>")>` (user,
 *   password and query parameters are not part of it, so a rotated password keeps the name and no secret is in it);
 * - without one (embedded PGlite): `<data folder's base name>-<8 hex of sha256(absolute data folder path)>`.
 *
 * Names are lower-cased; characters outside `[a-z0-9._-]` become `-`; the readable part is cut at 40 characters.
 */
export function resolveDeployment(o: { deployment?: string; databaseUrl?: string; dataDir: string }): string {
  if (o.deployment !== undefined && o.deployment !== '') return validateDeployment(o.deployment);
  if (o.databaseUrl) {
    let url: URL;
    try {
      url = new URL(o.databaseUrl);
    } catch {
      // Never echo the URL: it may hold a password.
      throw new PersistenceError('BAD_CONFIG', 'database URL does not parse');
    }
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
    const identity = `postgres://${url.hostname}:${url.port || '5432'}/${database}`;
    return `${readable(database)}-${shortHash(identity)}`;
  }
  const dir = path.resolve(o.dataDir);
  return `${readable(path.basename(dir))}-${shortHash(dir)}`;
}

/** Returns `name` if it fits {@link DEPLOYMENT_PATTERN}; throws `BAD_CONFIG` otherwise. */
export function validateDeployment(name: string): string {
  if (!DEPLOYMENT_PATTERN.test(name)) {
    throw new PersistenceError(
      'BAD_CONFIG',
      `deployment name ${JSON.stringify(name.slice(0, 80))} must match ${String(DEPLOYMENT_PATTERN)}`,
    );
  }
  return name;
}

function readable(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 40);
  return cleaned === '' ? 'data' : cleaned;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
