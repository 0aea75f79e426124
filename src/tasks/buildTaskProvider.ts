/**
 * Builds as VS Code tasks (`"type": "containerWorkflows.build"` in tasks.json), so a build
 * chains with `dependsOn` and `preLaunchTask`. The task runs in a pseudoterminal over the
 * same engine layer as Build Image…: the same output, the failing step on its Dockerfile
 * line in the Problems panel, and each problem as `<Dockerfile>:<line>: <message>` in the
 * terminal. Terminating the task cancels the build.
 */
import * as vscode from 'vscode';
import { CancelledError, engineMessage } from '../engine/errors';
import { buildWithProblems, type BuildServices } from '../builds/dockerfileBuild';
import { formatProblem } from '../workflows/build/buildProblems';
import { BuildProblemsError } from '../workflows/build/buildDockerfile';
import { describeChoices } from '../workflows/build/buildChoices';
import type { InFlightWork } from '../util/inFlightWork';
import { RED, RESET } from '../terminals/terminalText';
import { BUILD_TASK_TYPE, type BuildTaskDefinition, choicesFromTask, terminalText } from './buildTaskDefinition';
import { customTask } from './taskTerminal';

type BuildTaskServices = BuildServices & { work: InFlightWork };

/** The build task's work in its terminal: the build's output, each problem as `<Dockerfile>:<line>: <message>`. */
async function buildInTerminal(
  services: BuildTaskServices,
  definition: Partial<BuildTaskDefinition>,
  folder: string,
  writeRaw: (text: string) => void,
  controller: AbortController,
): Promise<number> {
  const write = (text: string) => writeRaw(terminalText(text));
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

export function buildTask(services: BuildTaskServices, task: vscode.Task): vscode.Task {
  const definition = task.definition as Partial<BuildTaskDefinition>;
  const resolved = customTask(task, BUILD_TASK_TYPE, (folder, write, controller) =>
    buildInTerminal(services, definition, folder, write, controller),
  );
  resolved.group = vscode.TaskGroup.Build;
  return resolved;
}

/** Registers the provider: tasks come from tasks.json (resolveTask); none are invented. */
export function registerBuildTasks(services: BuildTaskServices): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(BUILD_TASK_TYPE, {
    provideTasks: () => [],
    resolveTask: (task) => buildTask(services, task),
  });
}
