import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The one TLS test helper of the repository, imported by relative path from the TLS specs of fix-session, truex-sim
// and apps/ladder-test (a test file, not a package: nothing in production may depend on it).

export interface TestCertificates {
  /** The test CA (PEM) that signed `good` and `wrongName`. */
  ca: string;
  /** Another CA that signed nothing here: trusting only it makes every server certificate untrusted. */
  otherCa: string;
  /** Server key + certificate for DNS:localhost and IP:127.0.0.1. */
  good: { key: string; cert: string };
  /** Server key + certificate for DNS:venue.example only. */
  wrongName: { key: string; cert: string };
}

/** Why certificates cannot be made here (no openssl CLI), or undefined when they can. */
export function opensslMissing(): string | undefined {
  const r = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : 'openssl CLI not found: TLS tests skipped';
}

/** Generates a throw-away CA and server certificates (EC P-256, valid 2 days) with the openssl CLI. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'truex-mm-tls-'));
  const run = (...args: string[]): void => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string): void =>
    run(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
  const server = (name: string, san: string): void => {
    run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
  };
  try {
    ca('ca');
    ca('other-ca');
    server('good', 'DNS:localhost,IP:127.0.0.1');
    server('wrong-name', 'DNS:venue.example');
    const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
    return {
      ca: read('ca.crt'),
      otherCa: read('other-ca.crt'),
      good: { key: read('good.key'), cert: read('good.crt') },
      wrongName: { key: read('wrong-name.key'), cert: read('wrong-name.crt') },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
