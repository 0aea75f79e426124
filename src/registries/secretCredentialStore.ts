/**
 * The extension's registry credentials in VS Code's SecretStorage (the OS keychain behind
 * it): the secret never goes into settings, files or logs. SecretStorage cannot list its
 * keys in VS Code 1.96, so the registry addresses (no secrets) are kept in globalState.
 */
import type * as vscode from 'vscode';
import type { CredentialStore, RegistryCredential } from '../engine/registry/credentials';

const SECRET_PREFIX = 'containerWorkflows.registry/';
const REGISTRIES_KEY = 'containerWorkflows.registries.loggedIn';

interface StoredSecret {
  username: string;
  secret: string;
  identityToken?: boolean;
}

export class SecretCredentialStore implements CredentialStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  async get(registry: string): Promise<RegistryCredential | undefined> {
    const text = await this.secrets.get(SECRET_PREFIX + registry);
    const stored = text ? parseStored(text) : undefined;
    return stored ? { registry, ...stored } : undefined;
  }

  async set(credential: RegistryCredential): Promise<void> {
    const stored: StoredSecret = {
      username: credential.username,
      secret: credential.secret,
      ...(credential.identityToken ? { identityToken: true } : {}),
    };
    await this.secrets.store(SECRET_PREFIX + credential.registry, JSON.stringify(stored));
    const known = new Set(this.list());
    known.add(credential.registry);
    await this.state.update(REGISTRIES_KEY, [...known].sort());
  }

  async delete(registry: string): Promise<void> {
    await this.secrets.delete(SECRET_PREFIX + registry);
    await this.state.update(
      REGISTRIES_KEY,
      this.list().filter((r) => r !== registry),
    );
  }

  registries(): Promise<string[]> {
    return Promise.resolve(this.list());
  }

  private list(): string[] {
    const value = this.state.get<unknown>(REGISTRIES_KEY);
    return Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : [];
  }
}

/** A stored entry, or undefined for one this version cannot read (it is then as if logged out). */
function parseStored(text: string): StoredSecret | undefined {
  try {
    const value = JSON.parse(text) as Partial<StoredSecret>;
    return typeof value.username === 'string' && typeof value.secret === 'string'
      ? { username: value.username, secret: value.secret, ...(value.identityToken === true ? { identityToken: true } : {}) }
      : undefined;
  } catch {
    return undefined;
  }
}
