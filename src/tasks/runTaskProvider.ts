/**
 * Runs as VS Code tasks (`"type": "containerWorkflows.run"` in tasks.json), so a run chains
 * after a build task with `dependsOn`. The pseudoterminal is a thin shell around
 * runTaskExecution.ts: the container's output live, the task's exit code its exit code,
 * and closing or terminating the task stops the container.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { toRunRequest } from '../workflows/runConfig';
import { statPath } from '../workflows/runValidation';
import { RED, RESET } from '../terminals/terminalText';
import { executeRunTask } from './runTaskExecution';
import { customTask } from './taskTerminal';
import { RUN_TASK_TYPE, type RunTaskDefinition, runConfigFromTask } from './runTaskDefinition';

type RunTaskServices = Pick<Services, 'monitor' | 'work'>;

/** The run task's work in its terminal: the container's output live, its exit code the task's. */
async function runInTerminal(
  services: RunTaskServices,
  definition: Partial<RunTaskDefinition>,
  folder: string,
  write: (text: string) => void,
  controller: AbortController,
): Promise<number> {
  const config = runConfigFromTask(definition, folder, statPath);
  if ('problem' in config) {
    write(`${RED}This run task cannot run: ${config.problem}.${RESET}\r\n`);
    return 2;
  }
  const running = executeRunTask(services.monitor.engine, toRunRequest(config), write, controller.signal);
  return services.work.track(controller, running);
}

export function runTask(services: RunTaskServices, task: vscode.Task): vscode.Task {
  const definition = task.definition as Partial<RunTaskDefinition>;
  return customTask(task, RUN_TASK_TYPE, (folder, write, controller) => runInTerminal(services, definition, folder, write, controller));
}

/** Registers the provider: tasks come from tasks.json (resolveTask); none are invented. */
export function registerRunTasks(services: RunTaskServices): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(RUN_TASK_TYPE, {
    provideTasks: () => [],
    resolveTask: (task) => runTask(services, task),
  });
}
