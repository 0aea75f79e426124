/**
 * A TLS handshake with a tcp:// engine that failed, said in words: the engine refused this
 * machine's client certificate, or its own certificate is not one the CA signed, or it
 * does not speak TLS at all. Pure.
 */
import { type EngineEndpoint, describeHost } from './connection';
import type { EngineProblem } from './errors';

/** The engine turned the client certificate down (none sent, another CA's, expired). */
const clientRejected = new Set([
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
]);

/** This side did not trust the engine's certificate. */
const serverUntrusted = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
]);

const serverExpired = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const notTls = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST']);

export const TLS_FAILURE_CODES: ReadonlySet<string> = new Set([
  ...clientRejected,
  ...serverUntrusted,
  ...serverExpired,
  ...notTls,
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function certificates(endpoint: EngineEndpoint): string {
  const files = endpoint.tls?.files;
  if (files && (files.ca || files.cert || files.key))
    return 'the certificate files in the TLS settings (containerWorkflows.engine.tlsCaCert, tlsCert, tlsKey)';
  if (endpoint.source === 'context') return `the TLS files of the Docker context "${endpoint.contextName ?? ''}"`;
  return endpoint.tls ? `the files in ${endpoint.tls.certDir} (DOCKER_CERT_PATH)` : 'the TLS certificates';
}

/** The problem for a TLS failure, or undefined for an error that is not one. */
export function describeTlsFailure(err: unknown, endpoint: EngineEndpoint): EngineProblem | undefined {
  const e = err as { code?: string; message?: string; reason?: string } | undefined;
  const code = e?.code;
  if (!code || !TLS_FAILURE_CODES.has(code)) return undefined;
  const where = describeHost(endpoint);
  if (clientRejected.has(code)) {
    return {
      kind: 'permissionDenied',
      summary: `The engine at ${where} refused this machine's client certificate (${code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' ? 'none was sent' : 'it does not trust it'}).`,
      action: `Use the client certificate (cert.pem, key.pem) made for this engine, signed by its CA: check ${certificates(endpoint)}.`,
    };
  }
  if (serverUntrusted.has(code)) {
    return {
      kind: 'misconfigured',
      summary: `The engine at ${where} showed a certificate that the CA in use did not sign (${code}); the connection was refused.`,
      action: `Use the CA (ca.pem) that signed this engine's certificate: check ${certificates(endpoint)}.`,
    };
  }
  if (serverExpired.has(code)) {
    return {
      kind: 'misconfigured',
      summary: `The engine at ${where} showed a certificate that is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'}.`,
      action: "Renew the engine's certificate, or check this machine's clock.",
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      kind: 'misconfigured',
      summary: `The engine's certificate is not made out for ${where}: ${e?.reason ?? e?.message ?? ''}`.trim(),
      action: 'Connect with the name or address the certificate names, or renew it with this one in its subjectAltName.',
    };
  }
  return {
    kind: 'misconfigured',
    summary: `The engine at ${where} does not speak TLS there, but TLS is on for it.`,
    action: 'Turn TLS off for it (unset DOCKER_TLS_VERIFY, or containerWorkflows.engine.tlsVerify), or use its TLS port (2376).',
  };
}
