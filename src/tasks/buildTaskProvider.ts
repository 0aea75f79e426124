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
import { BUILD_TASK_TYPE, type BuildTaskDefinition, choicesFromTask, terminalText } from './buildTaskDefinition';

const RED = '\x1b[31m';
const RESET = '\x1b[0m';

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
    const choices = choicesFromTask(this.definition, this.folder);
    if ('problem' in choices) {
      this.write(`${RED}This build task cannot run: ${choices.problem}.${RESET}\n`);
      return 2;
    }
    this.write(`Building ${choices.tag} from ${choices.dockerfile} (${describeChoices(choices)})\n`);
    try {
      const building = buildWithProblems(
        this.services,
        choices,
        (event) => event.kind === 'output' && this.write(event.text),
        this.controller.signal,
      );
      const result = await this.services.work.track(this.controller, building);
      this.write(`Built ${choices.tag} (${result.imageId}).\n`);
      return 0;
    } catch (err) {
      if (err instanceof CancelledError) {
        this.write('Build cancelled.\n');
        return 130;
      }
      const lines = err instanceof BuildProblemsError ? err.problems.flatMap(formatProblem) : [`error: ${engineMessage(err)}`];
      this.write(`${RED}${lines.join('\n')}${RESET}\n`);
      return 1;
    }
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
