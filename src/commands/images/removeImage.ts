import * as vscode from 'vscode';
import { EngineUnavailableError, EngineRequestError } from '../../engine/errors';
import type { Services } from '../../services';
import { imageLabel } from '../../views/imagePresentation';
import { IMAGES_VIEW } from '../../views/sidebar';
import { showEngineError } from '../containers/showEngineError';
import { withSidebarProgress } from '../containers/withSidebarProgress';
import { removeImages } from './imageOperations';
import { imagesFor } from './imageTargets';

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
    try {
      const outcomes = await withSidebarProgress(
        sidebar.imagesView,
        IMAGES_VIEW,
        `Removing ${images.length === 1 ? names[0] : `${images.length} images`}…`,
        (signal) => removeImages(services.monitor.engine, images, signal),
      );
      void sidebar.models.images.refresh();
      for (const o of outcomes) {
        if (!o.error) continue;
        if (o.error instanceof EngineUnavailableError) throw o.error;
        // 409: a container (running or not) still uses it.
        const hint =
          o.error instanceof EngineRequestError && o.error.statusCode === 409 ? 'Remove the containers that use it first.' : undefined;
        await showEngineError(services, `Could not remove ${imageLabel(o.image)}`, o.error, hint);
      }
      const removed = outcomes.filter((o) => !o.error).length;
      if (removed > 0)
        vscode.window.setStatusBarMessage(
          `Removed ${removed === 1 ? imageLabel(outcomes.find((o) => !o.error)!.image) : `${removed} images`}`,
          5000,
        );
    } catch (err) {
      await showEngineError(services, 'Could not remove images', err);
    }
  };
}
