/**
 * What every compose command does: find the CLI, build its command line for a compose file
 * or a project node, run it with progress and Cancel, its output in the Compose output
 * channel (which CLI and version first, then the command line), and a failure in words.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type ComposeCli, describeComposeCli, findComposeCli } from '../../compose/composeCli';
import { type ComposeCommand, type ComposeInvocation, composeInvocation } from '../../compose/composeCommands';
import { classifyComposeFailure } from '../../compose/composeFailures';
import { COMPOSE_FILE_GLOB } from '../../compose/composeFiles';
import { runCompose } from '../../compose/composeProcess';
import { type ComposeSource, composeSourceFrom, composeSourceLabel } from '../../compose/composeSources';
import { projectInvocation } from '../../compose/projectOperations';
import type { Services } from '../../services';
import { withCancellableProgress } from '../../ui/progress';

export type ChosenSource = Exclude<ComposeSource, { kind: 'none' }>;

/** The file or project the command was given; from the palette, a compose file of the workspace, picked. */
export async function chooseComposeSource(args: readonly unknown[], verb: string): Promise<ChosenSource | undefined> {
  const source = composeSourceFrom(args);
  if (source.kind !== 'none') return source;
  const active = vscode.window.activeTextEditor?.document.uri;
  const files = await vscode.workspace.findFiles(COMPOSE_FILE_GLOB, '**/node_modules/**', 200);
  if (files.length === 0) {
    throw new Error(
      'There is no compose file in this workspace (compose.yaml, docker-compose.yml, *.compose.yaml). Open a folder that has one.',
    );
  }
  const items = files
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
    .sort((a, b) => Number(b.uri.fsPath === active?.fsPath) - Number(a.uri.fsPath === active?.fsPath) || a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `Choose the compose file to ${verb}` });
  return picked ? { kind: 'file', file: picked.uri.fsPath } : undefined;
}

export function sourceLabel(source: ChosenSource): string {
  return composeSourceLabel(source, (p) => path.basename(p));
}

/** The CLI (a missing one throws ComposeNotInstalledError, which says what to install) and the command line. */
export async function prepareCompose(
  services: Services,
  source: ChosenSource,
  command: ComposeCommand,
  signal: AbortSignal,
  profiles: string[] = [],
): Promise<{ cli: ComposeCli; invocation: ComposeInvocation }> {
  const cli = await findComposeCli({ signal });
  const endpoint = services.monitor.engine.endpoint;
  const invocation =
    source.kind === 'file'
      ? composeInvocation(cli, endpoint, { files: [source.file], profiles }, command, process.env)
      : projectInvocation(cli, endpoint, source.project, command, {
          baseEnv: process.env,
          exists: (f) => fs.existsSync(f),
          readText: (f) => readTextOrUndefined(f),
        });
  return { cli, invocation };
}

export function readTextOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Runs one compose command with progress and Cancel; a failure throws what it means. The Containers view refreshes after. */
export async function runComposeCommand(
  services: Services,
  source: ChosenSource,
  command: ComposeCommand,
  title: string,
  profiles: string[] = [],
): Promise<void> {
  const output = services.composeOutput;
  try {
    await withCancellableProgress(
      title,
      async (signal) => {
        const { cli, invocation } = await prepareCompose(services, source, command, signal, profiles);
        output.appendLine(`${describeComposeCli(cli)}, engine ${services.monitor.engine.endpoint.host}`);
        output.appendLine(`$ ${invocation.display}`);
        const result = await runCompose(invocation, { signal, onOutput: (text) => output.append(text) });
        if (result.exitCode === 0) return;
        output.show(true);
        if (command.kind === 'up' && source.kind === 'file') void services.composeDiagnostics.check(source.file);
        const failure = classifyComposeFailure(`${result.stderr}\n${result.stdout}`, { engine: services.monitor.engine.endpoint.host });
        throw new Error(failure.message);
      },
      // Tracked: a window that closes mid-Up stops the CLI rather than leaving it running.
      { track: services.work },
    );
  } finally {
    void services.sidebar.models.containers.refresh();
  }
}
