import * as vscode from 'vscode';
import type { Services } from '../../services';
import { logInFlow } from './logInFlow';
import { registryFromArgs } from './registryTargets';

/** Log In to Registry…: the row's registry, else asked (Docker Hub when blank). */
export function logInToRegistry(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const credential = await logInFlow(services, registryFromArgs(args));
    if (credential) vscode.window.setStatusBarMessage(`Logged in to ${credential.registry} as ${credential.username}`, 5000);
  };
}
