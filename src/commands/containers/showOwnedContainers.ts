import type { Services } from '../../services';

/** The Containers view lists only the containers this extension started (its owner label). */
export function showOwnedContainers(services: Services) {
  return async (): Promise<void> => {
    await services.sidebar.setScope('owned');
  };
}
