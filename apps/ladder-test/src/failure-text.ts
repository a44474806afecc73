import { FixSessionError } from '@truex-mm/fix-session';

/** Where the FIX connection went, for messages. */
export interface VenueEndpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** The configuration is live (TRUEX_FIX_HOST set) rather than the in-process simulator. */
  readonly live: boolean;
}

/** What the operator should check for each connect or logon failure code. */
function hint(code: string, endpoint: VenueEndpoint, connectTimeoutMs: number): string | undefined {
  switch (code) {
    case 'TLS_UNTRUSTED_CERTIFICATE':
      return 'set TRUEX_FIX_CA_FILE to the PEM file of the CA that signed the venue certificate';
    case 'TLS_HOSTNAME_MISMATCH':
      return `the venue certificate does not name "${endpoint.host}": set TRUEX_FIX_HOST to a name the certificate carries`;
    case 'TLS_CERTIFICATE_EXPIRED':
      return 'the venue certificate is outside its validity period (or this machine’s clock is wrong)';
    case 'TLS_ERROR':
      return 'TLS handshake failed: check TRUEX_FIX_TLS (does the venue speak TLS on this port?)';
    case 'CONNECT_TIMEOUT':
      return (
        `no ${endpoint.tls ? 'TCP/TLS' : 'TCP'} connection within ${connectTimeoutMs / 1000} s: check TRUEX_FIX_HOST, ` +
        'TRUEX_FIX_PORT, the VPN/PrivateLink route and TRUEX_FIX_TLS'
      );
    case 'CONNECTION_ERROR':
      return 'check that the venue listens at TRUEX_FIX_HOST:TRUEX_FIX_PORT and the network route';
    case 'AUTHENTICATION_FAILED':
    case 'AUTH_FAILURES_EXHAUSTED':
      return 'check TRUEX_API_KEY and TRUEX_SECRET_KEY';
    case 'ALREADY_AUTHENTICATED':
      return 'a previous session with this TRUEX_SENDER_COMP_ID is still open at the venue: wait for it to time out';
    case 'LOGON_TIMEOUT':
      return 'the venue did not answer the Logon: check TRUEX_TARGET_COMP_ID and TRUEX_SENDER_COMP_ID';
    default:
      return undefined;
  }
}

/** One line for a failed logon: the code, the venue's words (or the transport's), and what to check. */
export function describeLogonFailure(error: unknown, endpoint: VenueEndpoint, connectTimeoutMs: number): string {
  const where = `TrueX ${endpoint.host}:${endpoint.port}${endpoint.tls ? ' (TLS)' : ''}`;
  if (!(error instanceof FixSessionError)) {
    return `logon to ${where} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const detail = error.venueText ?? error.message;
  const advice = endpoint.live ? hint(error.code, endpoint, connectTimeoutMs) : undefined;
  return `logon to ${where} failed: ${error.code}: ${detail}${advice ? ` (${advice})` : ''}`;
}
