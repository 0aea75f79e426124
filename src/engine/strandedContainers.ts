/**
 * Step containers of builds the engine stopped in the middle of. The engine removes a
 * build's step containers itself (forcerm) unless it goes away mid-build: then one is
 * left, exited, once the engine is back, and nothing else knows it. The engine client
 * keeps their ids and removes them when the engine answers again.
 */
import { hasStatus } from './errors';

export class StrandedContainers {
  private readonly ids = new Set<string>();

  constructor(private readonly removeContainer: (id: string) => Promise<void>) {}

  add(ids: Iterable<string>): void {
    for (const id of ids) this.ids.add(id);
  }

  get size(): number {
    return this.ids.size;
  }

  /** In the background; one that cannot be removed yet is tried again next time. 404: gone already. */
  removeAll(): void {
    for (const id of this.ids) {
      this.ids.delete(id);
      this.removeContainer(id).catch((err: unknown) => {
        if (!hasStatus(err, 404)) this.ids.add(id);
      });
    }
  }
}
