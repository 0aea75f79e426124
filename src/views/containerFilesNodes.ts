/**
 * The "Files" node under a container (and, read the same way, under a named volume in the
 * Volumes view) and the folders and files below it, listed lazily
 * through the archive endpoint (the folder's subtree is read once and kept, so folders
 * below come from memory). A link is shown as a link with its target and never expanded
 * here; a file opens read-only in an editor. A listing that fails (the container was
 * removed meanwhile) becomes one row that says so.
 */
import * as vscode from 'vscode';
import { engineMessage, isCancellation } from '../engine/errors';
import { baseName } from '../engine/files/pathStat';
import type { ContainerEntry } from '../engine/files/pathStat';
import { containerFileUri } from '../files/containerFileSystem';
import { CONTAINER_FILE_SCHEME, VOLUME_FILE_SCHEME } from '../files/containerFileUri';
import type { FilesSource } from '../files/filesSource';
import { withDelayedProgress } from '../ui/progress';
import { formatSize } from '../util/formatSize';
import { MessageNode } from './messageNode';

export class ContainerFilesNode extends vscode.TreeItem {
  readonly kind = 'files' as const;
  readonly path = '/';
  readonly scheme = CONTAINER_FILE_SCHEME;

  constructor(
    readonly containerId: string,
    readonly containerName: string,
  ) {
    super('Files', vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `files:${containerId}`;
    this.iconPath = new vscode.ThemeIcon('files');
    this.tooltip = `The files of ${containerName}, read through the engine (nothing runs in the container)`;
    this.contextValue = 'containerFiles';
  }
}

/** The "Files" node under a volume: its files as the volume holds them, read-only. */
export class VolumeFilesNode extends vscode.TreeItem {
  readonly kind = 'volumeFiles' as const;
  readonly path = '/';
  readonly scheme = VOLUME_FILE_SCHEME;

  constructor(readonly volume: string) {
    super('Files', vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `volumeFiles:${volume}`;
    this.iconPath = new vscode.ThemeIcon('files');
    this.tooltip = `The files of the volume ${volume}, read-only, through a helper container that is never started`;
    this.contextValue = 'volumeFiles';
  }

  get containerId(): string {
    return this.volume;
  }
}

export class FileEntryNode extends vscode.TreeItem {
  readonly kind = 'fileEntry' as const;

  constructor(
    /** The container's id; under a volume (VOLUME_FILE_SCHEME), the volume's name. */
    readonly containerId: string,
    readonly entry: ContainerEntry,
    readonly scheme = CONTAINER_FILE_SCHEME,
  ) {
    super(
      entry.name || baseName(entry.path),
      entry.kind === 'directory' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    this.id = `${scheme}:${containerId}:${entry.path}`;
    const uri = containerFileUri({ containerId, path: entry.path }, scheme);
    this.resourceUri = uri;
    if (entry.kind === 'symlink') {
      this.description = `→ ${entry.linkTarget ?? '?'}`;
      this.iconPath = new vscode.ThemeIcon('file-symlink-file');
    } else if (entry.kind === 'file') {
      this.description = formatSize(entry.size);
    }
    this.tooltip = `${entry.path}${entry.kind === 'symlink' ? ` → ${entry.linkTarget ?? ''}` : ''}`;
    this.contextValue = `${scheme === VOLUME_FILE_SCHEME ? 'volumeFileEntry' : 'fileEntry'}.${entry.kind}`;
    if (entry.kind === 'file' || entry.kind === 'symlink') {
      this.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { preview: true }] };
    }
  }

  get path(): string {
    return this.entry.path;
  }
}

function refreshCommand(scheme: string): vscode.Command {
  const view = scheme === VOLUME_FILE_SCHEME ? 'volumes' : 'containers';
  return { command: `containerWorkflows.${view}.refresh`, title: 'Refresh' };
}

export type FilesTreeNode = ContainerFilesNode | FileEntryNode | MessageNode;

/** The rows under a Files node or a folder (of a container, or of a volume). */
export async function filesChildren(
  registry: FilesSource,
  node: ContainerFilesNode | VolumeFilesNode | FileEntryNode,
): Promise<(FileEntryNode | MessageNode)[]> {
  const scheme = node.scheme;
  try {
    // A folder costs a tar of all below it (seconds for `/` of a big image): after a moment, a notice with Cancel.
    const entries = await withDelayedProgress(`Listing ${node.path}… (the engine sends everything below it)`, (signal) =>
      registry.get(node.containerId).list(node.path, signal),
    );
    if (entries.length === 0) return [new MessageNode('(empty folder)')];
    return entries.map((e) => new FileEntryNode(node.containerId, e, scheme));
  } catch (err) {
    if (isCancellation(err)) {
      return [new MessageNode(`Listing ${node.path} was cancelled. Click to refresh and list it again.`, refreshCommand(scheme))];
    }
    return [new MessageNode(`Could not list ${node.path}: ${engineMessage(err)}`)];
  }
}
