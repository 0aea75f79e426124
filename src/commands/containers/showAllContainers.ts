import type { Services } from '../../services';

/** The Containers view lists every container of the engine. */
export function showAllContainers(services: Services) {
  return async (): Promise<void> => {
    await services.sidebar.setScope('all');
  };
}
