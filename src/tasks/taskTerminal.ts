/**
 * What the build and run tasks share: a task resolved from tasks.json runs its work in a
 * pseudoterminal of its own, whose exit code is the task's, in the task's folder (the first
 * workspace folder for a workspace-wide task); closing or terminating the task aborts the
 * work's signal.
 */
import * as vscode from 'vscode';

/** A task's work: writes to its terminal, honours `controller`'s signal, resolves with the exit code. */
export type TaskWork = (folder: string, write: (text: string) => void, controller: AbortController) => Promise<number>;

export class TaskTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private readonly controller = new AbortController();

  constructor(
    private readonly folder: string,
    private readonly work: TaskWork,
  ) {}

  open(): void {
    void this.work(this.folder, (text) => this.written.fire(text), this.controller).then((code) => this.closed.fire(code));
  }

  close(): void {
    this.controller.abort();
  }
}

/** `task` as VS Code runs it: the same definition, scope and name, its work in a TaskTerminal. */
export function customTask(task: vscode.Task, type: string, work: TaskWork): vscode.Task {
  const scope = task.scope ?? vscode.TaskScope.Workspace;
  const folder = typeof scope === 'object' ? scope.uri.fsPath : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
  return new vscode.Task(
    task.definition,
    scope,
    task.name,
    type,
    new vscode.CustomExecution(() => Promise.resolve(new TaskTerminal(folder, work))),
  );
}
