import { FixConnectError, type FixSessionErrorCode } from './errors';

const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
]);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/**
 * Turns a socket error into a typed {@link FixConnectError} when it is a TLS failure the operator has to act on
 * (wrong host name, untrusted or expired certificate, handshake failure); undefined for plain TCP errors
 * (refused, reset, unreachable), which reconnecting may cure.
 */
export function classifyTlsError(error: Error | undefined): FixConnectError | undefined {
  if (!error) return undefined;
  const causeCode = (error as NodeJS.ErrnoException).code;
  let code: FixSessionErrorCode | undefined;
  let what: string;
  if (causeCode === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    code = 'TLS_HOSTNAME_MISMATCH';
    what = 'the venue certificate does not match the host name';
  } else if (causeCode !== undefined && UNTRUSTED.has(causeCode)) {
    code = 'TLS_UNTRUSTED_CERTIFICATE';
    what = 'the venue certificate is not signed by a trusted CA (set the `ca` option or NODE_EXTRA_CA_CERTS)';
  } else if (causeCode !== undefined && EXPIRED.has(causeCode)) {
    code = 'TLS_CERTIFICATE_EXPIRED';
    what = 'the venue certificate is expired or not yet valid';
  } else if (
    (causeCode !== undefined && /^(ERR_SSL_|ERR_TLS_)/.test(causeCode)) ||
    (error as { library?: unknown }).library === 'SSL routines'
  ) {
    code = 'TLS_ERROR';
    what = 'TLS handshake failed';
  } else {
    return undefined;
  }
  return new FixConnectError(code, `${what}: ${error.message}`, causeCode);
}
