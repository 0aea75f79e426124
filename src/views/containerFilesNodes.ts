/**
 * The "Files" node under a container and the folders and files below it, listed lazily
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
import type { ContainerFilesRegistry } from '../files/containerFilesRegistry';
import { withDelayedProgress } from '../ui/progress';
import { formatSize } from '../util/formatSize';
import { MessageNode } from './messageNode';

export class ContainerFilesNode extends vscode.TreeItem {
  readonly kind = 'files' as const;
  readonly path = '/';

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

export class FileEntryNode extends vscode.TreeItem {
  readonly kind = 'fileEntry' as const;

  constructor(
    readonly containerId: string,
    readonly entry: ContainerEntry,
  ) {
    super(
      entry.name || baseName(entry.path),
      entry.kind === 'directory' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    this.id = `file:${containerId}:${entry.path}`;
    const uri = containerFileUri({ containerId, path: entry.path });
    this.resourceUri = uri;
    if (entry.kind === 'symlink') {
      this.description = `→ ${entry.linkTarget ?? '?'}`;
      this.iconPath = new vscode.ThemeIcon('file-symlink-file');
    } else if (entry.kind === 'file') {
      this.description = formatSize(entry.size);
    }
    this.tooltip = `${entry.path}${entry.kind === 'symlink' ? ` → ${entry.linkTarget ?? ''}` : ''}`;
    this.contextValue = `fileEntry.${entry.kind}`;
    if (entry.kind === 'file' || entry.kind === 'symlink') {
      this.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { preview: true }] };
    }
  }

  get path(): string {
    return this.entry.path;
  }
}

const refreshCommand: vscode.Command = { command: 'containerWorkflows.containers.refresh', title: 'Refresh' };

export type FilesTreeNode = ContainerFilesNode | FileEntryNode | MessageNode;

/** The rows under a Files node or a folder. */
export async function filesChildren(
  registry: ContainerFilesRegistry,
  node: ContainerFilesNode | FileEntryNode,
): Promise<(FileEntryNode | MessageNode)[]> {
  try {
    // A folder costs a tar of all below it (seconds for `/` of a big image): after a moment, a notice with Cancel.
    const entries = await withDelayedProgress(`Listing ${node.path}… (the engine sends everything below it)`, (signal) =>
      registry.get(node.containerId).list(node.path, signal),
    );
    if (entries.length === 0) return [new MessageNode('(empty folder)')];
    return entries.map((e) => new FileEntryNode(node.containerId, e));
  } catch (err) {
    if (isCancellation(err)) {
      return [new MessageNode(`Listing ${node.path} was cancelled. Click to refresh and list it again.`, refreshCommand)];
    }
    return [new MessageNode(`Could not list ${node.path}: ${engineMessage(err)}`)];
  }
}
