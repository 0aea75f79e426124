/**
 * Logging in: the engine checks the credential with the registry first, and only a
 * credential it accepted is kept. A wrong password therefore leaves nothing behind.
 */
import type { CredentialStore, RegistryCredential } from './credentials';
import type { ImageTransfer, LoginCheck } from './transferTypes';

export async function logIn(
  engine: Pick<ImageTransfer, 'checkLogin'>,
  store: CredentialStore,
  credential: RegistryCredential,
  signal?: AbortSignal,
): Promise<LoginCheck> {
  const check = await engine.checkLogin(credential, signal);
  // The registry may hand out a token to use instead of the password: keep that, not the password.
  const kept: RegistryCredential = check.identityToken
    ? { registry: credential.registry, username: credential.username, secret: check.identityToken, identityToken: true }
    : credential;
  await store.set(kept);
  return check;
}

/** Forgets the extension's credential for a registry (the docker CLI's own are never touched). */
export async function logOut(store: CredentialStore, registry: string): Promise<boolean> {
  const had = (await store.get(registry)) !== undefined;
  await store.delete(registry);
  return had;
}
