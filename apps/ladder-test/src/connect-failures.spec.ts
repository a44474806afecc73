import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';
import { ExitCode } from './exit-codes';
// A test-only file shared by relative path, not a package: see tools/testing/README.md.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { makeTestCertificates, opensslMissing, type TestCertificates } from '../../../tools/testing/tls-certificates';
import {
  captureIo,
  closedPort,
  lastJsonLine,
  silentServer,
  startCoinbase,
  startVenue,
  type TestVenue,
} from './venue.test-util';

// Every way the ladder test cannot start ends with exit 3 (2 for configuration) and says why, in the venue's words
// where it gave any, with what to check. Real sockets against simulators started here; short timeouts via flags.
jest.setTimeout(30_000);

const quick = ['--json', '--orders', '2', '--levels', '1', '--monitor', '0', '--rate', '8', '--ack-timeout', '2'];

let coinbase: Awaited<ReturnType<typeof startCoinbase>>;
beforeAll(async () => {
  coinbase = await startCoinbase();
});
afterAll(async () => {
  await coinbase.sim.stop();
});

async function cli(
  env: Record<string, string>,
  flags: string[] = [],
): Promise<{ code: number; out: string; err: string; json: Record<string, unknown>; ms: number }> {
  const io = captureIo();
  const started = Date.now();
  const code = await runCli([...quick, ...flags], { COINBASE_WS_URL: coinbase.url, ...env }, io);
  return { code, out: io.out(), err: io.err(), json: lastJsonLine(io.out()), ms: Date.now() - started };
}

describe('TrueX cannot be reached: exit 3', () => {
  const env = (port: number, extra: Record<string, string> = {}): Record<string, string> => ({
    TRUEX_FIX_HOST: '127.0.0.1',
    TRUEX_FIX_PORT: String(port),
    TRUEX_SENDER_COMP_ID: 'LT',
    TRUEX_API_KEY: 'k',
    TRUEX_SECRET_KEY: 's',
    TRUEX_CLIENT_ID: '7',
    LOG_LEVEL: 'silent',
    ...extra,
  });

  it('connection refused', async () => {
    const r = await cli(env(await closedPort()));
    expect(r.code).toBe(ExitCode.connect);
    expect(r.err).toMatch(/logon to TrueX 127\.0\.0\.1:\d+ failed: CONNECTION_ERROR: .*ECONNREFUSED/);
    expect(r.json.error).toMatch(/ECONNREFUSED/);
    expect(r.json.submitted).toBe(0);
  });

  it('connect timeout (nothing answers the TLS handshake)', async () => {
    const server = await silentServer();
    try {
      const r = await cli(env(server.port, { TRUEX_FIX_TLS: '1' }), ['--connect-timeout', '0.5']);
      expect(r.code).toBe(ExitCode.connect);
      expect(r.err).toMatch(/failed: CONNECT_TIMEOUT: .*within 500 ms/);
      expect(r.err).toContain('check TRUEX_FIX_HOST');
      expect(r.ms).toBeLessThan(5000);
    } finally {
      await server.close();
    }
  });

  it('logon rejected (wrong secret), in the venue’s words, without the secret', async () => {
    const venue = await startVenue();
    try {
      const r = await cli(venue.env({ TRUEX_SECRET_KEY: 'a-wrong-secret' }));
      expect(r.code).toBe(ExitCode.connect);
      expect(r.err).toContain('AUTHENTICATION_FAILED: Authentication failed');
      expect(r.err).toContain('check TRUEX_API_KEY and TRUEX_SECRET_KEY');
      expect(r.out + r.err).not.toContain('a-wrong-secret');
      expect(venue.sim.counters().ordersAccepted).toBe(0);
    } finally {
      await venue.stop();
    }
  });
});

describe('TLS to TrueX (TRUEX_FIX_TLS, TRUEX_FIX_CA_FILE)', () => {
  const missing = opensslMissing();
  let certs: TestCertificates;
  let dir: string;
  const file = (name: string, pem: string): string => {
    const path = join(dir, name);
    writeFileSync(path, pem);
    return path;
  };
  beforeAll(() => {
    if (missing) {
      console.warn(missing);
      return;
    }
    certs = makeTestCertificates();
    dir = mkdtempSync(join(tmpdir(), 'ladder-test-ca-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const tlsIt = missing ? it.skip : it;

  async function withTlsVenue(
    cert: { key: string; cert: string },
    body: (venue: TestVenue) => Promise<void>,
  ): Promise<void> {
    const venue = await startVenue({ tls: cert });
    try {
      await body(venue);
    } finally {
      await venue.stop();
    }
  }

  tlsIt('trusts the venue through TRUEX_FIX_CA_FILE: the whole run passes over TLS, exit 0', () =>
    withTlsVenue(certs.good, async (venue) => {
      const r = await cli(
        venue.env({ TRUEX_FIX_HOST: 'localhost', TRUEX_FIX_TLS: '1', TRUEX_FIX_CA_FILE: file('ca.pem', certs.ca) }),
      );
      expect(r.err).toBe('');
      expect(r.code).toBe(ExitCode.pass);
      expect(r.json).toMatchObject({ submitted: 2, acked: 2, canceled: 2 });
    }),
  );

  tlsIt('untrusted CA: exit 3, TLS_UNTRUSTED_CERTIFICATE, pointing at TRUEX_FIX_CA_FILE', () =>
    withTlsVenue(certs.good, async (venue) => {
      const r = await cli(venue.env({ TRUEX_FIX_TLS: '1', TRUEX_FIX_CA_FILE: file('other-ca.pem', certs.otherCa) }));
      expect(r.code).toBe(ExitCode.connect);
      expect(r.err).toContain('TLS_UNTRUSTED_CERTIFICATE');
      expect(r.err).toContain('set TRUEX_FIX_CA_FILE');
      expect(r.json.error).toContain('TLS_UNTRUSTED_CERTIFICATE');
    }),
  );

  tlsIt('wrong host name: exit 3, TLS_HOSTNAME_MISMATCH', () =>
    withTlsVenue(certs.wrongName, async (venue) => {
      const r = await cli(venue.env({ TRUEX_FIX_TLS: '1', TRUEX_FIX_CA_FILE: file('ca.pem', certs.ca) }));
      expect(r.code).toBe(ExitCode.connect);
      expect(r.err).toContain('TLS_HOSTNAME_MISMATCH');
      expect(r.err).toContain('does not name "127.0.0.1"');
    }),
  );

  it('an unreadable CA file, or one without TLS, is a configuration error: exit 2, listed with the rest', async () => {
    const io = captureIo();
    const code = await runCli(
      ['--json'],
      { TRUEX_FIX_HOST: 'uat.example', TRUEX_FIX_CA_FILE: '/nonexistent/ca.pem', TRUEX_FIX_TLS: '1' },
      io,
    );
    expect(code).toBe(ExitCode.config);
    expect(io.err()).toContain('TRUEX_FIX_CA_FILE /nonexistent/ca.pem cannot be read');
    expect(io.err()).toContain('TRUEX_FIX_PORT');
    const io2 = captureIo();
    expect(await runCli([], { TRUEX_FIX_CA_FILE: __filename }, io2)).toBe(ExitCode.config);
    expect(io2.err()).toContain('TRUEX_FIX_CA_FILE is set but TRUEX_FIX_TLS is not true');
  });
});
