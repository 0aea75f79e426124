import * as vscode from 'vscode';
import { EngineUnavailableError, EngineRequestError } from '../../engine/errors';
import type { Services } from '../../services';
import { imageLabel } from '../../views/imagePresentation';
import { IMAGES_VIEW } from '../../views/sidebar';
import { withCancellableProgress } from '../../ui/progress';
import { CommandFailure, failingAs } from '../../ui/failure';
import { showFailure } from '../shared/showFailure';
import { removeImages } from './imageOperations';
import { imagesFor } from './imageTargets';

const FAILED = 'Could not remove images';

/** Removes the clicked or selected images (every tag of each), after a modal question. */
export function removeImage(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const images = await imagesFor(services, args, { placeHolder: 'Choose the images to remove', canPickMany: true });
    if (images.length === 0) return;
    const names = images.map(imageLabel);
    const tags = images.reduce((n, i) => n + Math.max(i.repoTags.length, 1), 0);
    const choice = await vscode.window.showWarningMessage(
      images.length === 1 ? `Remove the image ${names[0]}?` : `Remove ${images.length} images?`,
      { modal: true, detail: tags > images.length ? `Every tag goes: ${images.flatMap((i) => i.repoTags).join(', ')}.` : names.join('\n') },
      'Remove',
    );
    if (choice !== 'Remove') return;
    const sidebar = services.sidebar;
    const outcomes = await failingAs(FAILED, () =>
      withCancellableProgress(
        `Removing ${images.length === 1 ? names[0] : `${images.length} images`}…`,
        (signal) => removeImages(services.monitor.engine, images, signal),
        { view: { id: IMAGES_VIEW, treeView: sidebar.imagesView } },
      ),
    );
    void sidebar.models.images.refresh();
    for (const o of outcomes) {
      if (!o.error) continue;
      if (o.error instanceof EngineUnavailableError) throw new CommandFailure(FAILED, o.error);
      // 409: a container (running or not) still uses it.
      const hint =
        o.error instanceof EngineRequestError && o.error.statusCode === 409 ? 'Remove the containers that use it first.' : undefined;
      await showFailure(services, `Could not remove ${imageLabel(o.image)}`, o.error, hint);
    }
    const removed = outcomes.filter((o) => !o.error);
    if (removed.length > 0) {
      vscode.window.setStatusBarMessage(
        `Removed ${removed.length === 1 ? imageLabel(removed[0].image) : `${removed.length} images`}`,
        5000,
      );
    }
  };
}
