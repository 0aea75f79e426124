/** The Images view's title-bar commands, one line of logic each. */
import type { Services } from '../../services';
import { refreshList } from '../shared/refreshList';

/** Reloads the Images view now. */
export function refreshImages(services: Services) {
  return (): Promise<void> => refreshList(services, 'images');
}

/** The Images view also lists dangling images (no tag left), last. */
export function showDanglingImages(services: Services) {
  return (): Promise<void> => services.sidebar.setShowDangling(true);
}

/** The Images view hides dangling images again (the default). */
export function hideDanglingImages(services: Services) {
  return (): Promise<void> => services.sidebar.setShowDangling(false);
}
