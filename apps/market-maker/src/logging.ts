import { once } from 'node:events';
import { renameSync } from 'node:fs';
import path from 'node:path';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { TerminalScreen, type ScreenOutput } from './terminal-screen';

/**
 * Keys whose values never reach a log line: any key naming a secret, password, passphrase, API key, signature,
 * authorization, cookie, token or credential, in any case (`apiKey`, `secretKey`, `TRUEX_SECRET_KEY`, `controlToken`,
 * `headers.authorization`…).
 */
export const SECRET_KEY = /secret|passw|passphrase|api[-_]?key|signature|authori[sz]ation|cookie|token|credential/i;
/** Keys holding a URL (`databaseUrl`, `redisUrl`, `url`…): kept, with any user and password masked. */
export const URL_KEY = /url$/i;
/** How deep {@link redactSecrets} looks into a log line's objects. */
export const REDACT_DEPTH = 4;

/**
 * A log line's fields with every secret replaced by '[redacted]' and credentials in URLs masked
 * (`postgres://***@db/mm`), up to {@link REDACT_DEPTH} objects deep, arrays included. Copies only what it changes
 * (the caller's objects are never modified); a line without secrets is returned as it was. Errors are left to pino's
 * error serializer. (A walk of the few keys of a line: pino's path-based redaction with wildcards cost 5-7× the
 * whole log call.)
 */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (depth >= REDACT_DEPTH || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const clean = redactSecrets(value[i] as unknown, depth + 1);
      if (clean !== value[i]) (copy ??= [...value])[i] = clean;
    }
    return (copy ?? value) as T;
  }
  const obj = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in obj) {
    const v = obj[key];
    let clean: unknown = v;
    if (SECRET_KEY.test(key)) clean = v === undefined || v === null ? v : '[redacted]';
    else if (typeof v === 'string') clean = URL_KEY.test(key) ? maskUrlCredentials(v) : v;
    else if (typeof v === 'object' && v !== null) clean = redactSecrets(v, depth + 1);
    if (clean !== v) (copy ??= { ...obj })[key] = clean;
  }
  return (copy ?? value) as T;
}

/** `scheme://user:password@host/…` → `scheme://***@host/…`. */
export function maskUrlCredentials(url: string): string {
  return url.includes('@') ? url.replace(/\/\/[^@/]*@/, '//***@') : url;
}

export interface AppLoggingOptions {
  /** The terminal's level (LOG_LEVEL: a pino level or 'silent'); the file gets debug and up (or this, when lower). */
  readonly level: string;
  /** The data folder: the log file goes to `<dataDir>/logs/`. */
  readonly dataDir: string;
  /** Where the terminal output goes (process.stdout). */
  readonly stdout: ScreenOutput & { isTTY?: boolean; fd?: number };
  /** For the file name (UTC date and time). */
  readonly startedAtMs: number;
  readonly base?: Record<string, unknown>;
}

export interface AppLogging {
  readonly logger: Logger;
  /** The JSON log file of this run (renamed by {@link AppLogging.nameAfterRun}). */
  readonly file: string;
  /** The terminal screen when stdout is a TTY (readable lines, a status panel at the bottom). */
  readonly screen: TerminalScreen | undefined;
  /** Gives the file its run id: `market-maker-<date>-<runId>.jsonl` (the open file keeps being written). */
  nameAfterRun(runId: string): string;
  /** Writes out whatever is buffered (synchronously: safe right before process.exit). */
  flush(): void;
}

const LEVELS = pino.levels.values;

/**
 * The market maker's logging: on a TTY, readable lines (pino-pretty, formatted in-process and written synchronously,
 * so nothing is lost at exit) above a status panel; JSON lines on stdout otherwise (a pipe, a file, systemd); and
 * always a JSON-lines file in `<dataDir>/logs/`, debug and up, one per run. Secrets are redacted in all of them.
 */
export async function createAppLogging(options: AppLoggingOptions): Promise<AppLogging> {
  const level = options.level;
  if (level !== 'silent' && LEVELS[level] === undefined) {
    throw new Error(`LOG_LEVEL must be one of ${[...Object.keys(LEVELS), 'silent'].join(', ')}, got "${level}"`);
  }
  const stamp = new Date(options.startedAtMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const dir = path.join(options.dataDir, 'logs');
  let file = path.join(dir, `market-maker-${stamp}-pid${process.pid}.jsonl`);
  // Buffered, asynchronous writes: logging every order action must not put a write syscall on the quoting path.
  const fileStream = pino.destination({ dest: file, sync: false, minLength: 4096, mkdir: true });
  await once(fileStream, 'ready');
  const fileLevel = (level !== 'silent' && LEVELS[level]! < LEVELS.debug! ? level : 'debug') as Level;

  let screen: TerminalScreen | undefined;
  let terminal: DestinationStream | undefined;
  let flushTerminal: () => void = () => undefined;
  if (level !== 'silent') {
    if (options.stdout.isTTY) {
      const pretty = prettyFactory({
        colorize: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,app,component',
        messageFormat: '{if component}{component}: {end}{msg}',
        singleLine: true,
      });
      const tty = new TerminalScreen(options.stdout);
      screen = tty;
      terminal = { write: (line: string) => tty.log(pretty(line)) };
    } else {
      const stdoutStream = pino.destination({ dest: options.stdout.fd ?? 1, sync: false, minLength: 4096 });
      await once(stdoutStream, 'ready');
      terminal = stdoutStream;
      flushTerminal = () => stdoutStream.flushSync();
    }
  }
  const streams: pino.StreamEntry[] = [{ level: fileLevel, stream: fileStream }];
  if (terminal && level !== 'silent') streams.push({ level: level as Level, stream: terminal });
  const logger = pino(
    {
      level: lowest(streams.map((s) => s.level ?? 'info')),
      base: options.base ?? { app: 'market-maker' },
      formatters: { log: (fields) => redactSecrets(fields), bindings: (bindings) => redactSecrets(bindings) },
    },
    pino.multistream(streams),
  );
  return {
    logger,
    get file() {
      return file;
    },
    screen,
    nameAfterRun(runId: string) {
      const named = path.join(dir, `market-maker-${stamp}-${runId.replace(/[^A-Za-z0-9_.-]/g, '_')}.jsonl`);
      try {
        renameSync(file, named);
        file = named;
      } catch (error) {
        logger.warn({ err: (error as Error).message, file }, 'the log file keeps its provisional name');
      }
      return file;
    },
    flush() {
      try {
        fileStream.flushSync();
      } catch {
        // not ready or already closed: nothing buffered to lose
      }
      try {
        flushTerminal();
      } catch {
        // as above
      }
    },
  };
}

function lowest(levels: readonly string[]): Level {
  return levels.reduce((a, b) => (LEVELS[b]! < LEVELS[a]! ? b : a)) as Level;
}
