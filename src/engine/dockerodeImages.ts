/**
 * Images on dockerode: list, inspect, build and remove. A build the engine stops in the
 * middle of leaves its step container; those are kept in `stranded` and removed once the
 * engine answers again.
 */
import type Docker from 'dockerode';
import { packBuildContext } from './buildContext';
import { BuildOutcome, parseStreamLine } from './buildOutput';
import { type DockerodeCalls, unlessNotFound } from './dockerodeCalls';
import { inspectImageJson } from './dockerodeDial';
import { toImageConfig, toImageSummary } from './dockerodeMapping';
import type { BuildEvent, BuildRequest, BuildResult, ContainerEngine, ImageConfig, ImageSummary } from './engine';
import { EngineUnavailableError, engineStoppedError } from './errors';
import type { StrandedContainers } from './strandedContainers';

type ImageCalls = Pick<ContainerEngine, 'listImages' | 'inspectImage' | 'build' | 'removeImage'>;

/** What the engine is asked to build: the tag and labels, with the engine removing every step container it made. */
export function buildOptions(request: BuildRequest, signal: AbortSignal | undefined): Docker.ImageBuildOptions {
  return {
    t: request.tag,
    dockerfile: request.dockerfile.split('\\').join('/'),
    labels: request.labels,
    buildargs: request.buildArgs,
    rm: true,
    // Also remove the intermediate containers of a failed or cancelled step.
    forcerm: true,
    abortSignal: signal,
  };
}

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

  async build(request: BuildRequest, onEvent: (event: BuildEvent) => void, signal?: AbortSignal): Promise<BuildResult> {
    const context = packBuildContext(request.contextDir, request.dockerfile);
    const outcome = new BuildOutcome();
    try {
      const stream = await this.calls.call(signal, () => this.calls.docker.buildImage(context, buildOptions(request, signal)));
      await this.calls.readLines(stream, signal, (line) => {
        for (const event of outcome.accept(parseStreamLine(line))) {
          onEvent(event);
        }
      });
    } catch (err) {
      context.destroy();
      const failure = this.calls.translate(err, signal);
      if (failure instanceof EngineUnavailableError) this.stranded.add(outcome.intermediateContainers);
      throw failure;
    }
    if (!outcome.finished && !signal?.aborted && !(await this.answers())) {
      // The stream ended cleanly but early: the engine went away mid-build.
      this.stranded.add(outcome.intermediateContainers);
      throw engineStoppedError(this.calls.endpoint, 'the build');
    }
    return outcome.finish(request.tag);
  }

  removeImage(id: string, options: { force?: boolean } = {}, signal?: AbortSignal): Promise<void> {
    return this.calls.call(signal, async () => {
      await this.calls.docker.getImage(id).remove({ force: options.force ?? false, abortSignal: signal });
    });
  }
}
