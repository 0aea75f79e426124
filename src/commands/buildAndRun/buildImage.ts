/**
 * "Build Image…": a Dockerfile from the workspace (or the one right-clicked), a tag, then
 * the build options (target stage, build arguments, no cache, pull), remembered per
 * Dockerfile. The build streams to an output channel in `--progress=plain` form, with
 * "step N of M" and Cancel in the notification (Cancel stops the build on the engine);
 * a failing step is marked on its Dockerfile line in the Problems panel.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError } from '../../engine/errors';
import type { Services } from '../../services';
import { readTemplatePaths } from '../../settings';
import { loadTemplates } from '../../templates/templateCatalog';
import { buildWithProblems } from '../../builds/dockerfileBuild';
import { describeChoices, seedBuildChoices, type BuildChoices } from '../../workflows/build/buildChoices';
import { readDockerfileFacts } from '../../workflows/build/dockerfileFacts';
import { defaultTag, templateOfDockerfile, validateTag } from '../../workflows/imageTemplate';
import { buildForm } from '../../pickers/buildForm';
import { pickDockerfile } from '../../pickers/pickDockerfile';
import { failingAs } from '../../ui/failure';
import { withCancellableProgress } from '../../ui/progress';
import { requireTrust } from '../shared/requireTrust';

export function buildImage(services: Services) {
  return async (uri?: vscode.Uri): Promise<string | undefined> => {
    if (!(await requireTrust("Building an image runs the Dockerfile's commands"))) return undefined;
    const dockerfile = uri instanceof vscode.Uri ? uri : await pickDockerfile();
    if (!dockerfile) return undefined;
    const choices = await askBuildChoices(services, dockerfile.fsPath);
    if (!choices) return undefined;
    await services.buildHistory.remember(choices);
    return runBuild(services, choices);
  };
}

async function askBuildChoices(services: Services, dockerfile: string): Promise<BuildChoices | undefined> {
  const contextDir = path.dirname(dockerfile);
  const facts = readDockerfileFacts(await failingAs(`Could not read ${dockerfile}`, () => fs.readFile(dockerfile, 'utf8')));
  const remembered = services.buildHistory.get(dockerfile);
  const template = templateOfDockerfile(dockerfile, loadTemplates(services.context.extensionPath, readTemplatePaths()).templates);
  const title = `Build ${vscode.workspace.asRelativePath(dockerfile)}`;
  const tag = await vscode.window.showInputBox({
    title,
    prompt: 'Tag for the image',
    value: remembered?.tag ?? defaultTag(path.basename(contextDir), template),
    validateInput: validateTag,
    ignoreFocusOut: true,
  });
  if (!tag) return undefined;
  const seeded = seedBuildChoices(facts, { dockerfile, contextDir: remembered?.contextDir ?? contextDir, tag: tag.trim() }, remembered);
  return buildForm(seeded, facts, title);
}

/** Builds with these choices, showing the output and the progress; resolves with the tag, or undefined when cancelled. */
export async function runBuild(services: Services, choices: BuildChoices): Promise<string | undefined> {
  const channel = services.buildOutput;
  channel.clear();
  channel.show(true);
  channel.appendLine(`Building ${choices.tag} from ${choices.dockerfile} (${describeChoices(choices)})`);
  try {
    await failingAs(`Could not build ${choices.tag}`, () =>
      withCancellableProgress(
        `Building ${choices.tag}`,
        (signal, progress) => {
          let lastStep = 0;
          return buildWithProblems(
            services,
            choices,
            (event) => {
              if (event.kind === 'output') channel.append(event.text);
              if (event.kind === 'step') {
                // BuildKit reveals its plan as it goes: the share of the bar follows the steps begun.
                progress.report({
                  message: `step ${event.step} of ${event.total}: ${event.instruction.slice(0, 60)}`,
                  increment: ((event.step - lastStep) / Math.max(event.total, 1)) * 100,
                });
                lastStep = event.step;
              }
            },
            signal,
          );
        },
        // Tracked, so that closing the window stops the build too (see deactivate()).
        { track: services.work },
      ),
    );
  } catch (err) {
    // The output says how it ended; the failure itself is shown the one way (showFailure).
    channel.appendLine(err instanceof CancelledError ? 'Build cancelled.' : `Build failed: ${(err as Error).message}`);
    if (err instanceof CancelledError) return undefined;
    throw err;
  }
  channel.appendLine(`Built ${choices.tag}.`);
  void vscode.window.showInformationMessage(`Built ${choices.tag}.`, 'Run…').then((choice) => {
    if (choice) void vscode.commands.executeCommand('containerWorkflows.image.run', choices.tag);
  });
  return choices.tag;
}
