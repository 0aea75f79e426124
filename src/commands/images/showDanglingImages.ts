import type { Services } from '../../services';

/** The Images view also lists dangling images (no tag left), last. */
export function showDanglingImages(services: Services) {
  return async (): Promise<void> => {
    await services.sidebar.setShowDangling(true);
  };
}
