/**
 * Pull, push, tag and the login check on dockerode: the engine does the work; this reads
 * its progress stream, turns failures into RegistryError in the engine's own words, and
 * hands the AbortSignal to dockerode, so a cancel closes the engine call and the engine
 * stops (a pull tags nothing until every layer is in; a push writes its tag in the registry
 * only with the final manifest). Calls go through DockerodeCalls like every other.
 */
import type Docker from 'dockerode';
import { parseJsonLine } from './streamDemux';
import type { EngineEndpoint } from './connection';
import { DockerodeCalls } from './dockerodeCalls';
import { CancelledError, EngineUnavailableError, REQUEST_TIMEOUT_MS, engineMessage } from './errors';
import { toEngineAuth, type EngineAuthConfig, type RegistryCredential } from './registry/credentials';
import { familiarRepository, formatReference, requireImageReference, withDefaultTag, type ImageReference } from './registry/imageReference';
import { classifyRegistryProblem, RegistryError, type RegistryOperation } from './registry/transferErrors';
import { decodeTransferMessage, TransferTracker } from './registry/transferProgress';
import type { ImageTransfer, LoginCheck, PullResult, PushResult, TransferOptions } from './registry/transferTypes';

export class DockerodeTransfer implements ImageTransfer {
  constructor(private readonly calls: DockerodeCalls) {}

  /** Pulls `reference` (":latest" when it names neither tag nor digest). */
  async pull(reference: string, options: TransferOptions = {}): Promise<PullResult> {
    const ref = withDefaultTag(requireImageReference(reference));
    const name = formatReference(ref);
    const tracker = new TransferTracker();
    const request = {
      ...queryOnly({ fromImage: familiarRepository(ref), tag: ref.digest ?? ref.tag ?? 'latest' }),
      authconfig: engineAuth(ref, options.credential),
      abortSignal: options.signal,
    };
    await this.transfer('pull', ref, options, tracker, () => this.calls.docker.createImage(request));
    if (tracker.error !== undefined) {
      throw registryError(tracker.error, 'pull', ref);
    }
    const status = tracker.snapshot().status;
    if (!status?.startsWith('Status: ') && !tracker.digest) {
      throw new RegistryError('failed', 'pull', ref.domain, 'the engine ended the pull without finishing it', name);
    }
    return { reference: name, ...(tracker.digest ? { digest: tracker.digest.digest } : {}), snapshot: tracker.snapshot() };
  }

  /** Pushes `reference` (":latest" when it names no tag); resolves with the registry's digest. */
  async push(reference: string, options: TransferOptions = {}): Promise<PushResult> {
    const ref = withDefaultTag(requireImageReference(reference));
    if (ref.digest !== undefined) {
      throw new RegistryError('failed', 'push', ref.domain, 'a push sends a tag, not a digest: name a tag', formatReference(ref));
    }
    const name = formatReference(ref);
    const tracker = new TransferTracker();
    const request: Docker.ImagePushOptions & QueryOnly = {
      ...queryOnly({ tag: ref.tag ?? 'latest' }),
      authconfig: engineAuth(ref, options.credential),
      abortSignal: options.signal,
    };
    await this.transfer('push', ref, options, tracker, () => this.calls.docker.getImage(familiarRepository(ref)).push(request));
    if (tracker.error !== undefined) {
      throw registryError(tracker.error, 'push', ref);
    }
    const pushed = tracker.digest;
    if (!pushed) {
      throw new RegistryError('failed', 'push', ref.domain, 'the engine ended the push without reporting a digest', name);
    }
    return {
      reference: name,
      digest: pushed.digest,
      ...(pushed.size !== undefined ? { size: pushed.size } : {}),
      snapshot: tracker.snapshot(),
    };
  }

  /** Gives the image `source` (a name or an ID) the new name `target`. */
  async tag(source: string, target: string, signal?: AbortSignal): Promise<string> {
    const ref = requireImageReference(target);
    if (ref.digest !== undefined) {
      throw new RegistryError('failed', 'push', ref.domain, 'a tag cannot carry a digest: leave out the "@sha256:…" part', target.trim());
    }
    const tagged = withDefaultTag(ref);
    await this.calls.call(signal, () =>
      this.calls.docker.getImage(source).tag({ repo: familiarRepository(tagged), tag: tagged.tag, abortSignal: signal }),
    );
    return formatReference(tagged);
  }

  /**
   * Asks the engine (POST /auth) whether the registry accepts the credential; nothing is
   * stored anywhere by this call. Resolves with the identity token when the registry gave one.
   */
  async checkLogin(credential: RegistryCredential, signal?: AbortSignal): Promise<LoginCheck> {
    try {
      const answer = (await this.calls.call(
        signal,
        () => this.calls.docker.checkAuth({ ...toEngineAuth(credential), abortSignal: signal }) as Promise<unknown>,
      )) as {
        Status?: string;
        IdentityToken?: string;
      };
      return { status: answer?.Status ?? 'Login Succeeded', ...(answer?.IdentityToken ? { identityToken: answer.IdentityToken } : {}) };
    } catch (err) {
      if (err instanceof CancelledError || err instanceof EngineUnavailableError) {
        throw err;
      }
      const words = withoutDockerodePrefix(engineMessage(err));
      const kind = classifyRegistryProblem(words);
      throw new RegistryError(kind === 'notFound' || kind === 'noLocalImage' ? 'failed' : kind, 'login', credential.registry, words);
    }
  }

  private async transfer(
    operation: RegistryOperation,
    ref: ImageReference,
    options: TransferOptions,
    tracker: TransferTracker,
    start: () => Promise<NodeJS.ReadableStream>,
  ): Promise<void> {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.calls.call(options.signal, start);
    } catch (err) {
      // A pull fails before its stream starts (404 manifest unknown, 500 no basic auth credentials …).
      throw asRegistryError(err, operation, ref);
    }
    await this.calls.readLines(stream, options.signal, (line) => {
      if (tracker.accept(decodeTransferMessage(parseJsonLine(line)))) {
        options.onProgress?.(tracker.snapshot());
      }
    });
    if (options.signal?.aborted) {
      throw new CancelledError();
    }
  }
}

/** The engine connection: dockerode, and where it points (for "engine not running" messages). */
export interface EngineHandle {
  docker: Docker;
  endpoint: EngineEndpoint;
}

/** The four calls on their own, for a dockerode client made elsewhere (tests, the bench). */
export function createImageTransfer(engine: EngineHandle): ImageTransfer {
  return new DockerodeTransfer(new DockerodeCalls(engine.docker, engine.endpoint, REQUEST_TIMEOUT_MS));
}

/**
 * docker-modem sends a POST's options as a JSON body as well as in the query string, unless
 * `_query` and an empty `_body` say otherwise. The engine never reads that body, and Go's
 * HTTP server only notices a client that went away once the body has been read: with a
 * body, a cancelled pull went on downloading until the registry stopped sending. Without
 * one, the engine sees the cancel at once and drops the transfer.
 */
interface QueryOnly {
  _query: Record<string, string>;
  _body: Record<string, never>;
}

function queryOnly(query: Record<string, string>): QueryOnly {
  return { _query: query, _body: {} };
}

/** The engine's X-Registry-Auth: the credential, or an empty one (the engine then goes anonymous). */
function engineAuth(ref: ImageReference, credential: RegistryCredential | undefined): EngineAuthConfig | Record<string, never> {
  // Without any X-Registry-Auth header a push fails with "Bad parameters and missing X-Registry-Auth".
  if (!credential) {
    return {};
  }
  if (credential.registry !== ref.domain) {
    throw new RegistryError(
      'failed',
      'push',
      ref.domain,
      `the credential given is for ${credential.registry}, not ${ref.domain}`,
      formatReference(ref),
    );
  }
  return toEngineAuth(credential);
}

function asRegistryError(err: unknown, operation: RegistryOperation, ref: ImageReference): Error {
  if (err instanceof CancelledError || err instanceof EngineUnavailableError) {
    return err;
  }
  return registryError(engineMessage(err), operation, ref);
}

function registryError(words: string, operation: RegistryOperation, ref: ImageReference): RegistryError {
  const said = withoutDockerodePrefix(words);
  return new RegistryError(classifyRegistryProblem(said), operation, ref.domain, said, formatReference(ref));
}

/** dockerode puts "(HTTP code 500) server error - " before the engine's words. */
function withoutDockerodePrefix(message: string): string {
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}
