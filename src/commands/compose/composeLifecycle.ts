/**
 * Start, Stop and Restart of a compose file or project node. Through the compose CLI with
 * the project's own name, folder and files; for a project node compose cannot act on
 * (its files are gone, no CLI installed) the engine starts or stops its containers instead,
 * so the node's menu still works for a project whose folder was deleted.
 */
import { actsThroughEngine, engineFallbackNote, type ProjectAction, runProjectAction } from '../../compose/projectOperations';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { withCancellableProgress } from '../../ui/progress';
import { requireTrust } from '../shared/requireTrust';
import { chooseComposeSource, runComposeCommand, sourceLabel } from './composeRun';

const VERBS: Record<ProjectAction, { title: string; verb: string }> = {
  start: { title: 'Compose Start', verb: 'start' },
  stop: { title: 'Compose Stop', verb: 'stop' },
  restart: { title: 'Compose Restart', verb: 'restart' },
};

/** The handler of one action; registered as composeStart, composeStop and composeRestart. */
export function composeLifecycle(action: ProjectAction) {
  const { title, verb } = VERBS[action];
  return function handlerFor(services: Services) {
    return async (...args: unknown[]): Promise<void> => {
      if (!(await requireTrust(`${title} runs the compose CLI on the workspace's compose file and its .env`))) return;
      const source = await chooseComposeSource(args, verb);
      if (!source) return;
      const label = sourceLabel(source);
      await failingAs(`Could not ${verb} ${label}`, async () => {
        try {
          await runComposeCommand(services, source, { kind: action }, `${title} ${label}`);
        } catch (err) {
          if (source.kind !== 'project' || !actsThroughEngine(err)) throw err;
          services.composeOutput.appendLine(engineFallbackNote(err, action, source.project.name));
          try {
            await withCancellableProgress(
              `${title} ${label}`,
              (signal) => runProjectAction(services.monitor.engine, source.project, action, signal),
              {
                track: services.work,
              },
            );
          } finally {
            void services.sidebar.models.containers.refresh();
          }
        }
      });
    };
  };
}
