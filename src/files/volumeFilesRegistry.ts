/**
 * The files of named volumes for the Volumes view's Files nodes and the editor, read-only.
 * Each look (a folder, a file) opens its own VolumeBrowser and closes it when done, so the
 * helper container exists only while the engine is asked: none is left mounting the
 * volume (which would make removing it fail "in use", or show it as used), and looks that
 * overlap never share or leak one. What was listed is kept here, so the tree's redraws and
 * the editor's stat-then-read ask the engine once per folder; a Refresh of the view forgets it. No vscode.
 */
import type { EngineApi } from '../engine/api/engineApi';
import { isCancellation } from '../engine/errors';
import type { FileContent, ReadOptions } from '../engine/files/containerFiles';
import type { DownloadPlan } from '../engine/files/downloadPlan';
import type { DownloadOptions, DownloadResult } from '../engine/files/downloadToHost';
import { type ContainerEntry, type PathStat, normalizeContainerPath } from '../engine/files/pathStat';
import type * as VolumeBrowserModule from '../engine/volumes/volumeBrowser';
import type { VolumeBrowser, VolumeBrowserOptions } from '../engine/volumes/volumeBrowser';
import type { BrowsableFiles, FilesSource } from './filesSource';

export class VolumeFiles implements BrowsableFiles {
  private readonly listed = new Map<string, Promise<ContainerEntry[]>>();

  constructor(
    private readonly api: EngineApi,
    readonly volume: string,
    private readonly browserOptions: VolumeBrowserOptions = {},
  ) {}

  list(dir: string, signal?: AbortSignal): Promise<ContainerEntry[]> {
    const key = normalizeContainerPath(dir);
    let listing = this.listed.get(key);
    if (!listing) {
      listing = this.withBrowser((browser) => browser.list(key, signal), signal);
      this.listed.set(key, listing);
      // A cancelled look is not kept: the next one asks again. A failure is kept until a Refresh: the tree
      // redraws on each container event, and the helper's own would otherwise ask again and again.
      listing.catch((err: unknown) => {
        if (isCancellation(err) && this.listed.get(key) === listing) this.listed.delete(key);
      });
    }
    return listing;
  }

  stat(path: string, signal?: AbortSignal): Promise<PathStat | undefined> {
    return this.withBrowser((browser) => browser.stat(path, signal), signal);
  }

  readFile(path: string, options: ReadOptions = {}, signal?: AbortSignal): Promise<FileContent> {
    return this.withBrowser((browser) => browser.readFile(path, options, signal), signal);
  }

  /** What a download into `hostDir` would do (a look of its own: the helper goes before anyone is asked). */
  planDownload(path: string, hostDir: string, signal?: AbortSignal): Promise<DownloadPlan> {
    return this.withBrowser((browser) => browser.planDownload(path, hostDir, signal), signal);
  }

  downloadToHost(path: string, hostDir: string, options: DownloadOptions, signal?: AbortSignal): Promise<DownloadResult> {
    return this.withBrowser((browser) => browser.downloadToHost(path, hostDir, options, signal), signal);
  }

  forget(): void {
    this.listed.clear();
  }

  private async withBrowser<T>(work: (browser: VolumeBrowser) => Promise<T>, signal?: AbortSignal): Promise<T> {
    // Loaded when a volume is first browsed (with tar-stream), not at activation.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require: an import would load it with the extension
    const { VolumeBrowser: Browser } = require('../engine/volumes/volumeBrowser') as typeof VolumeBrowserModule;
    const browser = await Browser.open(this.api, this.volume, this.browserOptions, signal);
    try {
      return await work(browser);
    } finally {
      await browser.close();
    }
  }
}

export class VolumeFilesRegistry implements FilesSource {
  private readonly byVolume = new Map<string, VolumeFiles>();
  private api: EngineApi | undefined;

  constructor(
    private readonly currentApi: () => EngineApi,
    /** The helpers' image and extra labels (tests label theirs); by default the smallest image. */
    private readonly browserOptions: VolumeBrowserOptions = {},
  ) {}

  get(volume: string): VolumeFiles {
    const api = this.currentApi();
    if (api !== this.api) {
      this.byVolume.clear();
      this.api = api;
    }
    let files = this.byVolume.get(volume);
    if (!files) {
      files = new VolumeFiles(api, volume, this.browserOptions);
      this.byVolume.set(volume, files);
    }
    return files;
  }

  /** What was listed of one volume, or of all. */
  forget(volume?: string): void {
    if (volume === undefined) this.byVolume.clear();
    else this.byVolume.delete(volume);
  }
}
