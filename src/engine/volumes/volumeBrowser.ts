/**
 * A named volume's files, read-only, through a helper container that mounts it and is
 * never started (helperContainer.ts): any image serves, nothing runs, nothing is written.
 * Paths here are the volume's own (`/` is the volume's top). The helper is made on first
 * use and removed by `close`; one that went meanwhile (a sweep, a `docker rm`) is made
 * again once.
 */
import type { EngineApi } from '../api/engineApi';
import { EngineRequestError } from '../errors';
import { type ContainerEntry, type PathStat, isWithin, joinContainerPath, normalizeContainerPath } from '../files/pathStat';
import { ContainerFiles, type FileContent, type ReadOptions } from '../files/containerFiles';
import { type DownloadOptions, type DownloadResult, downloadToHost } from '../files/downloadToHost';
import { type DownloadPlan, planDownload } from '../files/downloadPlan';
import { ContainerFilesError } from '../files/filesErrors';
import { createHelperContainer, removeHelperContainer, smallestImage } from '../helperContainer';
import { inspectVolume } from './volumes';

/** Where the helper mounts the volume: a path no image has, so the engine copies nothing into it. */
export const VOLUME_MOUNT = '/.container-workflows-volume';

export interface VolumeBrowserOptions {
  /** The helper's image; by default the smallest image on the engine. */
  image?: string;
  labels?: Record<string, string>;
}

export class VolumeBrowser {
  private helper: { id: string; files: ContainerFiles } | undefined;

  private constructor(
    private readonly api: EngineApi,
    readonly volume: string,
    private readonly image: string,
    private readonly labels: Record<string, string>,
  ) {}

  /** Refuses a volume that does not exist (mounting one would make it). */
  static async open(api: EngineApi, volume: string, options: VolumeBrowserOptions = {}, signal?: AbortSignal): Promise<VolumeBrowser> {
    if (!(await inspectVolume(api, volume, signal))) {
      throw new EngineRequestError(`There is no volume named "${volume}" (any more): refresh the Volumes view.`, 404);
    }
    const image = options.image ?? (await smallestImage(api, signal));
    return new VolumeBrowser(api, volume, image, options.labels ?? {});
  }

  /** The helper container's id while there is one (for tests and diagnostics). */
  get helperId(): string | undefined {
    return this.helper?.id;
  }

  async list(dir = '/', signal?: AbortSignal): Promise<ContainerEntry[]> {
    const entries = await this.withFiles((files) => files.list(inContainer(dir), signal), signal);
    return entries.map(toVolumeEntry);
  }

  async stat(path: string, signal?: AbortSignal): Promise<PathStat | undefined> {
    const stat = await this.withFiles((files) => files.stat(inContainer(path), signal), signal);
    return stat && toVolumeEntry(stat);
  }

  /** A link is read only when it leads to a file inside the volume (its target elsewhere belongs to the containers that mount it). */
  async readFile(path: string, options: ReadOptions = {}, signal?: AbortSignal): Promise<FileContent> {
    const wanted = normalizeContainerPath(path);
    const raw = await this.withFiles((files) => files.stat(inContainer(wanted), signal), signal);
    if (raw?.kind === 'symlink' && options.followLinks && !(raw.linkTarget && isWithin(VOLUME_MOUNT, raw.linkTarget))) {
      throw new ContainerFilesError(
        'notAFile',
        `${wanted} is a link to ${raw.linkTarget ?? 'nothing'}, outside the volume: only the containers that mount it can follow it.`,
        wanted,
      );
    }
    const content = await this.withFiles((files) => files.readFile(inContainer(wanted), options, signal), signal);
    return { ...content, path: wanted, readFrom: fromContainer(content.readFrom) };
  }

  /** The volume's top lands in a folder named after the volume. */
  planDownload(path: string, hostDir: string, signal?: AbortSignal): Promise<DownloadPlan> {
    return this.withFiles(
      async (files) => ({
        ...(await planDownload(files, inContainer(path), hostDir, signal, this.hostName(path))),
        source: normalizeContainerPath(path),
      }),
      signal,
    );
  }

  downloadToHost(path: string, hostDir: string, options: DownloadOptions, signal?: AbortSignal): Promise<DownloadResult> {
    return this.withFiles(
      (files) =>
        downloadToHost(this.api, files.containerId, inContainer(path), hostDir, { ...options, hostName: this.hostName(path) }, signal),
      signal,
    );
  }

  private hostName(path: string): string | undefined {
    return normalizeContainerPath(path) === '/' ? this.volume : undefined;
  }

  /** Forget what was read (a refresh). */
  forget(path?: string): void {
    this.helper?.files.forget(path === undefined ? undefined : inContainer(path));
  }

  /** Removes the helper container; the volume and its data stay. */
  async close(): Promise<void> {
    const helper = this.helper;
    this.helper = undefined;
    if (helper) await removeHelperContainer(this.api, helper.id);
  }

  private async withFiles<T>(work: (files: ContainerFiles) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const first = await this.ensureHelper(signal);
    try {
      return await work(first.files);
    } catch (err) {
      if (!(err instanceof ContainerFilesError && err.problem === 'containerGone')) throw err;
      // The helper was removed under us: once more with a new one.
      this.helper = undefined;
      return work((await this.ensureHelper(signal)).files);
    }
  }

  private async ensureHelper(signal?: AbortSignal): Promise<{ id: string; files: ContainerFiles }> {
    if (!this.helper) {
      const id = await createHelperContainer(
        this.api,
        { image: this.image, purpose: 'volume-browser', labels: this.labels, volumes: [{ volume: this.volume, target: VOLUME_MOUNT }] },
        signal,
      );
      this.helper = { id, files: new ContainerFiles(this.api, id) };
    }
    return this.helper;
  }
}

function inContainer(volumePath: string): string {
  return joinContainerPath(VOLUME_MOUNT, normalizeContainerPath(volumePath));
}

function fromContainer(containerPath: string): string {
  return isWithin(VOLUME_MOUNT, containerPath) ? normalizeContainerPath(containerPath.slice(VOLUME_MOUNT.length)) : containerPath;
}

function toVolumeEntry<T extends ContainerEntry>(entry: T): T {
  // Targets inside the volume read as volume paths; a link's stored text (relative, or elsewhere) stays as it is.
  const linkTarget = entry.linkTarget !== undefined ? { linkTarget: fromContainer(entry.linkTarget) } : {};
  return { ...entry, path: fromContainer(entry.path), ...linkTarget };
}
