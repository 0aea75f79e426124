/**
 * A container's files as a read-only file system for the editor (scheme
 * `containerworkflows-file`; a named volume's the same way under `containerworkflows-volume`): stat and folders through the archive endpoint (nothing runs
 * in the container, so a stopped one and one without a shell work too), a file's bytes up
 * to the editor's size limit (over it: the error says to download it). A link is read
 * through (resolved by the engine inside the container, never on this machine).
 */
import * as vscode from 'vscode';
import { ContainerFilesError } from '../engine/files/filesErrors';
import type { ContainerEntry } from '../engine/files/pathStat';
import { engineMessage } from '../engine/errors';
import { CONTAINER_FILE_SCHEME, type ContainerFileAddress, containerFileParts, parseContainerFile } from './containerFileUri';
import type { FilesSource } from './filesSource';

export function containerFileUri(address: ContainerFileAddress, scheme = CONTAINER_FILE_SCHEME): vscode.Uri {
  return vscode.Uri.from(containerFileParts(address, scheme));
}

function typeOf(entry: Pick<ContainerEntry, 'kind'>): vscode.FileType {
  switch (entry.kind) {
    case 'directory':
      return vscode.FileType.Directory;
    case 'file':
      return vscode.FileType.File;
    case 'symlink':
      return vscode.FileType.SymbolicLink | vscode.FileType.File;
    default:
      return vscode.FileType.Unknown;
  }
}

export class ContainerFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor(
    private readonly registry: FilesSource,
    private readonly scheme = CONTAINER_FILE_SCHEME,
  ) {
    this.registration = vscode.workspace.registerFileSystemProvider(scheme, this, {
      isReadonly: true,
      isCaseSensitive: true,
    });
  }

  private address(uri: vscode.Uri): ContainerFileAddress {
    const address = parseContainerFile(uri, this.scheme);
    if (!address) throw vscode.FileSystemError.FileNotFound(uri);
    return address;
  }

  /** The project's errors as the editor's: "not found" is FileNotFound, the rest says why. */
  private async translated<T>(uri: vscode.Uri, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof ContainerFilesError && err.problem === 'notFound') throw vscode.FileSystemError.FileNotFound(uri);
      if (err instanceof ContainerFilesError && err.problem === 'notAFolder') throw vscode.FileSystemError.FileNotADirectory(uri);
      if (err instanceof ContainerFilesError && err.problem === 'notAFile') throw vscode.FileSystemError.FileIsADirectory(uri);
      throw vscode.FileSystemError.Unavailable(engineMessage(err));
    }
  }

  stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { containerId, path } = this.address(uri);
    return this.translated(uri, async () => {
      const stat = await this.registry.get(containerId).stat(path);
      if (!stat) throw vscode.FileSystemError.FileNotFound(uri);
      return {
        type: typeOf(stat),
        size: stat.size,
        ctime: stat.modified?.getTime() ?? 0,
        mtime: stat.modified?.getTime() ?? 0,
        permissions: vscode.FilePermission.Readonly,
      };
    });
  }

  readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const { containerId, path } = this.address(uri);
    return this.translated(uri, async () => (await this.registry.get(containerId).list(path)).map((e) => [e.name, typeOf(e)]));
  }

  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { containerId, path } = this.address(uri);
    return this.translated(uri, async () => (await this.registry.get(containerId).readFile(path, { followLinks: true })).bytes);
  }

  watch(): vscode.Disposable {
    // Nothing tells when a container's files change; a refresh forgets what was read.
    return new vscode.Disposable(() => undefined);
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
