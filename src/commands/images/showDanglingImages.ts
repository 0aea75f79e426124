import type { Services } from '../../services';
import { sidebarOf } from '../../views/sidebar';

/** The Images view also lists dangling images (no tag left), last. */
export function showDanglingImages(services: Services) {
  return async (): Promise<void> => {
    await sidebarOf(services)?.setShowDangling(true);
  };
}
