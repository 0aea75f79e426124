/**
 * TLS for a tcp:// engine, from the extension's settings as well as from the environment,
 * and the warning a plain tcp:// engine on another machine deserves. Pure.
 *
 * Settings (phase B contributes them to package.json):
 *   containerWorkflows.engine.tlsVerify   true: TLS, the engine's certificate checked against the CA
 *                                         false: TLS, the engine's certificate not checked
 *                                         unset: TLS when a certificate path below is set
 *   containerWorkflows.engine.tlsCaCert   the CA that signed the engine's certificate (ca.pem)
 *   containerWorkflows.engine.tlsCert     this client's certificate (cert.pem)
 *   containerWorkflows.engine.tlsKey      this client's key (key.pem)
 *
 * They go with containerWorkflows.engine.host: an address from DOCKER_HOST or a context
 * keeps its own TLS (DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, the context's files). An address
 * from the setting without TLS settings takes DOCKER_TLS_VERIFY and DOCKER_CERT_PATH from
 * the environment, as `docker -H tcp://…` does. A file not named comes from the certificate
 * folder (DOCKER_CERT_PATH, else ~/.docker), as the docker CLI's defaults do.
 */
import * as path from 'node:path';
import { type EngineEndpoint, type TlsFiles, dockerConfigDir } from './connection';

export interface TlsSettings {
  verify?: boolean;
  caCert?: string;
  cert?: string;
  key?: string;
}

function isTcp(host: string): boolean {
  return host.startsWith('tcp://') || host.startsWith('http://') || host.startsWith('https://');
}

function certFolder(env: Record<string, string | undefined>, homeDir: string): string {
  return env.DOCKER_CERT_PATH?.trim() || dockerConfigDir(env, homeDir);
}

/** `~/…` and `${env:HOME}/…` spelled in a setting, as VS Code users write paths. */
export function expandHome(p: string, homeDir: string): string {
  const trimmed = p.trim();
  if (trimmed === '~') return homeDir;
  if (trimmed.startsWith('~/')) return path.join(homeDir, trimmed.slice(2));
  return trimmed.replace(/^\$\{(?:env:)?HOME\}/, homeDir);
}

/** The endpoint with the TLS it should use, given the settings and the environment. */
export function applyTlsSettings(
  endpoint: EngineEndpoint,
  settings: TlsSettings,
  env: Record<string, string | undefined>,
  homeDir: string,
): EngineEndpoint {
  if (!isTcp(endpoint.host)) return endpoint;
  if (endpoint.source === 'setting') {
    const files = {
      ...(settings.caCert?.trim() ? { ca: expandHome(settings.caCert, homeDir) } : {}),
      ...(settings.cert?.trim() ? { cert: expandHome(settings.cert, homeDir) } : {}),
      ...(settings.key?.trim() ? { key: expandHome(settings.key, homeDir) } : {}),
    };
    const named = Object.keys(files).length > 0;
    if (settings.verify === true || named) {
      const tls: TlsFiles = { certDir: certFolder(env, homeDir), verify: settings.verify ?? true };
      if (named) tls.files = files;
      return { ...endpoint, tls };
    }
    if (settings.verify === false) {
      // TLS without checking the engine's certificate, client files from the folder.
      return { ...endpoint, tls: { certDir: certFolder(env, homeDir), verify: false } };
    }
    if (env.DOCKER_TLS_VERIFY) return { ...endpoint, tls: { certDir: certFolder(env, homeDir), verify: true } };
    if (env.DOCKER_TLS) return { ...endpoint, tls: { certDir: certFolder(env, homeDir), verify: false } };
    return endpoint;
  }
  if (endpoint.source === 'DOCKER_HOST' && !endpoint.tls && env.DOCKER_TLS) {
    // DOCKER_TLS (without _VERIFY): TLS, the engine's certificate not checked, like `docker --tls`.
    return { ...endpoint, tls: { certDir: certFolder(env, homeDir), verify: false } };
  }
  return endpoint;
}

/** The TLS settings, for messages: which of them would be ignored for this endpoint. */
export function ignoredTlsSettings(endpoint: EngineEndpoint, settings: TlsSettings): string[] {
  if (endpoint.source === 'setting' && isTcp(endpoint.host)) return [];
  const names: string[] = [];
  if (settings.verify !== undefined) names.push('containerWorkflows.engine.tlsVerify');
  if (settings.caCert?.trim()) names.push('containerWorkflows.engine.tlsCaCert');
  if (settings.cert?.trim()) names.push('containerWorkflows.engine.tlsCert');
  if (settings.key?.trim()) names.push('containerWorkflows.engine.tlsKey');
  return names;
}

/** 127.0.0.0/8, ::1, localhost: the same machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '::ffff:127.0.0.1'
  );
}

/**
 * The warning for an engine reached over plain tcp:// on another machine (anyone on the
 * network can run containers as root there), or undefined when none is due. `warned` holds
 * the hosts warned about already: the warning is said once per host, then never again.
 */
export function plainTcpWarning(endpoint: EngineEndpoint, warned: ReadonlySet<string>): string | undefined {
  if (endpoint.tls || !(endpoint.host.startsWith('tcp://') || endpoint.host.startsWith('http://'))) return undefined;
  let hostname: string;
  try {
    hostname = new URL(endpoint.host.replace(/^tcp:/, 'http:')).hostname;
  } catch {
    return undefined;
  }
  if (isLoopbackHost(hostname) || warned.has(endpoint.host)) return undefined;
  return (
    `The engine at ${endpoint.host} is reached over plain TCP, without TLS: anyone on the network between can read the traffic and ` +
    'run containers there. Use TLS (containerWorkflows.engine.tlsVerify and the certificate settings, or DOCKER_TLS_VERIFY) or an ssh:// address.'
  );
}
