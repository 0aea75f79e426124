/**
 * Registry credentials and where they come from. The extension keeps its own in a
 * CredentialStore (VS Code's SecretStorage behind it; in memory for tests); what the docker
 * CLI already knows is read, never written (dockerCliCredentials.ts). No secret is ever put
 * into a message or a log line: only registries, user names and sources are.
 */
import { authKeyFor } from './registryAddress';

export interface RegistryCredential {
  /** "docker.io" or host[:port], as in image references. */
  registry: string;
  username: string;
  /** A password or access token; with identityToken, an OAuth refresh token. */
  secret: string;
  /** The docker CLI's "<token>" user: the secret is an identity token, not a password. */
  identityToken?: boolean;
}

export type CredentialSource =
  /** Logged in through this extension. */
  | { kind: 'extension' }
  /** `auths` in the docker CLI's config.json (base64 user:password). */
  | { kind: 'dockerConfig'; file: string }
  /** `credsStore` in config.json: a docker-credential-<helper> for every registry. */
  | { kind: 'credsStore'; helper: string; file: string }
  /** `credHelpers` in config.json: a docker-credential-<helper> for this registry. */
  | { kind: 'credHelper'; helper: string; file: string };

export interface FoundCredential {
  credential: RegistryCredential;
  source: CredentialSource;
}

/** Where a credential came from, for people: shown next to a registry. */
export function describeCredentialSource(source: CredentialSource): string {
  switch (source.kind) {
    case 'extension':
      return 'logged in here';
    case 'dockerConfig':
      return `from the docker CLI (${source.file})`;
    case 'credsStore':
      return `from docker-credential-${source.helper} (credsStore in ${source.file})`;
    case 'credHelper':
      return `from docker-credential-${source.helper} (credHelpers in ${source.file})`;
  }
}

/** The extension's own credentials, one per registry. */
export interface CredentialStore {
  get(registry: string): Promise<RegistryCredential | undefined>;
  set(credential: RegistryCredential): Promise<void>;
  delete(registry: string): Promise<void>;
  /** The registries with a stored credential. */
  registries(): Promise<string[]>;
}

/** A CredentialStore in memory: for tests, and for a session that must not persist anything. */
export class InMemoryCredentialStore implements CredentialStore {
  // JS-private: util.inspect of the store shows no secrets.
  readonly #entries = new Map<string, RegistryCredential>();

  get(registry: string): Promise<RegistryCredential | undefined> {
    const found = this.#entries.get(registry);
    return Promise.resolve(found ? { ...found } : undefined);
  }

  set(credential: RegistryCredential): Promise<void> {
    this.#entries.set(credential.registry, { ...credential });
    return Promise.resolve();
  }

  delete(registry: string): Promise<void> {
    this.#entries.delete(registry);
    return Promise.resolve();
  }

  registries(): Promise<string[]> {
    return Promise.resolve([...this.#entries.keys()].sort());
  }
}

/** Something that finds the docker CLI's credential for a registry (DockerCliCredentials). */
export interface CredentialLookup {
  find(registry: string, signal?: AbortSignal): Promise<FoundCredential | undefined>;
}

/**
 * The credential to use for a registry: the one logged in here first, else what the
 * docker CLI knows. Undefined: go anonymous.
 */
export async function findCredential(
  registry: string,
  sources: { store?: CredentialStore; dockerCli?: CredentialLookup },
  signal?: AbortSignal,
): Promise<FoundCredential | undefined> {
  const own = await sources.store?.get(registry);
  if (own) {
    return { credential: own, source: { kind: 'extension' } };
  }
  return sources.dockerCli?.find(registry, signal);
}

/** The engine's AuthConfig (the X-Registry-Auth header and the /auth body). */
export interface EngineAuthConfig {
  serveraddress: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

export function toEngineAuth(credential: RegistryCredential): EngineAuthConfig {
  const serveraddress = authKeyFor(credential.registry);
  return credential.identityToken
    ? { serveraddress, identitytoken: credential.secret }
    : { serveraddress, username: credential.username, password: credential.secret };
}
