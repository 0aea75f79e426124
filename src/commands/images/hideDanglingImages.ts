import type { Services } from '../../services';
import { sidebarOf } from '../../views/sidebar';

/** The Images view hides dangling images again (the default). */
export function hideDanglingImages(services: Services) {
  return async (): Promise<void> => {
    await sidebarOf(services)?.setShowDangling(false);
  };
}
