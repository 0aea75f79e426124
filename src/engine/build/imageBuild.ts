/**
 * One image build through dockerode, with BuildKit or the classic builder.
 *
 * The builder is chosen from what the engine says (builderChoice.ts); an engine that
 * refuses a BuildKit session gets the classic builder instead, and the output says which
 * one ran and why. The /build request goes through docker-modem directly, with our own
 * session (buildSession.ts), because dockerode's `version: "2"` path cannot run bundled.
 *
 * Cancelling closes the request, which makes the engine stop the build: BuildKit kills the
 * step's process, the classic builder its intermediate container. BuildKit builds are
 * also cancelled by name (POST /build/cancel), and the classic builder's container of the
 * step under way is removed here too, so that nothing is left running whatever the
 * engine's timing. The session is closed on every way out.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { packBuildContext } from '../buildContext';
import { CancelledError, EngineUnavailableError, isCancellation } from '../errors';
import { LineSplitter, consumeChunks, parseJsonLine } from '../streamDemux';
import { BuildKitDecoder } from './buildkitDecoder';
import { buildQuery } from './buildQuery';
import { openBuildSession, type BuildSession, type CredentialsLookup } from './buildSession';
import { chooseBuilder, isBuildKitRefusal, type BuilderChoice } from './builderChoice';
import { ImageBuildError, type BuildEvent, type BuildStreamDecoder, type BuildRequest, type BuildResult } from './buildTypes';
import { ClassicDecoder } from './classicDecoder';
import { dial, modemOf, probeBuildFacts } from './engineProbe';

export interface ImageBuildDependencies {
  /** Turns a failed engine call into the project's errors (engine unreachable, …). */
  translateError?: (err: unknown) => Error;
  credentials?: CredentialsLookup;
  /**
   * The engine went away mid-build: the classic builder's step container it was running
   * is left behind (the engine adapter removes it once the engine is back).
   */
  onEngineLost?: (leftContainers: string[]) => void;
  /** The stream ended cleanly without an outcome: the error to give instead (the engine stopped), if any. */
  endedEarly?: (leftContainers: string[]) => Promise<Error | undefined>;
}

const BUILD_STATUS_CODES = { 200: true, 400: 'bad parameter', 500: 'server error' };

export async function buildImage(
  docker: Docker,
  request: BuildRequest,
  onProgress: (event: BuildEvent) => void,
  signal?: AbortSignal,
  deps: ImageBuildDependencies = {},
): Promise<BuildResult> {
  const translate = deps.translateError ?? ((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  if (signal?.aborted) throw new CancelledError();
  const preference = request.builder ?? 'auto';
  let choice: BuilderChoice;
  let session: BuildSession | undefined;
  try {
    choice = chooseBuilder(preference, preference === 'auto' ? await probeBuildFacts(docker, signal) : undefined);
    if (choice.builder === 'buildkit') {
      try {
        session = await openBuildSession(modemOf(docker), { credentials: deps.credentials, signal });
      } catch (err) {
        if (!isBuildKitRefusal(err)) throw err;
        if (preference === 'buildkit') {
          throw new Error(
            `BuildKit was asked for, but the engine refused a BuildKit session (${engineWords(err)}): build with the classic builder instead.`,
            { cause: err },
          );
        }
        choice = { builder: 'classic', reason: `the engine refused a BuildKit session (${engineWords(err)})` };
      }
    }
  } catch (err) {
    throw signal?.aborted || isCancellation(err) ? new CancelledError() : translate(err);
  }
  try {
    onProgress({ kind: 'builder', builder: choice.builder, reason: choice.reason });
    onProgress({
      kind: 'output',
      text: `Building with ${choice.builder === 'buildkit' ? 'BuildKit' : 'the classic builder'}: ${choice.reason}.\n`,
    });
    return await runBuild(docker, request, choice, session, onProgress, signal, translate, deps);
  } finally {
    session?.close();
  }
}

async function runBuild(
  docker: Docker,
  request: BuildRequest,
  choice: BuilderChoice,
  session: BuildSession | undefined,
  onProgress: (event: BuildEvent) => void,
  signal: AbortSignal | undefined,
  translate: (err: unknown) => Error,
  deps: ImageBuildDependencies,
): Promise<BuildResult> {
  const decoder: BuildStreamDecoder = choice.builder === 'buildkit' ? new BuildKitDecoder() : new ClassicDecoder();
  const buildId = choice.builder === 'buildkit' ? randomUUID() : undefined;
  const context = packBuildContext(request.contextDir, request.dockerfile);
  const emit = (events: BuildEvent[]) => events.forEach(onProgress);
  try {
    const stream = await dial<Readable>(modemOf(docker), {
      path: '/build?',
      method: 'POST',
      file: context,
      options: buildQuery(request, choice.builder, { sessionId: session?.id, buildId }),
      isStream: true,
      statusCodes: BUILD_STATUS_CODES,
      abortSignal: signal,
    });
    const lines = new LineSplitter((line) => emit(decoder.accept(parseJsonLine(line))));
    await consumeChunks(stream, signal, (chunk) => lines.push(chunk));
    lines.end();
  } catch (err) {
    context.destroy();
    if (signal?.aborted || isCancellation(err)) {
      await cleanUpCancelled(docker, decoder, buildId);
      throw new CancelledError();
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 400 || status === 500) {
      // The engine refused the build before it began: a Dockerfile it cannot parse, a bad option.
      emit(decoder.end());
      throw new ImageBuildError(engineWords(err), choice.builder, decoder.failedStep());
    }
    const failure = translate(err);
    if (failure instanceof EngineUnavailableError) deps.onEngineLost?.(leftContainers(decoder));
    throw failure;
  }
  emit(decoder.end());
  if (decoder.error !== undefined) {
    throw new ImageBuildError(decoder.error, choice.builder, decoder.failedStep());
  }
  if (!decoder.imageId) {
    const instead = await deps.endedEarly?.(leftContainers(decoder));
    if (instead) throw instead;
    throw new ImageBuildError('the engine ended the build without reporting an image', choice.builder, decoder.failedStep());
  }
  return { imageId: decoder.imageId, tag: request.tag, builder: choice.builder, steps: decoder.steps };
}

function leftContainers(decoder: BuildStreamDecoder): string[] {
  const running = decoder instanceof ClassicDecoder ? decoder.runningContainer : undefined;
  return running ? [running] : [];
}

/** After a cancel: make sure the engine stops, whatever it already did by itself. */
async function cleanUpCancelled(docker: Docker, decoder: BuildStreamDecoder, buildId: string | undefined): Promise<void> {
  const bounded = AbortSignal.timeout(10_000);
  if (buildId) {
    await dial(modemOf(docker), {
      path: `/build/cancel?id=${encodeURIComponent(buildId)}`,
      method: 'POST',
      statusCodes: { 200: true, 404: true },
      abortSignal: bounded,
    }).catch(() => undefined);
  }
  const container = decoder instanceof ClassicDecoder ? decoder.runningContainer : undefined;
  if (container) {
    // 404: the engine removed it first; 409: its removal is under way.
    await docker
      .getContainer(container)
      .remove({ force: true, abortSignal: bounded } as object)
      .catch(() => undefined);
  }
}

/** docker-modem's "(HTTP code 400) unexpected - <the engine's words> " without its wrapping. */
export function engineWords(err: unknown): string {
  const message = String((err as { message?: unknown })?.message ?? err);
  const json = (err as { json?: { message?: unknown } })?.json;
  if (typeof json?.message === 'string') return json.message.trim();
  return message.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
}
