/**
 * The docker CLI's config.json, the parts about registries: `auths` (base64 "user:password"
 * per registry, or an identity token), `credsStore` (one credential helper for all) and
 * `credHelpers` (a helper per registry). Read only; pure apart from readDockerConfig.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dockerConfigDir } from '../connection';
import { authKeyFor, hostnameOf, registryOfKey } from './registryAddress';

export interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

export interface DockerCliConfig {
  /** The file it came from, for messages and for "where did this credential come from". */
  file: string;
  auths: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers: Record<string, string>;
}

export class DockerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerConfigError';
  }
}

/** Parses the file's text; a broken file is named with what is wrong (never with its content). */
export function parseDockerConfig(text: string, file: string): DockerCliConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DockerConfigError(`${file} is not valid JSON. Fix or remove it (the docker CLI reads it too).`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new DockerConfigError(`${file} does not hold a JSON object. Fix or remove it.`);
  }
  const raw = json as { auths?: unknown; credsStore?: unknown; credHelpers?: unknown };
  const auths: Record<string, AuthEntry> = {};
  if (raw.auths && typeof raw.auths === 'object') {
    for (const [key, value] of Object.entries(raw.auths as Record<string, unknown>)) {
      if (value && typeof value === 'object') {
        auths[key] = pickStrings(value as Record<string, unknown>, ['auth', 'username', 'password', 'identitytoken']);
      }
    }
  }
  const credHelpers: Record<string, string> = {};
  if (raw.credHelpers && typeof raw.credHelpers === 'object') {
    for (const [key, value] of Object.entries(raw.credHelpers as Record<string, unknown>)) {
      if (typeof value === 'string' && value) {
        credHelpers[key] = value;
      }
    }
  }
  const credsStore = typeof raw.credsStore === 'string' && raw.credsStore ? raw.credsStore : undefined;
  return { file, auths, credHelpers, ...(credsStore ? { credsStore } : {}) };
}

function pickStrings(value: Record<string, unknown>, keys: (keyof AuthEntry)[]): AuthEntry {
  const out: AuthEntry = {};
  for (const key of keys) {
    const field = value[key];
    if (typeof field === 'string' && field) {
      out[key] = field;
    }
  }
  return out;
}

/** The path of config.json: $DOCKER_CONFIG/config.json, else ~/.docker/config.json. */
export function dockerConfigFile(env: Record<string, string | undefined> = process.env, homeDir = os.homedir()): string {
  return path.join(dockerConfigDir(env, homeDir), 'config.json');
}

/** Reads config.json; undefined when there is none (nobody ran `docker login` here). */
export async function readDockerConfig(file: string): Promise<DockerCliConfig | undefined> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw new DockerConfigError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  return parseDockerConfig(text, file);
}

/**
 * The `auths` entry for a registry: the exact key first ("https://index.docker.io/v1/",
 * "127.0.0.1:5000"), then any key with the same host ("https://127.0.0.1:5000/v2/"), as
 * the docker CLI looks them up.
 */
export function findAuthEntry(config: DockerCliConfig, registry: string): { key: string; entry: AuthEntry } | undefined {
  const exact = authKeyFor(registry);
  if (config.auths[exact]) {
    return { key: exact, entry: config.auths[exact] };
  }
  for (const [key, entry] of Object.entries(config.auths)) {
    if (registryOfKey(key) === registry) {
      return { key, entry };
    }
  }
  return undefined;
}

/** User and secret from an entry: "auth" is base64 of "user:secret" (split at the first ":"). */
export function decodeAuthEntry(entry: AuthEntry): { username: string; secret: string; identityToken?: boolean } | undefined {
  if (entry.identitytoken) {
    return { username: entry.username ?? '', secret: entry.identitytoken, identityToken: true };
  }
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) {
      return undefined;
    }
    return { username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) {
    return { username: entry.username, secret: entry.password };
  }
  return undefined;
}

/** Which helper answers for a registry: its own in credHelpers, else credsStore. */
export function helperFor(config: DockerCliConfig, registry: string): { helper: string; kind: 'credHelper' | 'credsStore' } | undefined {
  const own =
    config.credHelpers[authKeyFor(registry)] ??
    config.credHelpers[registry] ??
    Object.entries(config.credHelpers).find(([key]) => registryOfKey(key) === registry)?.[1];
  if (own) {
    return { helper: own, kind: 'credHelper' };
  }
  return config.credsStore ? { helper: config.credsStore, kind: 'credsStore' } : undefined;
}

/** The registries config.json names (logged in with `docker login`, or with a helper). */
export function knownRegistries(config: DockerCliConfig): string[] {
  const keys = [...Object.keys(config.auths), ...Object.keys(config.credHelpers)];
  return [...new Set(keys.map(registryOfKey).filter((host) => hostnameOf(host) !== ''))].sort();
}
