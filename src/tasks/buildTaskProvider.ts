/**
 * Builds as VS Code tasks (`"type": "containerWorkflows.build"` in tasks.json), so a build
 * chains with `dependsOn` and `preLaunchTask`. The task runs in a pseudoterminal over the
 * same engine layer as Build Image…: the same output, the failing step on its Dockerfile
 * line in the Problems panel, and each problem as `<Dockerfile>:<line>: <message>` in the
 * terminal. Terminating the task cancels the build.
 */
import * as vscode from 'vscode';
import type { BuildServices } from '../builds/dockerfileBuild';
import type { InFlightWork } from '../util/inFlightWork';
import { BUILD_TASK_TYPE, type BuildTaskDefinition, terminalText } from './buildTaskDefinition';
import type * as BuildTaskRunModule from './buildTaskRun';
import { customTask } from './taskTerminal';

type BuildTaskServices = BuildServices & { work: InFlightWork };

export function buildTask(services: BuildTaskServices, task: vscode.Task): vscode.Task {
  const definition = task.definition as Partial<BuildTaskDefinition>;
  const resolved = customTask(task, BUILD_TASK_TYPE, (folder, write, controller) => {
    // The build's code (with the Dockerfile parser) loads when a build task first runs, not at activation (esbuild.js LAZY).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require: an import would load it with the extension
    const { runBuildTask } = require('./buildTaskRun') as typeof BuildTaskRunModule;
    return runBuildTask(services, definition, folder, controller, (text) => write(terminalText(text)));
  });
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
