/**
 * The run form: a quick pick that lists everything about the run (ports, volumes,
 * arguments, environment, name, options) as rows. Picking a row edits it; row buttons
 * remove; "Run" runs once nothing is wrong. Keyboard-first, and it never loses the
 * person's edits: every sub-step returns to the form.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { toDockerRunCommand } from '../engine/runArgs';
import { type PortProbe, type RunConfig, nextFreePort, toRunRequest } from '../workflows/runConfig';
import { type FormItem, type Row, type RunFormContext, formItems } from './runFormRows';
import {
  formatArgumentLine,
  parseArgumentLine,
  parseContainerPort,
  parseEnvEntry,
  runConfigProblems,
  statPath,
  validateContainerName,
  validateContainerPath,
  validateContainerPort,
  validateEnvEntry,
  validateHostPort,
} from '../workflows/runValidation';

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

async function inputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
  return vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
}

async function chooseFolder(title: string, current?: string): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    title,
    openLabel: 'Mount This Folder',
    defaultUri: current ? vscode.Uri.file(current) : vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0]?.fsPath;
}

/** Edits one row; returns the changed config (a copy), or the same one when nothing changed. */
async function editRow(config: RunConfig, row: Row, remove: boolean, context: RunFormContext): Promise<RunConfig> {
  const next: RunConfig = structuredClone(config);
  switch (row.kind) {
    case 'port': {
      if (remove) {
        next.ports.splice(row.index, 1);
        return next;
      }
      const port = next.ports[row.index];
      const others = new Set(next.ports.filter((p, i) => i !== row.index && p.protocol === port.protocol).map((p) => p.hostPort));
      const value = await inputBox({
        title: `Host port for container port ${port.containerPort}/${port.protocol}`,
        value: String(port.hostPort),
        validateInput: async (text) =>
          validateHostPort(text, {
            usedByOtherRow: others.has(Number(text)),
            inUse: Number(text) !== port.hostPort && !(await context.isPortFree(Number(text), port.protocol)),
          }),
      });
      if (value !== undefined) port.hostPort = Number(value);
      return next;
    }
    case 'addPort': {
      const value = await inputBox({
        title: 'Add a port: the port in the container',
        prompt: 'e.g. 8080, or 53/udp',
        validateInput: validateContainerPort,
      });
      if (value === undefined) return config;
      const { port, protocol } = parseContainerPort(value);
      const hostPort = await nextFreePort(
        port,
        (p) => context.isPortFree(p, protocol),
        new Set(next.ports.filter((p) => p.protocol === protocol).map((p) => p.hostPort)),
      );
      next.ports.push({ containerPort: port, protocol, hostPort });
      return next;
    }
    case 'volume': {
      if (remove) {
        next.volumes.splice(row.index, 1);
        return next;
      }
      const volume = next.volumes[row.index];
      const choice = await vscode.window.showQuickPick(
        [
          { label: '$(folder-opened) Choose the host folder…', id: 'folder' },
          { label: volume.readOnly ? '$(unlock) Make it read-write' : '$(lock) Make it read-only', id: 'ro' },
          { label: '$(edit) Change the path in the container…', id: 'path' },
          ...(volume.hostPath ? [{ label: '$(circle-slash) Do not mount a host folder', id: 'unmount' }] : []),
        ],
        { title: `Volume ${volume.containerPath}`, ignoreFocusOut: true },
      );
      if (choice?.id === 'folder')
        volume.hostPath = (await chooseFolder(`Host folder for ${volume.containerPath}`, volume.hostPath || undefined)) ?? volume.hostPath;
      if (choice?.id === 'ro') volume.readOnly = !volume.readOnly;
      if (choice?.id === 'unmount') volume.hostPath = '';
      if (choice?.id === 'path') {
        const others = next.volumes.filter((_, i) => i !== row.index).map((v) => v.containerPath);
        const value = await inputBox({
          title: 'Path in the container',
          value: volume.containerPath,
          validateInput: (t) => validateContainerPath(t, others),
        });
        if (value !== undefined) volume.containerPath = value.trim();
      }
      return next;
    }
    case 'addVolume': {
      const others = next.volumes.map((v) => v.containerPath);
      const containerPath = await inputBox({
        title: 'Add a volume (1/3): path in the container',
        prompt: 'An absolute path, e.g. /data',
        validateInput: (t) => validateContainerPath(t, others),
      });
      if (containerPath === undefined) return config;
      const hostPath = await chooseFolder(`Add a volume (2/3): host folder for ${containerPath.trim()}`);
      if (!hostPath) return config;
      const mode = await vscode.window.showQuickPick(['Read-write', 'Read-only'], {
        title: 'Add a volume (3/3): access',
        ignoreFocusOut: true,
      });
      if (!mode) return config;
      next.volumes.push({ containerPath: containerPath.trim(), hostPath, readOnly: mode === 'Read-only' });
      return next;
    }
    case 'args': {
      const value = await inputBox({
        title: context.hasEntrypoint ? `Arguments for ${context.defaultCommand}` : 'Command and arguments (replace the image command)',
        prompt: 'Quote words with spaces, as in a shell: "hello earthling " 2',
        value: formatArgumentLine(config.args),
        validateInput: (text) => {
          const parsed = parseArgumentLine(text);
          return 'error' in parsed ? parsed.error : undefined;
        },
      });
      if (value !== undefined) {
        const parsed = parseArgumentLine(value);
        if ('args' in parsed) next.args = parsed.args;
      }
      return next;
    }
    case 'env': {
      if (remove) {
        delete next.env[row.key];
        return next;
      }
      const value = await inputBox({
        title: 'Environment variable',
        value: `${row.key}=${config.env[row.key]}`,
        validateInput: validateEnvEntry,
      });
      if (value !== undefined) {
        delete next.env[row.key];
        const [k, v] = parseEnvEntry(value);
        next.env[k] = v;
      }
      return next;
    }
    case 'addEnv': {
      const value = await inputBox({ title: 'Add an environment variable', prompt: 'NAME=value', validateInput: validateEnvEntry });
      if (value !== undefined) {
        const [k, v] = parseEnvEntry(value);
        next.env[k] = v;
      }
      return next;
    }
    case 'name': {
      const value = await inputBox({
        title: 'Container name',
        prompt: 'Empty: the engine picks one',
        value: config.name,
        validateInput: validateContainerName,
      });
      if (value !== undefined) next.name = value.trim();
      return next;
    }
    case 'autoRemove':
      next.autoRemove = !next.autoRemove;
      return next;
    case 'user':
      next.user = next.user ? '' : (context.personUser ?? '');
      return next;
    default:
      return config;
  }
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
  let config = initial;
  let busy = await busyPorts(config, context.isPortFree);
  let lastRow: Row['kind'] | undefined;
  for (;;) {
    const problems = runConfigProblems(config, statPath, busy.tcp, busy.udp);
    const picked = await showForm(config, context, problems, title, lastRow);
    if (!picked) {
      return undefined;
    }
    lastRow = picked.row.kind;
    if (picked.row.kind === 'copy') {
      await vscode.env.clipboard.writeText(toDockerRunCommand(toRunRequest(config), { includeLabels: true }));
      void vscode.window.showInformationMessage('Copied the docker run command.');
      continue;
    }
    if (picked.row.kind === 'run') {
      const missing = config.volumes.filter((v) => v.hostPath && statPath(v.hostPath) === 'missing').map((v) => v.hostPath);
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
    config = await editRow(config, picked.row, picked.remove, context);
    busy = await busyPorts(config, context.isPortFree);
  }
}
