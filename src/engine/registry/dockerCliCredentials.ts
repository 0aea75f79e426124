/**
 * What the docker CLI knows about registries, read only: someone who ran `docker login`
 * once needs nothing more. The order is the CLI's: a registry's own credHelpers entry, else
 * credsStore, else the base64 `auth` in `auths`. The file is read on every lookup, so a
 * `docker login` in a terminal counts at once.
 */
import type { CredentialLookup, FoundCredential } from './credentials';
import { getFromHelper, type HelperRunner } from './credentialHelper';
import {
  decodeAuthEntry,
  dockerConfigFile,
  findAuthEntry,
  helperFor,
  knownRegistries,
  readDockerConfig,
  type DockerCliConfig,
} from './dockerConfig';
import { authKeyFor } from './registryAddress';

export interface DockerCliCredentialsOptions {
  /** config.json; default $DOCKER_CONFIG/config.json or ~/.docker/config.json. */
  file?: string;
  /** Runs credential helpers (tests give their own); default spawns them from PATH. */
  runHelper?: HelperRunner;
  helperTimeoutMs?: number;
}

export class DockerCliCredentials implements CredentialLookup {
  readonly file: string;

  constructor(private readonly options: DockerCliCredentialsOptions = {}) {
    this.file = options.file ?? dockerConfigFile();
  }

  private read(): Promise<DockerCliConfig | undefined> {
    return readDockerConfig(this.file);
  }

  async find(registry: string, signal?: AbortSignal): Promise<FoundCredential | undefined> {
    const config = await this.read();
    if (!config) {
      return undefined;
    }
    const helper = helperFor(config, registry);
    if (helper) {
      const found = await getFromHelper(helper.helper, authKeyFor(registry), {
        where: `${helper.kind} in ${config.file}`,
        ...(this.options.runHelper ? { run: this.options.runHelper } : {}),
        ...(signal ? { signal } : {}),
        ...(this.options.helperTimeoutMs !== undefined ? { timeoutMs: this.options.helperTimeoutMs } : {}),
      });
      return found
        ? { credential: { registry, ...found }, source: { kind: helper.kind, helper: helper.helper, file: config.file } }
        : undefined;
    }
    const entry = findAuthEntry(config, registry);
    const decoded = entry && decodeAuthEntry(entry.entry);
    return decoded ? { credential: { registry, ...decoded }, source: { kind: 'dockerConfig', file: config.file } } : undefined;
  }

  /** The registries config.json names; empty when there is no file. */
  async registries(): Promise<string[]> {
    const config = await this.read();
    return config ? knownRegistries(config) : [];
  }
}
