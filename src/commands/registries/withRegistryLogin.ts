/**
 * A pull or push with the registry's credential, and the one retry a refusal earns: when
 * the registry says unauthorized, the person is offered "Log In…", and after a login the
 * same work runs again. Any other failure is thrown to the command runner; declining is quiet.
 */
import * as vscode from 'vscode';
import { CancelledError } from '../../engine/errors';
import type { RegistryCredential } from '../../engine/registry/credentials';
import { credentialNote } from '../../registries/registryAccess';
import { offersLogIn } from '../../registries/transferWords';
import type { Services } from '../../services';
import { logInFlow } from './logInFlow';

export async function withRegistryLogin<T>(
  services: Services,
  registry: string,
  work: (credential: RegistryCredential | undefined) => Promise<T>,
): Promise<T> {
  const found = await services.registries.credentialFor(registry);
  services.output.info(`Using ${registry} ${credentialNote(found)}.`);
  try {
    return await work(found?.credential);
  } catch (err) {
    if (!offersLogIn(err)) throw err;
    // The runner would show this with Show Output only; here the fix is a button away.
    // Declining ends the command quietly: the message has been shown.
    const choice = await vscode.window.showErrorMessage(err.message, 'Log In…');
    if (choice !== 'Log In…') throw new CancelledError();
    const credential = await logInFlow(services, registry);
    if (!credential) throw new CancelledError();
    return await work(credential);
  }
}
