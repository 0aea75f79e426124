/**
 * A failed build's problems in the Problems panel, on the Dockerfile lines of the failing
 * step; the next successful build of that Dockerfile clears them. The command and the build
 * task both report through here, so a failure looks the same whichever started it.
 */
import * as vscode from 'vscode';
import { problemText, type BuildProblem } from '../workflows/build/buildProblems';

export class BuildDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('containerWorkflows.build');

  show(dockerfile: string, problems: BuildProblem[]): void {
    const diagnostics = problems.map((problem) => {
      // Lines are 1-based in problems, 0-based in the editor; the whole of the last line.
      const range = new vscode.Range(problem.firstLine - 1, 0, problem.lastLine - 1, Number.MAX_SAFE_INTEGER);
      const diagnostic = new vscode.Diagnostic(range, problemText(problem), vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'Container Workflows build';
      return diagnostic;
    });
    this.collection.set(vscode.Uri.file(dockerfile), diagnostics);
  }

  clear(dockerfile: string): void {
    this.collection.delete(vscode.Uri.file(dockerfile));
  }

  dispose(): void {
    this.collection.dispose();
  }
}
