import type { Services } from '../../services';

/** The Images view hides dangling images again (the default). */
export function hideDanglingImages(services: Services) {
  return async (): Promise<void> => {
    await services.sidebar.setShowDangling(false);
  };
}
