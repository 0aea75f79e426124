import * as vscode from 'vscode';
import type { Services } from '../../services';
import { referenceFromArgs } from './registryTargets';

/** Refresh: the Registries view lists again (its rows ask the registries afresh). */
export function refreshRegistries(services: Services) {
  return (): void => services.registriesView.refresh();
}

/** Copy Reference: a tag row's full reference, to paste into a Dockerfile or a terminal. */
export function copyRegistryReference() {
  return async (...args: unknown[]): Promise<void> => {
    const reference = referenceFromArgs(args);
    if (!reference) return;
    await vscode.env.clipboard.writeText(reference);
    vscode.window.setStatusBarMessage(`Copied ${reference}`, 5000);
  };
}
