/**
 * Images on dockerode: list, inspect, build and remove. A build the engine stops in the
 * middle of leaves its step container; those are kept in `stranded` and removed once the
 * engine answers again.
 */
import type Docker from 'dockerode';
import { buildImage } from './build/imageBuild';
import { type DockerodeCalls, unlessNotFound } from './dockerodeCalls';
import { inspectImageJson } from './dockerodeDial';
import { toImageConfig, toImageSummary } from './dockerodeMapping';
import type { BuildEvent, BuildRequest, BuildResult, ContainerEngine, ImageConfig, ImageSummary } from './engine';
import { engineStoppedError } from './errors';
import type { StrandedContainers } from './strandedContainers';

type ImageCalls = Pick<ContainerEngine, 'listImages' | 'inspectImage' | 'build' | 'removeImage'>;

export class DockerodeImages implements ImageCalls {
  constructor(
    private readonly calls: DockerodeCalls,
    private readonly stranded: StrandedContainers,
    /** Whether the engine answers now (a build stream that ended early: did it go away?). */
    private readonly answers: () => Promise<boolean>,
  ) {}

  listImages(query: { includeDangling?: boolean; label?: string } = {}, signal?: AbortSignal): Promise<ImageSummary[]> {
    return this.calls.quick(signal, async (limited) => {
      const filters: Record<string, string[]> = {};
      if (!query.includeDangling) {
        filters.dangling = ['false'];
      }
      if (query.label) {
        filters.label = [query.label];
      }
      const raw = await this.calls.docker.listImages({ filters, abortSignal: limited });
      return raw.map(toImageSummary);
    });
  }

  /** The engine's inspect document, as is. */
  inspectJson(ref: string, signal?: AbortSignal): Promise<Docker.ImageInspectInfo> {
    return this.calls.quick(signal, (limited) => inspectImageJson(this.calls.docker, ref, limited));
  }

  async inspectImage(ref: string, signal?: AbortSignal): Promise<ImageConfig | undefined> {
    const info = await unlessNotFound(this.inspectJson(ref, signal));
    return info && toImageConfig(info);
  }

  /** BuildKit or the classic builder (build/imageBuild.ts), with this adapter's errors and stranded-container care. */
  build(request: BuildRequest, onEvent: (event: BuildEvent) => void, signal?: AbortSignal): Promise<BuildResult> {
    return buildImage(this.calls.docker, request, onEvent, signal, {
      translateError: (err) => this.calls.translate(err, signal),
      onEngineLost: (left) => this.stranded.add(left),
      endedEarly: async (left) => {
        if (signal?.aborted || (await this.answers())) return undefined;
        this.stranded.add(left);
        return engineStoppedError(this.calls.endpoint, 'the build');
      },
    });
  }

  removeImage(id: string, options: { force?: boolean } = {}, signal?: AbortSignal): Promise<void> {
    return this.calls.call(signal, async () => {
      await this.calls.docker.getImage(id).remove({ force: options.force ?? false, abortSignal: signal });
    });
  }
}
