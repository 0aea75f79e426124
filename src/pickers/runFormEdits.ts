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
import { isBuiltInNetwork } from '../engine/networks/networkMapping';
import { nameProblem } from '../engine/objectNames';
import { runAdditionProblems } from '../engine/runAdditions';
import { type Row, type RunFormContext, aliasesToOffer, toggledRow, withoutRow } from './runFormRows';

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
      return editVolume(next, row.index, context);
    case 'addVolume':
      return (await addVolume(next, context)) ?? config;
    case 'args':
      return editArgs(next, context);
    case 'env':
      return editEnv(next, row.key);
    case 'addEnv':
      return addEnv(next);
    case 'name':
      return editName(next);
    case 'network':
      return editNetwork(next, context);
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

/**
 * A named volume: one of the engine's, or a new name (the engine makes the volume on the
 * first run that mounts it, as `docker run -v name:/path` does).
 */
async function chooseNamedVolume(context: RunFormContext, title: string, current?: string): Promise<string | undefined> {
  const names = context.volumeNames ? await context.volumeNames().catch(() => [] as string[]) : [];
  const create = { label: '$(add) New volume…', id: '' };
  const picked = await vscode.window.showQuickPick([create, ...names.map((n) => ({ label: n, id: n, picked: n === current }))], {
    title,
    placeHolder: names.length ? 'Pick a named volume, or make a new one' : 'The engine has no named volumes yet: make one',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.id) return picked.id;
  const typed = await inputBox({ title: `${title}: the new volume's name`, validateInput: (t) => nameProblem('volume', t.trim()) });
  return typed?.trim() || undefined;
}

/** The network and, on a network of your own, the names other containers reach this one by. */
async function editNetwork(next: RunConfig, context: RunFormContext): Promise<RunConfig> {
  const names = context.networkNames ? await context.networkNames().catch(() => [] as string[]) : [];
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'The default bridge', id: '' },
      ...names.filter((n) => n !== 'bridge').map((n) => ({ label: n, id: n, picked: n === next.network })),
    ],
    { title: 'Network', placeHolder: 'Containers on a network of your own reach each other by name', ignoreFocusOut: true },
  );
  if (!picked) return next;
  const offered = picked.id ? aliasesToOffer(next, picked.id, context.lastRun) : [];
  next.network = picked.id || undefined;
  next.networkAliases = undefined;
  if (!picked.id || isBuiltInNetwork(picked.id)) return next;
  const typed = await inputBox({
    title: `Other names on ${picked.id} (optional)`,
    prompt: 'Names, separated by spaces, that other containers on this network reach it by, e.g. web',
    value: offered.join(' '),
    validateInput: (t) => runAdditionProblems({ network: picked.id, networkAliases: t.split(/\s+/).filter(Boolean) })[0],
  });
  const aliases = (typed ?? '').split(/\s+/).filter(Boolean);
  if (aliases.length) next.networkAliases = aliases;
  return next;
}

async function editVolume(next: RunConfig, index: number, context: RunFormContext): Promise<RunConfig> {
  const volume = next.volumes[index];
  const choice = await vscode.window.showQuickPick(
    [
      { label: '$(folder-opened) Choose the host folder…', id: 'folder' },
      { label: '$(database) Choose a named volume…', id: 'named' },
      { label: volume.readOnly ? '$(unlock) Make it read-write' : '$(lock) Make it read-only', id: 'ro' },
      { label: '$(edit) Change the path in the container…', id: 'path' },
      ...(volume.hostPath ? [{ label: '$(circle-slash) Do not mount a host folder', id: 'unmount' }] : []),
    ],
    { title: `Volume ${volume.containerPath}`, ignoreFocusOut: true },
  );
  if (choice?.id === 'folder') {
    const folder = await chooseFolder(
      `Host folder for ${volume.containerPath}`,
      volume.kind === 'volume' ? undefined : volume.hostPath || undefined,
    );
    if (folder) Object.assign(volume, { hostPath: folder, kind: undefined });
  }
  if (choice?.id === 'named') {
    const name = await chooseNamedVolume(
      context,
      `Volume for ${volume.containerPath}`,
      volume.kind === 'volume' ? volume.hostPath : undefined,
    );
    if (name) Object.assign(volume, { hostPath: name, kind: 'volume' });
  }
  if (choice?.id === 'ro') volume.readOnly = !volume.readOnly;
  if (choice?.id === 'unmount') Object.assign(volume, { hostPath: '', kind: undefined });
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

async function addVolume(next: RunConfig, context: RunFormContext): Promise<RunConfig | undefined> {
  const others = next.volumes.map((v) => v.containerPath);
  const containerPath = await inputBox({
    title: 'Add a volume (1/3): path in the container',
    prompt: 'An absolute path, e.g. /data',
    validateInput: (t) => validateContainerPath(t, others),
  });
  if (containerPath === undefined) return undefined;
  const source = await vscode.window.showQuickPick(
    [
      { label: '$(folder-opened) A host folder…', id: 'bind' as const },
      { label: '$(database) A named volume…', id: 'volume' as const, detail: 'Kept by the engine; containers can share it' },
    ],
    { title: `Add a volume (2/3): what to mount at ${containerPath.trim()}`, ignoreFocusOut: true },
  );
  if (!source) return undefined;
  const hostPath =
    source.id === 'volume'
      ? await chooseNamedVolume(context, `Add a volume (2/3): volume for ${containerPath.trim()}`)
      : await chooseFolder(`Add a volume (2/3): host folder for ${containerPath.trim()}`);
  if (!hostPath) return undefined;
  const mode = await vscode.window.showQuickPick(['Read-write', 'Read-only'], {
    title: 'Add a volume (3/3): access',
    ignoreFocusOut: true,
  });
  if (!mode) return undefined;
  next.volumes.push({
    containerPath: containerPath.trim(),
    hostPath,
    readOnly: mode === 'Read-only',
    ...(source.id === 'volume' ? { kind: 'volume' as const } : {}),
  });
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
