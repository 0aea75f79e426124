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

class BuildTaskTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private readonly controller = new AbortController();

  constructor(
    private readonly services: BuildServices & { work: InFlightWork },
    private readonly definition: Partial<BuildTaskDefinition>,
    private readonly folder: string,
  ) {}

  open(): void {
    void this.run().then((code) => this.closed.fire(code));
  }

  close(): void {
    this.controller.abort();
  }

  private write(text: string): void {
    this.written.fire(terminalText(text));
  }

  private async run(): Promise<number> {
    // The build's code (with the Dockerfile parser) loads when a build task first runs, not at activation (esbuild.js LAZY).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require: an import would load it with the extension
    const { runBuildTask } = require('./buildTaskRun') as typeof BuildTaskRunModule;
    return runBuildTask(this.services, this.definition, this.folder, this.controller, (text) => this.write(text));
  }
}

export function buildTask(services: BuildServices & { work: InFlightWork }, task: vscode.Task): vscode.Task {
  const definition = task.definition as Partial<BuildTaskDefinition>;
  const scope = task.scope ?? vscode.TaskScope.Workspace;
  const folder = typeof scope === 'object' ? scope.uri.fsPath : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
  const resolved = new vscode.Task(
    task.definition,
    scope,
    task.name,
    BUILD_TASK_TYPE,
    new vscode.CustomExecution(() => Promise.resolve(new BuildTaskTerminal(services, definition, folder))),
  );
  resolved.group = vscode.TaskGroup.Build;
  return resolved;
}

/** Registers the provider: tasks come from tasks.json (resolveTask); none are invented. */
export function registerBuildTasks(services: BuildServices & { work: InFlightWork }): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(BUILD_TASK_TYPE, {
    provideTasks: () => [],
    resolveTask: (task) => buildTask(services, task),
  });
}
