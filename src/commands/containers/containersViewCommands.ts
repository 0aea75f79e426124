/** The Containers view's title-bar commands, one line of logic each. */
import type { Services } from '../../services';
import { refreshList } from '../shared/refreshList';

/** Reloads the Containers view now, and the Files nodes read their folders again (nothing tells when files change). */
export function refreshContainers(services: Services) {
  return (): Promise<void> => {
    services.sidebar.files.forget();
    return refreshList(services, 'containers');
  };
}

/** The Containers view lists every container of the engine. */
export function showAllContainers(services: Services) {
  return (): Promise<void> => services.sidebar.setScope('all');
}

/** The Containers view lists only the containers this extension started (its owner label). */
export function showOwnedContainers(services: Services) {
  return (): Promise<void> => services.sidebar.setScope('owned');
}
