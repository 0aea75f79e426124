/**
 * Asking for a registry login and keeping it: address (Docker Hub when blank), user,
 * password or token; the engine checks them with the registry (/auth) before anything is
 * kept, and only SecretStorage keeps them. Used by Log In to Registry… and by the "Log In…"
 * a refused pull or push offers.
 */
import * as vscode from 'vscode';
import type { RegistryCredential } from '../../engine/registry/credentials';
import { logIn } from '../../engine/registry/login';
import { parseRegistryAddress } from '../../engine/registry/registryAddress';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { withCancellableProgress } from '../../ui/progress';

/** Asks and logs in; resolves with the kept credential, or undefined when the person gave up. */
export async function logInFlow(services: Services, registry?: string): Promise<RegistryCredential | undefined> {
  const address = registry ?? (await askRegistry());
  if (address === undefined) return undefined;
  const username = await vscode.window.showInputBox({
    title: `Log In to ${address}`,
    prompt: 'User name',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Enter the user name'),
  });
  if (username === undefined) return undefined;
  const secret = await vscode.window.showInputBox({
    title: `Log In to ${address}`,
    prompt: `Password or access token for ${username.trim()}`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v ? undefined : 'Enter the password or token'),
  });
  if (secret === undefined) return undefined;
  const credential: RegistryCredential = { registry: address, username: username.trim(), secret };
  await failingAs(`Could not log in to ${address}`, () =>
    withCancellableProgress(`Logging in to ${address}…`, (signal) =>
      logIn(services.monitor.engine, services.registries.store, credential, signal),
    ),
  );
  services.output.info(`Logged in to ${address} as ${credential.username} (kept in VS Code's secret storage).`);
  services.registriesView.refresh();
  return (await services.registries.store.get(address)) ?? credential;
}

function askRegistry(): Thenable<string | undefined> {
  return vscode.window
    .showInputBox({
      title: 'Log In to Registry',
      prompt: 'Registry address: blank for Docker Hub, or a host such as ghcr.io or 127.0.0.1:5000',
      placeHolder: 'docker.io',
      ignoreFocusOut: true,
      validateInput: (v) => {
        const check = parseRegistryAddress(v);
        return check.ok ? undefined : check.problem;
      },
    })
    .then((v) => {
      if (v === undefined) return undefined;
      const check = parseRegistryAddress(v);
      return check.ok ? check.registry : undefined;
    });
}
