/**
 * One ContainerFiles per container, shared by the Files nodes and the editor's file
 * system, so a folder listed in the tree is read from memory when opened. Forgotten when
 * the containers change (a refresh), since files may have changed with them. No vscode.
 */
import type { EngineApi } from '../engine/api/engineApi';
import type * as ContainerFilesModule from '../engine/files/containerFiles';

type ContainerFiles = ContainerFilesModule.ContainerFiles;

export class ContainerFilesRegistry {
  private readonly byContainer = new Map<string, ContainerFiles>();
  private api: EngineApi | undefined;

  constructor(private readonly currentApi: () => EngineApi) {}

  get(containerId: string): ContainerFiles {
    const api = this.currentApi();
    // Another engine (the host setting changed): nothing known is valid.
    if (api !== this.api) {
      this.byContainer.clear();
      this.api = api;
    }
    let files = this.byContainer.get(containerId);
    if (!files) {
      // Loaded when a container's files are first browsed (with tar-stream), not at activation (esbuild.js LAZY).
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require: an import would load it with the extension
      const { ContainerFiles } = require('../engine/files/containerFiles') as typeof ContainerFilesModule;
      files = new ContainerFiles(api, containerId);
      this.byContainer.set(containerId, files);
    }
    return files;
  }

  forget(containerId?: string): void {
    if (containerId === undefined) {
      for (const files of this.byContainer.values()) files.forget();
      this.byContainer.clear();
    } else {
      this.byContainer.get(containerId)?.forget();
      this.byContainer.delete(containerId);
    }
  }
}
