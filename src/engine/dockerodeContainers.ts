/**
 * Containers on dockerode: list, inspect, create and run, the lifecycle verbs and wait.
 * dockerode's JSON becomes the project's types (dockerodeMapping.ts); failures the
 * project's errors (dockerodeCalls.ts).
 */
import type { ContainerDetails, ContainerEngine, ContainerSummary, RemoveOptions, RunRequest } from './engine';
import { type DockerodeCalls, ignoreStatus, unlessNotFound } from './dockerodeCalls';
import { toContainerDetails, toContainerSummary, volumesToLookUp } from './dockerodeMapping';
import { toCreateOptions } from './runArgs';

type ContainerCalls = Pick<
  ContainerEngine,
  'listContainers' | 'inspectContainer' | 'create' | 'run' | 'wait' | 'start' | 'stop' | 'restart' | 'kill' | 'remove'
>;

export class DockerodeContainers implements ContainerCalls {
  constructor(private readonly calls: DockerodeCalls) {}

  private container(id: string) {
    return this.calls.docker.getContainer(id);
  }

  listContainers(query: { all?: boolean; label?: string } = {}, signal?: AbortSignal): Promise<ContainerSummary[]> {
    return this.calls.quick(signal, async (limited) => {
      const filters = query.label ? { label: [query.label] } : undefined;
      const raw = await this.calls.docker.listContainers({ all: query.all ?? true, filters, abortSignal: limited });
      return raw.map(toContainerSummary);
    });
  }

  /** The engine's inspect document, as is. */
  inspectJson(id: string, signal?: AbortSignal) {
    return this.calls.quick(signal, (limited) => this.container(id).inspect({ abortSignal: limited }));
  }

  async inspectContainer(id: string, signal?: AbortSignal): Promise<ContainerDetails | undefined> {
    const info = await unlessNotFound(this.inspectJson(id, signal));
    if (!info) return undefined;
    // Inspect gives no volume labels; look up only the volumes whose name leaves it open.
    const labels = new Map<string, Record<string, string>>();
    await Promise.all(
      volumesToLookUp(info.Mounts).map(async (name) => {
        const volume = await this.calls
          .quick(signal, (limited) => this.calls.docker.getVolume(name).inspect({ abortSignal: limited }))
          .catch(() => undefined);
        if (volume) labels.set(name, volume.Labels ?? {});
      }),
    );
    return toContainerDetails(info, (name) => labels.get(name));
  }

  async create(request: RunRequest, signal?: AbortSignal): Promise<string> {
    const container = await this.calls.call(signal, () =>
      this.calls.docker.createContainer({ ...toCreateOptions(request), abortSignal: signal }),
    );
    return container.id;
  }

  async run(request: RunRequest, signal?: AbortSignal): Promise<string> {
    const id = await this.create(request, signal);
    try {
      await this.start(id, signal);
    } catch (err) {
      // A container that never started is of no use to anyone: do not leave it behind.
      // Its anonymous volumes hold only what the image put there: they go too.
      await this.container(id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
      throw err;
    }
    return id;
  }

  wait(id: string, signal?: AbortSignal): Promise<number> {
    return this.calls.call(signal, async () => {
      const result = (await this.container(id).wait({ abortSignal: signal })) as { StatusCode: number };
      return result.StatusCode;
    });
  }

  start(id: string, signal?: AbortSignal): Promise<void> {
    return this.calls.call(signal, async () => {
      await this.container(id).start({ abortSignal: signal });
    });
  }

  stop(id: string, signal?: AbortSignal): Promise<void> {
    return this.calls.call(signal, async () => {
      // 304: stopped already.
      await this.container(id).stop({ abortSignal: signal }).catch(ignoreStatus(304));
    });
  }

  restart(id: string, signal?: AbortSignal): Promise<void> {
    return this.calls.call(signal, async () => {
      await this.container(id).restart({ abortSignal: signal });
    });
  }

  kill(id: string, signal?: AbortSignal): Promise<void> {
    return this.calls.call(signal, async () => {
      // 409: not running (any more).
      await this.container(id).kill({ abortSignal: signal }).catch(ignoreStatus(409));
    });
  }

  remove(id: string, options: RemoveOptions = {}, signal?: AbortSignal): Promise<void> {
    return this.calls.call(signal, async () => {
      // 404: already gone (auto-remove won the race); nothing left to do.
      // v: its anonymous volumes (a declared VOLUME nobody mounted) go too; only when asked, as `docker rm -v`.
      await this.container(id)
        .remove({ force: options.force ?? false, v: options.volumes ?? false, abortSignal: signal })
        .catch(ignoreStatus(404));
    });
  }
}
