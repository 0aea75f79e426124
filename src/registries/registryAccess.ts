/**
 * Which credential a pull, push or listing uses, and which registries the Registries view
 * shows: the extension's own (SecretStorage) first, then what the docker CLI knows, read
 * only. No `vscode`: the store is handed in.
 */
import {
  describeCredentialSource,
  findCredential,
  type CredentialLookup,
  type CredentialStore,
  type FoundCredential,
} from '../engine/registry/credentials';

export interface DockerCliLookup extends CredentialLookup {
  registries(): Promise<string[]>;
}

export interface KnownRegistry {
  registry: string;
  /** 'extension': logged in here (Log Out forgets it); 'dockerCli': from ~/.docker/config.json, never changed here. */
  origin: 'extension' | 'dockerCli';
}

export class RegistryAccess {
  constructor(
    readonly store: CredentialStore,
    private readonly dockerCli: DockerCliLookup,
  ) {}

  /** The credential for `registry`; undefined: go anonymous. A broken docker config counts as none. */
  credentialFor(registry: string, signal?: AbortSignal): Promise<FoundCredential | undefined> {
    return findCredential(registry, { store: this.store, dockerCli: this.dockerCli }, signal);
  }

  /** Every registry logged in to here or known to the docker CLI, each once, the extension's first. */
  async known(): Promise<KnownRegistry[]> {
    const own = await this.store.registries();
    const cli = await this.dockerCli.registries().catch(() => []);
    return mergeKnown(own, cli);
  }
}

/** The registries of both sources, each once (logged in here wins), sorted within each. */
export function mergeKnown(own: readonly string[], cli: readonly string[]): KnownRegistry[] {
  const mine = new Set(own);
  return [
    ...[...mine].sort().map((registry) => ({ registry, origin: 'extension' as const })),
    ...[...new Set(cli)]
      .filter((r) => !mine.has(r))
      .sort()
      .map((registry) => ({ registry, origin: 'dockerCli' as const })),
  ];
}

/** Said next to a registry and in the log: which source a credential came from (never the secret). */
export function credentialNote(found: FoundCredential | undefined): string {
  return found ? `as ${found.credential.username}, ${describeCredentialSource(found.source)}` : 'anonymously';
}
