/**
 * What the Files nodes and the editor's read-only file system need of a place with files:
 * a container (ContainerFilesRegistry) or a named volume (VolumeFilesRegistry), found by
 * the key in the node or address (a container's id, a volume's name). No vscode.
 */
import type { FileContent, ReadOptions } from '../engine/files/containerFiles';
import type { ContainerEntry, PathStat } from '../engine/files/pathStat';

export interface BrowsableFiles {
  list(dir: string, signal?: AbortSignal): Promise<ContainerEntry[]>;
  stat(path: string, signal?: AbortSignal): Promise<PathStat | undefined>;
  readFile(path: string, options?: ReadOptions, signal?: AbortSignal): Promise<FileContent>;
}

export interface FilesSource {
  get(key: string): BrowsableFiles;
}
