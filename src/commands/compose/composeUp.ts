import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { requireTrust } from '../shared/requireTrust';
import { chooseComposeSource, runComposeCommand, sourceLabel } from './composeRun';

/** Compose Up of a compose file (Explorer, palette) or a project node: all its services, detached. */
export function composeUp(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    if (!(await requireTrust("Compose Up builds and runs what the compose file says, with the workspace's files"))) return;
    const source = await chooseComposeSource(args, 'bring up');
    if (!source) return;
    const label = sourceLabel(source);
    await failingAs(`Could not bring up ${label}`, () => runComposeCommand(services, source, { kind: 'up' }, `Compose Up ${label}`));
  };
}
