/**
 * "Add Docker Files to Workspace…": pick a template, pick the folder (or take the one
 * right-clicked in the Explorer), ask before overwriting anything, open the Dockerfile.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Template } from '../templates/catalog';
import { applyScaffold, clashes, type ClashResolution, planScaffold } from '../templates/scaffold';
import { loadTemplates } from '../templates/templateCatalog';
import type { Services } from '../services';
import { readTemplatePaths } from '../settings';
import { pickWorkspaceFolder } from '../pickers/pickWorkspaceFolder';

export function addDockerFiles(services: Services) {
  return async (folderUri?: vscode.Uri): Promise<void> => {
    const catalog = loadTemplates(services.context.extensionPath, readTemplatePaths());
    if (catalog.problems.length > 0) {
      for (const problem of catalog.problems) {
        services.output.warn(problem);
      }
      void vscode.window.showWarningMessage(`Some templates could not be loaded: ${catalog.problems[0]}`, 'Show Output').then((choice) => {
        if (choice) services.output.show(true);
      });
    }
    const template = await pickTemplate(catalog.templates);
    if (!template) {
      return;
    }
    const target = folderUri ?? (await pickWorkspaceFolder({ title: `Add ${template.name}: where?`, openLabel: 'Add Docker Files Here' }));
    if (!target) {
      return;
    }
    if (!vscode.workspace.getWorkspaceFolder(target)) {
      void vscode.window.showErrorMessage(`${target.fsPath} is not in the workspace. Choose a workspace folder or a folder inside one.`);
      return;
    }
    const plan = planScaffold(template, target.fsPath);
    const existing = clashes(plan);
    let resolution: ClashResolution = 'keep';
    if (existing.length > 0) {
      const names = existing.map((f) => f.relative);
      const choice = await vscode.window.showWarningMessage(
        `${names.length === 1 ? `${names[0]} already exists` : `${names.length} files already exist`} in ${path.basename(target.fsPath)}. Overwrite ${names.length === 1 ? 'it' : 'them'}?`,
        { modal: true, detail: `These files differ from the template "${template.name}":\n${names.join('\n')}\n\nKeep Mine writes only the files that are missing.` },
        'Overwrite',
        'Keep Mine',
      );
      if (!choice) {
        return;
      }
      resolution = choice === 'Overwrite' ? 'overwrite' : 'keep';
    }
    const result = applyScaffold(plan, resolution);
    services.output.info(`Scaffolded ${template.id} into ${target.fsPath}: wrote ${result.written.join(', ') || 'nothing'}${result.kept.length ? `; kept ${result.kept.join(', ')}` : ''}`);
    await vscode.window.showTextDocument(vscode.Uri.file(result.dockerfile), { preview: false });
    const kept = result.kept.length ? ` Kept your ${result.kept.join(', ')}.` : '';
    void vscode.window.showInformationMessage(`Added ${template.name} to ${path.basename(target.fsPath)}: ${result.written.length} file(s) written.${kept}`);
  };
}

async function pickTemplate(templates: Template[]): Promise<Template | undefined> {
  if (templates.length === 0) {
    void vscode.window.showErrorMessage('No templates found. Check containerWorkflows.templates.path.');
    return undefined;
  }
  const families = [...new Set(templates.map((t) => t.family))];
  const items: (vscode.QuickPickItem & { template?: Template })[] = [];
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
  const picked = await vscode.window.showQuickPick(items, { title: 'Add Docker Files to Workspace', placeHolder: 'Pick a template', matchOnDescription: true, matchOnDetail: true });
  return picked?.template;
}
