import * as vscode from 'vscode';
import type { ImageSummary } from '../../engine/engine';
import { formatReference, requireImageReference } from '../../engine/registry/imageReference';
import { pushableTags, transferProgressMessage } from '../../registries/transferWords';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { withCancellableProgress } from '../../ui/progress';
import { imageLabel } from '../../views/imagePresentation';
import { imagesFor } from '../images/imageTargets';
import { askNewReference } from './tagImage';
import { withRegistryLogin } from './withRegistryLogin';

const TAG_FIRST = '$(tag) Tag for a registry first…';

/** Pushes one of an image's tags (or a new one made for a registry); shows the digest, with Copy. */
export function pushImage(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const [image] = await imagesFor(services, args, { placeHolder: 'Choose the image to push', canPickMany: false });
    if (!image) return;
    const reference = await chooseReference(services, image);
    if (!reference) return;
    const ref = requireImageReference(reference);
    const result = await failingAs(`Could not push ${reference}`, () =>
      withRegistryLogin(services, ref.domain, (credential) =>
        withCancellableProgress(`Pushing ${reference}`, (signal, progress) =>
          services.monitor.engine.push(reference, {
            credential,
            signal,
            onProgress: (s) => progress.report({ message: transferProgressMessage(s) }),
          }),
        ),
      ),
    );
    services.output.info(`Pushed ${result.reference}: ${result.digest}.`);
    services.registriesView.refresh();
    const choice = await vscode.window.showInformationMessage(`Pushed ${result.reference} (${result.digest}).`, 'Copy Digest');
    if (choice === 'Copy Digest') {
      // name@digest pulls exactly what was pushed, whatever the tag names later.
      await vscode.env.clipboard.writeText(formatReference({ ...ref, tag: undefined, digest: result.digest }));
    }
  };
}

async function chooseReference(services: Services, image: ImageSummary): Promise<string | undefined> {
  const tags = pushableTags(image.repoTags);
  const choice =
    tags.length === 0
      ? TAG_FIRST
      : (
          await vscode.window.showQuickPick([...tags, TAG_FIRST], {
            title: `Push ${imageLabel(image)}`,
            placeHolder: 'Choose the tag to push (registry/namespace/name:tag)',
          })
        )?.toString();
  if (!choice) return undefined;
  if (choice !== TAG_FIRST) return choice;
  const [registry] = await services.registries.store.registries();
  const target = await askNewReference(tags[0], `Tag ${imageLabel(image)} for a registry`, registry ?? '');
  if (!target) return undefined;
  const tagged = await failingAs(`Could not tag ${imageLabel(image)}`, () => services.monitor.engine.tag(image.id, target));
  void services.sidebar.models.images.refresh();
  return tagged;
}
