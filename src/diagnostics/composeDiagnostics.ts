/**
 * A compose file's config problems in the Problems view, on their lines: checked with
 * `compose config --quiet` when a compose file is opened or saved, and after an Up of it
 * fails. A missing compose CLI or an unreachable engine leaves the file's problems as they
 * were: that is no problem of the file. A newer check of a file cancels the older one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findComposeCli } from '../compose/composeCli';
import { composeInvocation } from '../compose/composeCommands';
import type * as ComposeProblemsModule from '../compose/composeProblems';
import { runCompose } from '../compose/composeProcess';
import { isCheckedComposeDocument, problemsByFile } from '../compose/composeSources';
import type { EngineEndpoint } from '../engine/connection';

export class ComposeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('compose');
  private readonly running = new Map<string, AbortController>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly endpoint: () => EngineEndpoint,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const onDocument = (doc: vscode.TextDocument) => {
      if (isCheckedComposeDocument(doc)) void this.check(doc.uri.fsPath);
    };
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument(onDocument),
      vscode.workspace.onDidSaveTextDocument(onDocument),
      vscode.workspace.onDidCloseTextDocument((doc) => this.collection.delete(doc.uri)),
    ];
    vscode.workspace.textDocuments.forEach(onDocument);
  }

  /** Checks the file as saved on disk; resolves once its problems are shown. */
  async check(file: string): Promise<void> {
    this.running.get(file)?.abort();
    const controller = new AbortController();
    this.running.set(file, controller);
    try {
      const cli = await findComposeCli({ signal: controller.signal });
      const invocation = composeInvocation(cli, this.endpoint(), { files: [file] }, { kind: 'config' }, process.env);
      const result = await runCompose(invocation, { signal: controller.signal });
      const problems =
        result.exitCode === 0
          ? []
          : // The parser (with its YAML library) loads when a check first fails, not at activation (esbuild.js LAZY).
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require: an import would load it with the extension
            (require('../compose/composeProblems') as typeof ComposeProblemsModule).parseConfigProblems(
              `${result.stderr}\n${result.stdout}`,
              { files: [file], cwd: invocation.cwd, readText: readText },
            );
      for (const [problemFile, list] of problemsByFile(problems, [file])) {
        this.collection.set(vscode.Uri.file(problemFile), list.map(toDiagnostic));
      }
    } catch (err) {
      if (!controller.signal.aborted) this.log.warn(`Could not check ${path.basename(file)} with compose: ${(err as Error).message}`);
    } finally {
      if (this.running.get(file) === controller) this.running.delete(file);
    }
  }

  /** What the Problems view shows for a file (the e2e and integration tests read it). */
  problemsOf(file: string): readonly vscode.Diagnostic[] {
    return this.collection.get(vscode.Uri.file(file)) ?? [];
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function toDiagnostic(problem: { line?: number; column?: number; message: string; severity: 'error' | 'warning' }): vscode.Diagnostic {
  const line = Math.max(0, (problem.line ?? 1) - 1);
  const column = Math.max(0, (problem.column ?? 1) - 1);
  const range = new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER);
  const severity = problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.source = 'compose';
  return diagnostic;
}
