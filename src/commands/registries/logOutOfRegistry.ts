import * as vscode from 'vscode';
import { logOut } from '../../engine/registry/login';
import type { Services } from '../../services';
import { registryFromArgs } from './registryTargets';

/** Log Out: forgets the extension's credential for a registry; the docker CLI's own are never touched. */
export function logOutOfRegistry(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const registry = registryFromArgs(args) ?? (await pickLoggedIn(services));
    if (!registry) return;
    const had = await logOut(services.registries.store, registry);
    services.output.info(had ? `Logged out of ${registry}.` : `Not logged in to ${registry} here; nothing to forget.`);
    services.registriesView.refresh();
    vscode.window.setStatusBarMessage(had ? `Logged out of ${registry}` : `Not logged in to ${registry} here`, 5000);
  };
}

async function pickLoggedIn(services: Services): Promise<string | undefined> {
  const registries = await services.registries.store.registries();
  if (registries.length === 0) {
    void vscode.window.showInformationMessage('You are not logged in to any registry here.');
    return undefined;
  }
  return vscode.window.showQuickPick(registries, { title: 'Log Out', placeHolder: 'Choose the registry to log out of' });
}
