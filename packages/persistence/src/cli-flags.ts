import { PersistenceError } from './persistence-error';

/** `--name value`, `--name=value` and bare `--flag` (true). Unknown flags are an error, not silently ignored. */
export function parseFlags(argv: readonly string[], known: readonly string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new PersistenceError('BAD_CONFIG', `unexpected argument ${arg}`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!known.includes(name)) throw new PersistenceError('BAD_CONFIG', `unknown flag --${name}`);
    if (eq > 0) out[name] = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) out[name] = argv[++i]!;
    else out[name] = true;
  }
  return out;
}

export function stringFlag(flags: Record<string, string | true>, name: string): string | undefined {
  const v = flags[name];
  if (v === true) throw new PersistenceError('BAD_CONFIG', `--${name} needs a value`);
  return v;
}
