/**
 * One run of a build task (buildTaskProvider.ts): the task's choices checked, the build run
 * through the same engine layer as Build Image…, its output and problems written to the task's
 * terminal. Loaded when a build task first runs, with the Dockerfile parser (esbuild.js LAZY).
 */
import { CancelledError, engineMessage } from '../engine/errors';
import { buildWithProblems, type BuildServices } from '../builds/dockerfileBuild';
import { formatProblem } from '../workflows/build/buildProblems';
import { BuildProblemsError } from '../workflows/build/buildDockerfile';
import { describeChoices } from '../workflows/build/buildChoices';
import type { InFlightWork } from '../util/inFlightWork';
import { RED, RESET } from '../terminals/terminalText';
import { type BuildTaskDefinition, choicesFromTask } from './buildTaskDefinition';

/** Resolves with the task's exit code: 0 built, 1 failed, 2 the task cannot run as written, 130 cancelled. */
export async function runBuildTask(
  services: BuildServices & { work: InFlightWork },
  definition: Partial<BuildTaskDefinition>,
  folder: string,
  controller: AbortController,
  write: (text: string) => void,
): Promise<number> {
  const choices = choicesFromTask(definition, folder);
  if ('problem' in choices) {
    write(`${RED}This build task cannot run: ${choices.problem}.${RESET}\n`);
    return 2;
  }
  write(`Building ${choices.tag} from ${choices.dockerfile} (${describeChoices(choices)})\n`);
  try {
    const building = buildWithProblems(services, choices, (event) => event.kind === 'output' && write(event.text), controller.signal);
    const result = await services.work.track(controller, building);
    write(`Built ${choices.tag} (${result.imageId}).\n`);
    return 0;
  } catch (err) {
    if (err instanceof CancelledError) {
      write('Build cancelled.\n');
      return 130;
    }
    const lines = err instanceof BuildProblemsError ? err.problems.flatMap(formatProblem) : [`error: ${engineMessage(err)}`];
    write(`${RED}${lines.join('\n')}${RESET}\n`);
    return 1;
  }
}
