/**
 * What picking a row of the run form asks, one small dialog per kind of row, and the
 * changed config it gives back (a copy; the same one when the person backs out). Removing
 * and toggling rows need no dialog and are decided in runFormRows.ts.
 */
import * as vscode from 'vscode';
import { type RunConfig, nextFreePort } from '../workflows/runConfig';
import {
  formatArgumentLine,
  parseArgumentLine,
  parseContainerPort,
  parseEnvEntry,
  validateContainerName,
  validateContainerPath,
  validateContainerPort,
  validateEnvEntry,
  validateHostPort,
} from '../workflows/runValidation';
import { type Row, type RunFormContext, toggledRow, withoutRow } from './runFormRows';

function inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined> {
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
export async function editRow(config: RunConfig, row: Row, remove: boolean, context: RunFormContext): Promise<RunConfig> {
  if (remove) return withoutRow(config, row);
  const toggled = toggledRow(config, row, context);
  if (toggled) return toggled;
  const next: RunConfig = structuredClone(config);
  switch (row.kind) {
    case 'port':
      return editPort(next, row.index, context);
    case 'addPort':
      return (await addPort(next, context)) ?? config;
    case 'volume':
      return editVolume(next, row.index);
    case 'addVolume':
      return (await addVolume(next)) ?? config;
    case 'args':
      return editArgs(next, context);
    case 'env':
      return editEnv(next, row.key);
    case 'addEnv':
      return addEnv(next);
    case 'name':
      return editName(next);
    default:
      return config;
  }
}

async function editPort(next: RunConfig, index: number, context: RunFormContext): Promise<RunConfig> {
  const port = next.ports[index];
  const others = new Set(next.ports.filter((p, i) => i !== index && p.protocol === port.protocol).map((p) => p.hostPort));
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

async function addPort(next: RunConfig, context: RunFormContext): Promise<RunConfig | undefined> {
  const value = await inputBox({
    title: 'Add a port: the port in the container',
    prompt: 'e.g. 8080, or 53/udp',
    validateInput: validateContainerPort,
  });
  if (value === undefined) return undefined;
  const { port, protocol } = parseContainerPort(value);
  const taken = new Set(next.ports.filter((p) => p.protocol === protocol).map((p) => p.hostPort));
  const hostPort = await nextFreePort(port, (p) => context.isPortFree(p, protocol), taken);
  next.ports.push({ containerPort: port, protocol, hostPort });
  return next;
}

async function editVolume(next: RunConfig, index: number): Promise<RunConfig> {
  const volume = next.volumes[index];
  const choice = await vscode.window.showQuickPick(
    [
      { label: '$(folder-opened) Choose the host folder…', id: 'folder' },
      { label: volume.readOnly ? '$(unlock) Make it read-write' : '$(lock) Make it read-only', id: 'ro' },
      { label: '$(edit) Change the path in the container…', id: 'path' },
      ...(volume.hostPath ? [{ label: '$(circle-slash) Do not mount a host folder', id: 'unmount' }] : []),
    ],
    { title: `Volume ${volume.containerPath}`, ignoreFocusOut: true },
  );
  if (choice?.id === 'folder') {
    volume.hostPath = (await chooseFolder(`Host folder for ${volume.containerPath}`, volume.hostPath || undefined)) ?? volume.hostPath;
  }
  if (choice?.id === 'ro') volume.readOnly = !volume.readOnly;
  if (choice?.id === 'unmount') volume.hostPath = '';
  if (choice?.id === 'path') {
    const others = next.volumes.filter((_, i) => i !== index).map((v) => v.containerPath);
    const value = await inputBox({
      title: 'Path in the container',
      value: volume.containerPath,
      validateInput: (t) => validateContainerPath(t, others),
    });
    if (value !== undefined) volume.containerPath = value.trim();
  }
  return next;
}

async function addVolume(next: RunConfig): Promise<RunConfig | undefined> {
  const others = next.volumes.map((v) => v.containerPath);
  const containerPath = await inputBox({
    title: 'Add a volume (1/3): path in the container',
    prompt: 'An absolute path, e.g. /data',
    validateInput: (t) => validateContainerPath(t, others),
  });
  if (containerPath === undefined) return undefined;
  const hostPath = await chooseFolder(`Add a volume (2/3): host folder for ${containerPath.trim()}`);
  if (!hostPath) return undefined;
  const mode = await vscode.window.showQuickPick(['Read-write', 'Read-only'], {
    title: 'Add a volume (3/3): access',
    ignoreFocusOut: true,
  });
  if (!mode) return undefined;
  next.volumes.push({ containerPath: containerPath.trim(), hostPath, readOnly: mode === 'Read-only' });
  return next;
}

async function editArgs(next: RunConfig, context: RunFormContext): Promise<RunConfig> {
  const value = await inputBox({
    title: context.hasEntrypoint ? `Arguments for ${context.defaultCommand}` : 'Command and arguments (replace the image command)',
    prompt: 'Quote words with spaces, as in a shell: "hello earthling " 2',
    value: formatArgumentLine(next.args),
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

async function editEnv(next: RunConfig, key: string): Promise<RunConfig> {
  const value = await inputBox({ title: 'Environment variable', value: `${key}=${next.env[key]}`, validateInput: validateEnvEntry });
  if (value !== undefined) {
    delete next.env[key];
    const [k, v] = parseEnvEntry(value);
    next.env[k] = v;
  }
  return next;
}

async function addEnv(next: RunConfig): Promise<RunConfig> {
  const value = await inputBox({ title: 'Add an environment variable', prompt: 'NAME=value', validateInput: validateEnvEntry });
  if (value !== undefined) {
    const [k, v] = parseEnvEntry(value);
    next.env[k] = v;
  }
  return next;
}

async function editName(next: RunConfig): Promise<RunConfig> {
  const value = await inputBox({
    title: 'Container name',
    prompt: 'Empty: the engine picks one',
    value: next.name,
    validateInput: validateContainerName,
  });
  if (value !== undefined) next.name = value.trim();
  return next;
}
