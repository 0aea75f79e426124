/**
 * The build options form: a quick pick whose rows are the target stage, each build
 * argument, no cache and pull (pickers/buildFormRows.ts); picking a row changes it and
 * comes back to the form, "Build" builds. Leaving the form builds nothing.
 */
import * as vscode from 'vscode';
import type { BuildChoices } from '../workflows/build/buildChoices';
import { validateArgValue } from '../workflows/build/buildChoices';
import type { DockerfileFacts } from '../workflows/build/dockerfileFacts';
import { type BuildFormRow, buildFormRows, targetItems, toggled } from './buildFormRows';

type PickItem = vscode.QuickPickItem & { row: BuildFormRow };

function showForm(
  choices: BuildChoices,
  facts: DockerfileFacts,
  title: string,
  active: BuildFormRow['kind'],
): Promise<BuildFormRow | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<PickItem>();
    pick.title = title;
    pick.placeholder = 'Pick a row to change it, then Build';
    pick.matchOnDescription = true;
    pick.ignoreFocusOut = true;
    pick.items = buildFormRows(choices, facts).map((row) => ({ label: row.label, description: row.description, row }));
    const activeItem = pick.items.find((i) => i.row.kind === active);
    if (activeItem) pick.activeItems = [activeItem];
    let settled = false;
    const finish = (row: BuildFormRow | undefined) => {
      if (settled) return;
      settled = true;
      resolve(row);
      pick.dispose();
    };
    pick.onDidAccept(() => finish(pick.selectedItems[0]?.row ?? pick.activeItems[0]?.row));
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}

async function editRow(row: BuildFormRow, choices: BuildChoices, facts: DockerfileFacts, title: string): Promise<BuildChoices> {
  switch (row.kind) {
    case 'target': {
      const picked = await vscode.window.showQuickPick(
        targetItems(facts).map((item) => ({ ...item, picked: item.target === choices.target })),
        { title: `${title}: target stage`, placeHolder: 'The stage to build; the stages it does not need are skipped' },
      );
      return picked ? { ...choices, target: picked.target } : choices;
    }
    case 'arg': {
      const value = await vscode.window.showInputBox({
        title: `${title}: ARG ${row.name}`,
        prompt: `Value of the build argument ${row.name}`,
        value: choices.buildArgs[row.name] ?? '',
        validateInput: validateArgValue,
        ignoreFocusOut: true,
      });
      return value === undefined ? choices : { ...choices, buildArgs: { ...choices.buildArgs, [row.name]: value } };
    }
    case 'noCache':
    case 'pull':
      return toggled(choices, row.kind);
    case 'build':
      return choices;
  }
}

/** Shows the form until the person builds (the choices) or leaves (undefined). */
export async function buildForm(initial: BuildChoices, facts: DockerfileFacts, title: string): Promise<BuildChoices | undefined> {
  let choices = initial;
  let active: BuildFormRow['kind'] = 'build';
  for (;;) {
    const row = await showForm(choices, facts, title, active);
    if (!row) return undefined;
    if (row.kind === 'build') return choices;
    choices = await editRow(row, choices, facts, title);
    active = row.kind;
  }
}
