/**
 * "Add Docker Files to Workspace…": pick a template, pick the folder (or take the one
 * right-clicked in the Explorer), ask before overwriting anything, open the Dockerfile.
 * In Restricted Mode only the bundled templates are offered (templates/templateRoots.ts),
 * and nothing is ever written outside the chosen folder (templates/scaffold.ts).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Template } from '../templates/catalog';
import { linkLeadsOutside } from '../templates/containment';
import {
  applyScaffold,
  clashes,
  type ClashResolution,
  planScaffold,
  type ScaffoldFile,
  ScaffoldOutsideError,
  type ScaffoldPlan,
  ScaffoldWriteError,
} from '../templates/scaffold';
import { loadTemplates } from '../templates/templateCatalog';
import type { Services } from '../services';
import { readTemplateRoots } from '../settings';
import { pickWorkspaceFolder } from '../pickers/pickWorkspaceFolder';
import { MANAGE_TRUST, manageWorkspaceTrust } from './shared/requireTrust';

export function addDockerFiles(services: Services) {
  return async (folderUri?: vscode.Uri): Promise<void> => {
    const roots = readTemplateRoots();
    const catalog = loadTemplates(services.context.extensionPath, roots.userRoots);
    if (catalog.problems.length > 0) {
      for (const problem of catalog.problems) {
        services.output.warn(problem);
      }
      void vscode.window.showWarningMessage(`Some templates could not be loaded: ${catalog.problems[0]}`, 'Show Output').then((choice) => {
        if (choice) services.output.show(true);
      });
    }
    if (roots.withheld.length > 0) {
      services.output.info(
        `Restricted Mode: your own template folders are not used until the workspace is trusted (${roots.withheld.join(', ')}).`,
      );
    }
    const template = await pickTemplate(catalog.templates, !vscode.workspace.isTrusted);
    if (!template) {
      return;
    }
    const target = folderUri ?? (await pickWorkspaceFolder({ title: `Add ${template.name}: where?`, openLabel: 'Add Docker Files Here' }));
    if (!target) {
      return;
    }
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(target);
    if (!workspaceFolder) {
      void vscode.window.showErrorMessage(`${target.fsPath} is not in the workspace. Choose a workspace folder or a folder inside one.`);
      return;
    }
    const outside = linkLeadsOutside(workspaceFolder.uri.fsPath, target.fsPath);
    if (outside) {
      void vscode.window.showErrorMessage(
        `${path.basename(target.fsPath)} is a link to ${outside}, outside the workspace: Docker files are only added inside it.`,
      );
      return;
    }
    let plan: ScaffoldPlan;
    try {
      plan = planScaffold(template, target.fsPath);
    } catch (err) {
      if (!(err instanceof ScaffoldOutsideError)) throw err;
      services.output.error(err.message);
      void vscode.window.showErrorMessage(err.message);
      return;
    }
    const resolution = await askAboutClashes(plan, template, target.fsPath);
    if (!resolution) {
      return;
    }
    try {
      const result = applyScaffold(plan, resolution);
      services.output.info(
        `Scaffolded ${template.id} into ${target.fsPath}: wrote ${result.written.join(', ') || 'nothing'}${result.kept.length ? `; kept ${result.kept.join(', ')}` : ''}`,
      );
      await vscode.window.showTextDocument(vscode.Uri.file(result.dockerfile), { preview: false });
      const kept = result.kept.length ? ` Kept your ${result.kept.join(', ')}.` : '';
      void vscode.window.showInformationMessage(
        `Added ${template.name} to ${path.basename(target.fsPath)}: ${result.written.length} file(s) written.${kept}`,
      );
    } catch (err) {
      if (!(err instanceof ScaffoldWriteError)) throw err;
      reportPartialWrite(services, err, template, target.fsPath);
    }
  };
}

function describeClash(file: ScaffoldFile): string {
  return file.linkTo === undefined ? file.relative : `${file.relative} (a link to ${file.linkTo})`;
}

/** 'keep' when nothing clashes; the person's answer otherwise; undefined when they cancel. */
async function askAboutClashes(plan: ScaffoldPlan, template: Template, targetDir: string): Promise<ClashResolution | undefined> {
  const existing = clashes(plan);
  if (existing.length === 0) {
    return 'keep';
  }
  const names = existing.map(describeClash);
  const links = existing.some((f) => f.linkTo !== undefined) ? '\n\nOverwrite replaces a link itself, never the file it points to.' : '';
  const choice = await vscode.window.showWarningMessage(
    `${names.length === 1 ? `${existing[0].relative} already exists` : `${names.length} files already exist`} in ${path.basename(targetDir)}. Overwrite ${names.length === 1 ? 'it' : 'them'}?`,
    {
      modal: true,
      detail: `These files differ from the template "${template.name}":\n${names.join('\n')}\n\nKeep Mine writes only the files that are missing.${links}`,
    },
    'Overwrite',
    'Keep Mine',
  );
  if (!choice) {
    return undefined;
  }
  return choice === 'Overwrite' ? 'overwrite' : 'keep';
}

function reportPartialWrite(services: Services, err: ScaffoldWriteError, template: Template, targetDir: string): void {
  const log = services.output;
  log.error(`Scaffolding ${template.id} into ${targetDir} did not finish.`);
  log.error(`  written: ${err.written.join(', ') || 'none'}`);
  for (const failed of err.notWritten) {
    log.error(`  not written: ${failed.relative}: ${failed.reason}`);
  }
  if (err.kept.length) log.error(`  kept as they were: ${err.kept.join(', ')}`);
  void vscode.window
    .showErrorMessage(`Added only part of ${template.name} to ${path.basename(targetDir)}. ${err.message}`, 'Show Output')
    .then((choice) => choice && log.show(true));
}

type TemplateItem = vscode.QuickPickItem & { template?: Template; manageTrust?: boolean };

async function pickTemplate(templates: Template[], restricted: boolean): Promise<Template | undefined> {
  if (templates.length === 0) {
    void vscode.window.showErrorMessage('No templates found. Check containerWorkflows.templates.path.');
    return undefined;
  }
  const families = [...new Set(templates.map((t) => t.family))];
  const items: TemplateItem[] = [];
  for (const family of families) {
    items.push({ label: family, kind: vscode.QuickPickItemKind.Separator });
    for (const template of templates.filter((t) => t.family === family)) {
      items.push({
        label: template.name,
        description: template.builtIn ? template.id : `${template.id} (yours)`,
        detail: template.description,
        template,
      });
    }
  }
  if (restricted) {
    items.push({ label: 'Restricted Mode', kind: vscode.QuickPickItemKind.Separator });
    items.push({
      label: `$(shield) ${MANAGE_TRUST}…`,
      description: 'to use your own templates',
      detail: 'This workspace is not trusted: only the bundled templates are offered, and containerWorkflows.templates.path is not used.',
      manageTrust: true,
    });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: restricted ? 'Add Docker Files to Workspace (Restricted Mode: bundled templates only)' : 'Add Docker Files to Workspace',
    placeHolder: 'Pick a template',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked?.manageTrust) {
    await manageWorkspaceTrust();
    return undefined;
  }
  return picked?.template;
}
