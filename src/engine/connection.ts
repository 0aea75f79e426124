/**
 * Where the container engine is.
 *
 * Order, as the Docker CLI users expect it, with the extension's own setting first:
 *   1. the setting `containerWorkflows.engine.host`
 *   2. `DOCKER_HOST` (unix, tcp with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, ssh, npipe)
 *   3. the current Docker context (DOCKER_CONTEXT, else `currentContext` in config.json);
 *      dockerode does not read contexts, so we do
 *   4. the first default socket that exists (Docker Desktop, the system socket, rootless Podman)
 *
 * `resolveEndpoint` is pure: every input it needs arrives in `EndpointInputs`, which
 * `readEndpointInputs` gathers from the environment and the file system.
 */
import type * as Crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type EndpointSource = 'setting' | 'DOCKER_HOST' | 'context' | 'default';

export interface TlsFiles {
  /** Folder holding ca.pem, cert.pem and key.pem. */
  certDir: string;
  verify: boolean;
  /** Files named one by one (the TLS settings, tlsSettings.ts); each replaces its file in certDir. */
  files?: { ca?: string; cert?: string; key?: string };
}

export interface EngineEndpoint {
  /** The engine address as the user would write it: unix:///var/run/docker.sock, tcp://host:2376, ssh://me@host */
  host: string;
  source: EndpointSource;
  /** Set when the address came from a Docker context. */
  contextName?: string;
  tls?: TlsFiles;
  /** False when a default socket was picked although none of the candidates exists. */
  socketExists?: boolean;
}

export interface DockerContextMeta {
  name: string;
  host: string;
  skipTlsVerify?: boolean;
  /** Folder with the context's TLS material, when it has any. */
  tlsDir?: string;
  /** The context's description (Metadata.Description), for pickers. */
  description?: string;
}

export interface EndpointInputs {
  setting?: string;
  env: Record<string, string | undefined>;
  /** `currentContext` from `$DOCKER_CONFIG/config.json`. */
  configCurrentContext?: string;
  /** Every context found under `$DOCKER_CONFIG/contexts/meta`. */
  contexts: DockerContextMeta[];
  homeDir: string;
  uid: number | undefined;
  platform: NodeJS.Platform;
  /** Answers whether a path exists; only used for the default sockets. */
  exists: (p: string) => boolean;
}

export class EndpointConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointConfigError';
  }
}

export function dockerConfigDir(env: Record<string, string | undefined>, homeDir: string): string {
  return env.DOCKER_CONFIG?.trim() || path.join(homeDir, '.docker');
}

export function defaultSocketCandidates(inputs: Pick<EndpointInputs, 'env' | 'homeDir' | 'uid' | 'platform'>): string[] {
  if (inputs.platform === 'win32') {
    return ['npipe:////./pipe/docker_engine', 'npipe:////./pipe/podman-machine-default'];
  }
  const runtimeDir = inputs.env.XDG_RUNTIME_DIR?.trim() || (inputs.uid !== undefined ? `/run/user/${inputs.uid}` : undefined);
  const candidates = [path.posix.join(inputs.homeDir, '.docker', 'run', 'docker.sock'), '/var/run/docker.sock'];
  if (runtimeDir) {
    candidates.push(path.posix.join(runtimeDir, 'podman', 'podman.sock'));
  }
  return candidates.map((p) => `unix://${p}`);
}

/** Turns a bare socket path into a unix:// address; leaves addresses with a scheme alone. */
export function normalizeHost(raw: string): string {
  const host = raw.trim();
  if (host.startsWith('/')) {
    return `unix://${host}`;
  }
  return host;
}

export function resolveEndpoint(inputs: EndpointInputs): EngineEndpoint {
  const setting = inputs.setting?.trim();
  if (setting) {
    return { host: validateHost(normalizeHost(setting), 'the setting containerWorkflows.engine.host'), source: 'setting' };
  }

  const dockerHost = inputs.env.DOCKER_HOST?.trim();
  if (dockerHost) {
    const host = validateHost(normalizeHost(dockerHost), 'DOCKER_HOST');
    const endpoint: EngineEndpoint = { host, source: 'DOCKER_HOST' };
    // The Docker CLI turns TLS on for any non-empty DOCKER_TLS_VERIFY, and reads the
    // certificates from DOCKER_CERT_PATH, else from the config folder.
    if (host.startsWith('tcp://') && inputs.env.DOCKER_TLS_VERIFY) {
      endpoint.tls = {
        certDir: inputs.env.DOCKER_CERT_PATH?.trim() || dockerConfigDir(inputs.env, inputs.homeDir),
        // Like the Docker CLI: any non-empty value, even "0", means verify.
        verify: true,
      };
    }
    return endpoint;
  }

  const contextName = inputs.env.DOCKER_CONTEXT?.trim() || inputs.configCurrentContext?.trim();
  if (contextName && contextName !== 'default') {
    const context = inputs.contexts.find((c) => c.name === contextName);
    if (!context) {
      throw new EndpointConfigError(
        `The Docker context "${contextName}" is selected but was not found in ${path.join(dockerConfigDir(inputs.env, inputs.homeDir), 'contexts', 'meta')}. ` +
          'Run "docker context use default", or set containerWorkflows.engine.host.',
      );
    }
    const host = validateHost(normalizeHost(context.host), `the Docker context "${contextName}"`);
    const endpoint: EngineEndpoint = { host, source: 'context', contextName };
    if (context.tlsDir && host.startsWith('tcp://')) {
      endpoint.tls = { certDir: context.tlsDir, verify: !context.skipTlsVerify };
    }
    return endpoint;
  }

  const candidates = defaultSocketCandidates(inputs);
  const found = candidates.find((c) => inputs.exists(socketPathOf(c)));
  if (found) {
    return { host: found, source: 'default', socketExists: true };
  }
  const fallback = inputs.platform === 'win32' ? candidates[0] : 'unix:///var/run/docker.sock';
  return { host: fallback, source: 'default', socketExists: false };
}

const supportedSchemes = ['unix:', 'tcp:', 'ssh:', 'npipe:', 'http:', 'https:'];

function validateHost(host: string, where: string): string {
  const scheme = /^([a-z]+:)\/\//.exec(host)?.[1];
  if (!scheme || !supportedSchemes.includes(scheme)) {
    throw new EndpointConfigError(
      `${where} is "${host}", which is not an engine address. Use unix:///path/to/docker.sock, tcp://host:2376 or ssh://user@host.`,
    );
  }
  return host;
}

/** The file-system path behind a unix:// or npipe:// address. */
export function socketPathOf(host: string): string {
  if (host.startsWith('unix://')) {
    return host.slice('unix://'.length);
  }
  if (host.startsWith('npipe://')) {
    return host.slice('npipe://'.length).replace(/\//g, '\\');
  }
  return host;
}

/** A short name for the status bar: the socket path, or host:port. */
export function describeHost(endpoint: EngineEndpoint): string {
  if (endpoint.host.startsWith('unix://') || endpoint.host.startsWith('npipe://')) {
    return socketPathOf(endpoint.host);
  }
  return endpoint.host.replace(/^[a-z]+:\/\//, '');
}

// ---------------------------------------------------------------------------
// Reading the inputs (impure, small, kept apart from the decision above)

export function contextMetaFolderName(contextName: string): string {
  // Docker stores each context under the SHA-256 of its name. Node's crypto takes ~10 ms to
  // load: loaded here, when a context is read, rather than with the extension.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require
  const crypto = require('node:crypto') as typeof Crypto;
  return crypto.createHash('sha256').update(contextName).digest('hex');
}

export function parseContextMeta(json: unknown, tlsRoot: string): DockerContextMeta | undefined {
  if (!json || typeof json !== 'object') {
    return undefined;
  }
  const record = json as {
    Name?: unknown;
    Metadata?: { Description?: unknown };
    Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } };
  };
  const name = record.Name;
  const host = record.Endpoints?.docker?.Host;
  if (typeof name !== 'string' || typeof host !== 'string') {
    return undefined;
  }
  const tlsDir = path.join(tlsRoot, contextMetaFolderName(name), 'docker');
  const description = typeof record.Metadata?.Description === 'string' ? record.Metadata.Description : undefined;
  return { name, host, skipTlsVerify: record.Endpoints?.docker?.SkipTLSVerify === true, tlsDir, ...(description ? { description } : {}) };
}

export function readEndpointInputs(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): EndpointInputs {
  const homeDir = os.homedir();
  const configDir = dockerConfigDir(env, homeDir);
  const readJson = (p: string): unknown => {
    try {
      return JSON.parse(fs.readFileSync(p, 'utf8'));
    } catch {
      return undefined;
    }
  };
  const config = readJson(path.join(configDir, 'config.json')) as { currentContext?: unknown } | undefined;
  const contexts: DockerContextMeta[] = [];
  const metaRoot = path.join(configDir, 'contexts', 'meta');
  const tlsRoot = path.join(configDir, 'contexts', 'tls');
  let metaFolders: string[] = [];
  try {
    metaFolders = fs.readdirSync(metaRoot);
  } catch {
    // no contexts: the common case
  }
  for (const folder of metaFolders) {
    const meta = parseContextMeta(readJson(path.join(metaRoot, folder, 'meta.json')), tlsRoot);
    if (meta) {
      meta.tlsDir = fs.existsSync(meta.tlsDir ?? '') ? meta.tlsDir : undefined;
      contexts.push(meta);
    }
  }
  return {
    setting,
    env,
    configCurrentContext: typeof config?.currentContext === 'string' ? config.currentContext : undefined,
    contexts,
    homeDir,
    uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
    platform: process.platform,
    exists: (p) => fs.existsSync(p),
  };
}
