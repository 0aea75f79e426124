/** Commands on containers and images from the sidebar: id -> handler factory. */
import type { Services } from '../../services';

export function containerCommands(_services: Services): Record<string, (...args: any[]) => unknown> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return {};
}
