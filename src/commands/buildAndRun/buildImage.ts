/**
 * "Build Image…": a Dockerfile from the workspace (or the one right-clicked), a tag with a
 * remembered default, the build streaming to an output channel, and a progress
 * notification that names the current step and can cancel (the request is aborted, the
 * engine stops the build and removes its intermediate containers).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BuildFailedError } from '../../engine/buildOutput';
import { CONTEXT_LABEL, OWNER_LABEL, OWNER_VALUE, TEMPLATE_LABEL } from '../../engine/engine';
import { CancelledError, engineMessage } from '../../engine/errors';
import type { Services } from '../../services';
import { readTemplatePaths } from '../../settings';
import { loadTemplates } from '../../templates/templateCatalog';
import { defaultTag, templateOfDockerfile, validateTag } from '../../workflows/imageTemplate';
import { pickDockerfile } from '../../pickers/pickDockerfile';
import { withCancellableProgress } from '../../ui/progress';
import { requireTrust } from '../shared/requireTrust';
import { showFailure } from '../shared/showFailure';

const TAG_MEMORY = 'containerWorkflows.buildTags';

export function buildImage(services: Services) {
  return async (uri?: vscode.Uri): Promise<string | undefined> => {
    if (!(await requireTrust("Building an image runs the Dockerfile's commands"))) return undefined;
    const dockerfile = uri ?? (await pickDockerfile());
    if (!dockerfile) return undefined;
    const contextDir = path.dirname(dockerfile.fsPath);
    const template = templateOfDockerfile(dockerfile.fsPath, loadTemplates(services.context.extensionPath, readTemplatePaths()).templates);
    const remembered = services.context.workspaceState.get<Record<string, string>>(TAG_MEMORY) ?? {};
    const tag = await vscode.window.showInputBox({
      title: `Build ${path.relative(vscode.workspace.getWorkspaceFolder(dockerfile)?.uri.fsPath ?? contextDir, dockerfile.fsPath) || 'Dockerfile'}`,
      prompt: 'Tag for the image',
      value: remembered[dockerfile.fsPath] ?? defaultTag(path.basename(contextDir), template),
      validateInput: validateTag,
      ignoreFocusOut: true,
    });
    if (!tag) return undefined;
    await services.context.workspaceState.update(TAG_MEMORY, { ...remembered, [dockerfile.fsPath]: tag.trim() });
    return runBuild(services, { contextDir, dockerfile: path.basename(dockerfile.fsPath), tag: tag.trim(), templateId: template?.id });
  };
}

export async function runBuild(
  services: Services,
  request: { contextDir: string; dockerfile: string; tag: string; templateId?: string },
): Promise<string | undefined> {
  const channel = services.buildOutput;
  channel.clear();
  channel.show(true);
  channel.appendLine(`Building ${request.tag} from ${path.join(request.contextDir, request.dockerfile)}`);
  const labels: Record<string, string> = { [OWNER_LABEL]: OWNER_VALUE, [CONTEXT_LABEL]: request.contextDir };
  if (request.templateId) labels[TEMPLATE_LABEL] = request.templateId;
  try {
    await withCancellableProgress(
      `Building ${request.tag}`,
      (signal, progress) => {
        let lastStep = 0;
        return services.monitor.engine.build(
          { contextDir: request.contextDir, dockerfile: request.dockerfile, tag: request.tag, labels },
          (event) => {
            if (event.kind === 'output') channel.append(event.text);
            if (event.kind === 'error') channel.appendLine(`ERROR: ${event.message}`);
            if (event.kind === 'step') {
              progress.report({
                message: `step ${event.step} of ${event.total}: ${event.instruction.slice(0, 60)}`,
                increment: ((event.step - lastStep) / event.total) * 100,
              });
              lastStep = event.step;
            }
          },
          signal,
        );
      },
      // Tracked, so that closing the window stops the build too (see deactivate()).
      { track: services.work },
    );
  } catch (err) {
    if (err instanceof CancelledError) {
      channel.appendLine('Build cancelled.');
      void vscode.window.setStatusBarMessage(`Build of ${request.tag} cancelled`, 5000);
      return undefined;
    }
    if (err instanceof BuildFailedError) {
      // The build's own failure, naming the step: its output is in the build channel.
      channel.appendLine(err.message);
      void vscode.window.showErrorMessage(err.message, 'Show Output').then((c) => c && channel.show());
      return undefined;
    }
    // "The container engine stopped: …" when it went away mid-build; its leftover step containers go when it is back.
    channel.appendLine(`Building ${request.tag} failed: ${engineMessage(err)}`);
    void showFailure(services, `Building ${request.tag} failed`, err);
    return undefined;
  }
  channel.appendLine(`Built ${request.tag}.`);
  void vscode.window.showInformationMessage(`Built ${request.tag}.`, 'Run…').then((choice) => {
    if (choice) void vscode.commands.executeCommand('containerWorkflows.image.run', request.tag);
  });
  return request.tag;
}
