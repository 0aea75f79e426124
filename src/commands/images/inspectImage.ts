import type { Services } from '../../services';
import { imageLabel } from '../../views/imagePresentation';
import { failingAs } from '../../ui/failure';
import { imagesFor } from './imageTargets';

/** Shows the clicked image's inspect JSON in a read-only editor. */
export function inspectImage(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const [image] = await imagesFor(services, args, { placeHolder: 'Choose an image to inspect', canPickMany: false });
    if (!image) return;
    const label = imageLabel(image);
    // show() puts up its own progress, with Cancel, when the engine is slow to answer.
    await failingAs(`Could not inspect ${label}`, () => services.sidebar.inspect.show('image', image.id, label));
  };
}
