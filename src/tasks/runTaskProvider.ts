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
import { RUN_TASK_TYPE, type RunTaskDefinition, runConfigFromTask } from './runTaskDefinition';

type RunTaskServices = Pick<Services, 'monitor' | 'work'>;

class RunTaskTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private readonly controller = new AbortController();

  constructor(
    private readonly services: RunTaskServices,
    private readonly definition: Partial<RunTaskDefinition>,
    private readonly folder: string,
  ) {}

  open(): void {
    void this.run().then((code) => this.closed.fire(code));
  }

  close(): void {
    this.controller.abort();
  }

  private async run(): Promise<number> {
    const config = runConfigFromTask(this.definition, this.folder, statPath);
    if ('problem' in config) {
      this.written.fire(`${RED}This run task cannot run: ${config.problem}.${RESET}\r\n`);
      return 2;
    }
    const write = (text: string) => this.written.fire(text);
    const running = executeRunTask(this.services.monitor.engine, toRunRequest(config), write, this.controller.signal);
    return this.services.work.track(this.controller, running);
  }
}

export function runTask(services: RunTaskServices, task: vscode.Task): vscode.Task {
  const definition = task.definition as Partial<RunTaskDefinition>;
  const scope = task.scope ?? vscode.TaskScope.Workspace;
  const folder = typeof scope === 'object' ? scope.uri.fsPath : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
  return new vscode.Task(
    task.definition,
    scope,
    task.name,
    RUN_TASK_TYPE,
    new vscode.CustomExecution(() => Promise.resolve(new RunTaskTerminal(services, definition, folder))),
  );
}

/** Registers the provider: tasks come from tasks.json (resolveTask); none are invented. */
export function registerRunTasks(services: RunTaskServices): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(RUN_TASK_TYPE, {
    provideTasks: () => [],
    resolveTask: (task) => runTask(services, task),
  });
}
