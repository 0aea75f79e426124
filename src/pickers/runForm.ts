/**
 * The run form: a quick pick that lists everything about the run (ports, volumes,
 * arguments, environment, name, options) as rows. Picking a row edits it; row buttons
 * remove; "Run" runs once nothing is wrong. Keyboard-first, and it never loses the
 * person's edits: every sub-step returns to the form. The rows: runFormRows.ts; what
 * picking one asks: runFormEdits.ts.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { toDockerRunCommand } from '../engine/runArgs';
import { type PortProbe, type RunConfig, toRunRequest } from '../workflows/runConfig';
import { type FormItem, type Row, type RunFormContext, formItems } from './runFormRows';
import { runConfigProblems, statPath } from '../workflows/runValidation';
import { editRow } from './runFormEdits';
import { missingOnEngineMessage } from '../workflows/remoteRun';
import { copyProblems, foldersOnEngine, settledCopies, withoutCopies } from '../workflows/runCopies';

type PickItem = vscode.QuickPickItem & { row?: Row };

const removeButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('close'), tooltip: 'Remove' };

function toPickItem(item: FormItem): PickItem {
  if (item.kind === 'separator') return { label: item.label, kind: vscode.QuickPickItemKind.Separator };
  return {
    label: item.label,
    description: item.description,
    detail: item.detail,
    row: item.row,
    buttons: item.removable ? [removeButton] : undefined,
  };
}

/** Shows the form once; resolves with the picked row, or a row whose remove button was pressed. */
function showForm(
  config: RunConfig,
  context: RunFormContext,
  problems: string[],
  title: string,
  activeRow?: Row['kind'],
): Promise<{ row: Row; remove: boolean } | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<PickItem>();
    pick.title = title;
    pick.placeholder = 'Pick a row to change it, then Run';
    pick.matchOnDescription = true;
    pick.ignoreFocusOut = true;
    pick.items = formItems(config, context, problems).map(toPickItem);
    const active = pick.items.find((i) => i.row?.kind === (activeRow ?? 'run'));
    if (active) pick.activeItems = [active];
    let settled = false;
    const finish = (value: { row: Row; remove: boolean } | undefined) => {
      if (settled) return;
      settled = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidAccept(() => {
      const row = pick.selectedItems[0]?.row ?? pick.activeItems[0]?.row;
      if (row) finish({ row, remove: false });
    });
    pick.onDidTriggerItemButton((e) => e.item.row && finish({ row: e.item.row, remove: true }));
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}

/** Host ports of the config that are taken right now, TCP and UDP apart. */
async function busyPorts(config: RunConfig, isPortFree: PortProbe): Promise<{ tcp: Set<number>; udp: Set<number> }> {
  const busy = { tcp: new Set<number>(), udp: new Set<number>() };
  for (const p of config.ports) {
    if (!(await isPortFree(p.hostPort, p.protocol))) busy[p.protocol].add(p.hostPort);
  }
  return busy;
}

/**
 * Shows the form until the person runs or leaves. Missing host folders are offered to be
 * created; other problems keep the form open with the reasons on the Run row.
 */
export async function runForm(initial: RunConfig, context: RunFormContext, title: string): Promise<RunConfig | undefined> {
  // Copies only mean something on an engine that cannot see this machine (a remembered run may be from another engine).
  let config = context.engineFolders ? initial : withoutCopies(initial);
  let busy = await busyPorts(config, context.isPortFree);
  let lastRow: Row['kind'] | undefined;
  const remote = context.engineFolders;
  // On another machine's engine a local stat says nothing: the folders are checked there when Run is picked.
  const stat = remote ? () => 'folder' as const : statPath;
  const formTitle = remote ? `${title} on ${remote.where} (host folders are paths on that machine)` : title;
  for (;;) {
    const problems = [...runConfigProblems(config, stat, busy.tcp, busy.udp), ...copyProblems(config, statPath)];
    const picked = await showForm(config, context, problems, formTitle, lastRow);
    if (!picked) {
      return undefined;
    }
    lastRow = picked.row.kind;
    if (picked.row.kind === 'copy') {
      await vscode.env.clipboard.writeText(toDockerRunCommand(toRunRequest(config), { includeLabels: true }));
      void vscode.window.showInformationMessage('Copied the docker run command.');
      continue;
    }
    if (picked.row.kind === 'run' && remote) {
      const folders = foldersOnEngine(config);
      const states = folders.length ? await remote.check(folders) : new Map<string, string>();
      const missing = folders.filter((f) => states.get(f) === 'missing');
      if (missing.length > 0) {
        await vscode.window.showWarningMessage(missingOnEngineMessage(missing, remote.where), { modal: true, detail: missing.join('\n') });
        continue;
      }
      busy = await busyPorts(config, context.isPortFree);
      if (runConfigProblems(config, stat, busy.tcp, busy.udp).length === 0 && copyProblems(config, statPath).length === 0) return config;
      continue;
    }
    if (picked.row.kind === 'run') {
      const missing = config.volumes
        .filter((v) => v.kind !== 'volume' && v.hostPath && statPath(v.hostPath) === 'missing')
        .map((v) => v.hostPath);
      if (missing.length > 0) {
        const create = await vscode.window.showWarningMessage(
          `${missing.length === 1 ? `${missing[0]} does not exist` : `${missing.length} host folders do not exist`}. Create ${missing.length === 1 ? 'it' : 'them'}?`,
          { modal: true, detail: missing.join('\n') },
          'Create',
        );
        if (create !== 'Create') continue;
        for (const folder of missing) fs.mkdirSync(folder, { recursive: true });
      }
      busy = await busyPorts(config, context.isPortFree);
      const blocking = runConfigProblems(config, statPath, busy.tcp, busy.udp);
      if (blocking.length === 0) {
        return config;
      }
      continue;
    }
    config = settledCopies(await editRow(config, picked.row, picked.remove, context));
    busy = await busyPorts(config, context.isPortFree);
  }
}
