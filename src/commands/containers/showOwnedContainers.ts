import type { Services } from '../../services';
import { sidebarOf } from '../../views/sidebar';

/** The Containers view lists only the containers this extension started (its owner label). */
export function showOwnedContainers(services: Services) {
  return async (): Promise<void> => {
    await sidebarOf(services)?.setScope('owned');
  };
}
