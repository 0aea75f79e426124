import type { Services } from '../../services';
import { sidebarOf } from '../../views/sidebar';

/** The Containers view lists every container of the engine. */
export function showAllContainers(services: Services) {
  return async (): Promise<void> => {
    await sidebarOf(services)?.setScope('all');
  };
}
