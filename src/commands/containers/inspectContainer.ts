import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { containersFor } from './containerTargets';

/** Shows the clicked container's inspect JSON in a read-only editor. */
export function inspectContainer(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const [container] = await containersFor(services, args, {
      placeHolder: 'Choose a container to inspect',
      canPickMany: false,
      emptyMessage: 'There is no container to inspect.',
    });
    const inspect = services.sidebar.inspect;
    if (!container) return;
    // show() puts up its own progress, with Cancel, when the engine is slow to answer.
    await failingAs(`Could not inspect ${container.name}`, () => inspect.show('container', container.id, container.name));
  };
}
