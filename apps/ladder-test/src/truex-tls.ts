import { readFileSync } from 'node:fs';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * TRUEX_FIX_CA_FILE: the PEM file of the CA(s) trusted for the venue's TLS certificate instead of Node's store.
 * Read here because @truex-mm/deployment's loadConfig does not read it yet (it should own it). Problems are
 * returned, not thrown, so they are listed with the rest of the configuration's.
 */
export function readTrueXCa(env: Env, tls: boolean): { ca?: Buffer; problems: string[] } {
  const path = env.TRUEX_FIX_CA_FILE?.trim();
  if (!path) return { problems: [] };
  const problems: string[] = [];
  if (!tls) problems.push('TRUEX_FIX_CA_FILE is set but TRUEX_FIX_TLS is not true: set TRUEX_FIX_TLS=1 or unset it');
  let ca: Buffer | undefined;
  try {
    ca = readFileSync(path);
  } catch (error) {
    problems.push(`TRUEX_FIX_CA_FILE ${path} cannot be read: ${(error as Error).message}`);
    return { problems };
  }
  if (!ca.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) {
    problems.push(`TRUEX_FIX_CA_FILE ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  return problems.length > 0 ? { problems } : { ca, problems };
}
