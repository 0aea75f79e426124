import type { Services } from '../../services';
import { imageLabel } from '../../views/imagePresentation';
import { showEngineError } from '../containers/showEngineError';
import { imagesFor } from './imageTargets';

/** Shows the clicked image's inspect JSON in a read-only editor. */
export function inspectImage(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const [image] = await imagesFor(services, args, { placeHolder: 'Choose an image to inspect', canPickMany: false });
    const inspect = services.sidebar.inspect;
    if (!image || !inspect) return;
    const label = imageLabel(image);
    try {
      // show() puts up its own progress, with Cancel, when the engine is slow to answer.
      await inspect.show('image', image.id, label);
    } catch (err) {
      await showEngineError(services, `Could not inspect ${label}`, err);
    }
  };
}
