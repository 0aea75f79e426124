import * as vscode from 'vscode';
import { referenceProblem } from '../../engine/registry/imageReference';
import { suggestedRegistryReference } from '../../registries/transferWords';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { imageLabel } from '../../views/imagePresentation';
import { imagesFor } from '../images/imageTargets';

/** Gives an image (the clicked row, else picked) a new name; resolves with it, for Push to go on. */
export function tagImage(services: Services) {
  return async (...args: unknown[]): Promise<string | undefined> => {
    const [image] = await imagesFor(services, args, { placeHolder: 'Choose the image to tag', canPickMany: false });
    if (!image) return undefined;
    const target = await askNewReference(image.repoTags[0], `Tag ${imageLabel(image)}`);
    if (!target) return undefined;
    const tagged = await failingAs(`Could not tag ${imageLabel(image)}`, () => services.monitor.engine.tag(image.id, target));
    void services.sidebar.models.images.refresh();
    vscode.window.setStatusBarMessage(`Tagged ${imageLabel(image)} as ${tagged}`, 5000);
    return tagged;
  };
}

/** Asks for a new reference, checked against Docker's grammar as it is typed. */
export function askNewReference(current: string | undefined, title: string, registry = ''): Thenable<string | undefined> {
  const value = suggestedRegistryReference(current, registry);
  return vscode.window.showInputBox({
    title,
    prompt: 'New reference: [registry/]namespace/name:tag, such as 127.0.0.1:5000/you/app:1.0',
    value,
    ignoreFocusOut: true,
    validateInput: (v) => referenceProblem(v),
  });
}
