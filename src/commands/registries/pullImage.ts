import * as vscode from 'vscode';
import { referenceProblem, requireImageReference } from '../../engine/registry/imageReference';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { withCancellableProgress } from '../../ui/progress';
import { transferProgressMessage } from '../../registries/transferWords';
import { referenceFromArgs } from './registryTargets';
import { withRegistryLogin } from './withRegistryLogin';

/** Pulls a reference: from a tag in the Registries view, a string from another caller, else asked. */
export function pullImage(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const given = referenceFromArgs(args);
    const reference =
      given ??
      (await vscode.window.showInputBox({
        title: 'Pull Image',
        prompt: 'Image reference: name[:tag] or name@digest',
        placeHolder: 'debian:bookworm-slim',
        ignoreFocusOut: true,
        validateInput: (v) => referenceProblem(v),
      }));
    if (!reference) return;
    const ref = requireImageReference(reference);
    const result = await failingAs(`Could not pull ${reference.trim()}`, () =>
      withRegistryLogin(services, ref.domain, (credential) =>
        withCancellableProgress(`Pulling ${reference.trim()}`, (signal, progress) =>
          services.monitor.engine.pull(reference, {
            credential,
            signal,
            onProgress: (s) => progress.report({ message: transferProgressMessage(s) }),
          }),
        ),
      ),
    );
    services.output.info(`Pulled ${result.reference}${result.digest ? ` (${result.digest})` : ''}.`);
    void services.sidebar.models.images.refresh();
    vscode.window.setStatusBarMessage(`Pulled ${result.reference}`, 5000);
  };
}
