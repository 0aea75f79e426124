/**
 * The core every dockerode call goes through, so that callers only ever see the project's
 * errors: a failed call becomes CancelledError (the signal), EngineUnavailableError (the
 * engine cannot be reached, with what to do) or EngineRequestError (the engine said no); a
 * quick request gets the one request deadline; a stream is read by the one consumer, whose
 * failures are translated the same way.
 */
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { EngineEndpoint } from './connection';
import {
  CancelledError,
  EngineUnavailableError,
  describeConnectionFailure,
  hasStatus,
  isCancellation,
  isConnectionFailure,
  toEngineRequestError,
  withRequestTimeout,
} from './errors';
import { LineSplitter, consumeChunks } from './streamDemux';

export class DockerodeCalls {
  constructor(
    readonly docker: Docker,
    readonly endpoint: EngineEndpoint,
    private readonly requestMs: number,
  ) {}

  /** Runs one engine call and turns its failure into the project's errors. */
  async call<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    if (signal?.aborted) {
      throw new CancelledError();
    }
    try {
      return await work();
    } catch (err) {
      throw this.translate(err, signal);
    }
  }

  /** A quick request (inspect, list): `call` within the deadline, so an engine that never answers does not hang the caller. */
  quick<T>(signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>, ms = this.requestMs): Promise<T> {
    return withRequestTimeout(this.endpoint, ms, signal, (limited) => this.call(limited, () => work(limited)));
  }

  translate(err: unknown, signal?: AbortSignal): Error {
    if (signal?.aborted || isCancellation(err)) {
      return err instanceof CancelledError ? err : new CancelledError();
    }
    if (err instanceof EngineUnavailableError || err instanceof CancelledError) {
      return err;
    }
    if (isConnectionFailure(err)) {
      return new EngineUnavailableError(describeConnectionFailure(err, this.endpoint), err);
    }
    return toEngineRequestError(err);
  }

  /** Reads a stream the engine sends until it ends; the signal destroys it (CancelledError). */
  async read(stream: NodeJS.ReadableStream, signal: AbortSignal | undefined, onChunk: (chunk: Buffer) => void): Promise<void> {
    try {
      await consumeChunks(asReadable(stream), signal, onChunk);
    } catch (err) {
      throw this.translate(err, signal);
    }
  }

  /** The same, a line at a time (build output, events: one JSON object a line). */
  async readLines(stream: NodeJS.ReadableStream, signal: AbortSignal | undefined, onLine: (line: string) => void): Promise<void> {
    const splitter = new LineSplitter(onLine);
    await this.read(stream, signal, (chunk) => splitter.push(chunk));
    splitter.end();
  }
}

/** dockerode hands over Node streams typed as the old stream interface; wrap one that is not a Readable. */
function asReadable(stream: NodeJS.ReadableStream): Readable {
  return stream instanceof Readable ? stream : new Readable().wrap(stream);
}

/** "Not found" as undefined: inspecting something that is not there is an answer, not a failure. */
export async function unlessNotFound<T>(work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (err) {
    if (hasStatus(err, 404)) return undefined;
    throw err;
  }
}

/** For `.catch`: a status that means the work is done already (304 stopped, 404 gone, 409 not running) is no failure. */
export function ignoreStatus(code: number): (err: unknown) => void {
  return (err) => {
    if (!hasStatus(err, code)) throw err;
  };
}
