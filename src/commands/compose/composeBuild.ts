import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { requireTrust } from '../shared/requireTrust';
import { chooseComposeSource, runComposeCommand, sourceLabel } from './composeRun';

/** Compose Build: the images of the services with a `build:` section; Cancel stops the CLI and the build it runs. */
export function composeBuild(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    if (!(await requireTrust("Compose Build runs the workspace's Dockerfiles as its compose file says"))) return;
    const source = await chooseComposeSource(args, 'build');
    if (!source) return;
    const label = sourceLabel(source);
    await failingAs(`Could not build ${label}`, () => runComposeCommand(services, source, { kind: 'build' }, `Compose Build ${label}`));
  };
}
