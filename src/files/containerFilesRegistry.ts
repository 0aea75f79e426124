/**
 * One ContainerFiles per container, shared by the Files nodes and the editor's file
 * system, so a folder listed in the tree is read from memory when opened. What was read of
 * a container is forgotten when it started, stopped or went (its files may have changed
 * with it), and all of it on a Refresh of the view; not on every reload of the list, which
 * comes with any container's event on the engine and once a minute: a reading of a big
 * folder would start again each time and, under load, never end. No vscode.
 */
import type { EngineApi } from '../engine/api/engineApi';
import type { ContainerSummary } from '../engine/engine';
import type * as ContainerFilesModule from '../engine/files/containerFiles';

type ContainerFiles = ContainerFilesModule.ContainerFiles;

/** The containers whose files may differ from what was read: gone, or in another state than at the last list. */
export function containersChangedSince(
  lastStates: ReadonlyMap<string, string>,
  now: readonly Pick<ContainerSummary, 'id' | 'state'>[],
): string[] {
  const current = new Map(now.map((c) => [c.id, c.state]));
  return [...lastStates].filter(([id, state]) => current.get(id) !== state).map(([id]) => id);
}

export class ContainerFilesRegistry {
  private readonly byContainer = new Map<string, ContainerFiles>();
  private api: EngineApi | undefined;
  private lastStates = new Map<string, string>();

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

  /** A new list of the containers: forget the files of those that changed state or went. */
  containersListed(containers: readonly Pick<ContainerSummary, 'id' | 'state'>[]): void {
    for (const id of containersChangedSince(this.lastStates, containers)) this.forget(id);
    this.lastStates = new Map(containers.map((c) => [c.id, c.state]));
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
