/**
 * What a failed command says, decided without the editor: a cancellation says nothing, an
 * unreachable engine says what is wrong and what to do (the caller offers Retry and
 * Configure Engine Host), anything else says what could not be done and why, with the
 * stack of an unexpected error for the log. `showFailure` shows what this decides.
 */
import { EngineRequestError, EngineUnavailableError, engineMessage, isCancellation } from '../engine/errors';

/**
 * A failure that knows what was being done ("Could not inspect web"). Thrown by
 * `failingAs`, unwrapped by `describeFailure`, so a handler names its step without a catch
 * of its own.
 */
export class CommandFailure extends Error {
  constructor(
    readonly what: string,
    readonly reason: unknown,
    readonly hint?: string,
  ) {
    super(`${what}: ${engineMessage(reason)}`, { cause: reason });
    this.name = 'CommandFailure';
  }
}

/** Runs `work`; a failure comes out as a CommandFailure that says `what` was being done. */
export async function failingAs<T>(what: string, work: () => PromiseLike<T>, hint?: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof CommandFailure ? err : new CommandFailure(what, err, hint);
  }
}

export type FailureReport =
  | { kind: 'quiet' }
  | { kind: 'engineUnavailable'; error: EngineUnavailableError; message: string; log: string }
  | { kind: 'failed'; message: string; log: string[] };

/**
 * How to report `err`. `what` ("Could not list containers") leads the message; a
 * CommandFailure brings its own. `hint` is the usual fix, added after the engine's words.
 */
export function describeFailure(err: unknown, what?: string, hint?: string): FailureReport {
  if (err instanceof CommandFailure) {
    return describeFailure(err.reason, err.what, err.hint ?? hint);
  }
  if (isCancellation(err)) {
    return { kind: 'quiet' };
  }
  const lead = what ? `${what}: ` : '';
  if (err instanceof EngineUnavailableError) {
    return {
      kind: 'engineUnavailable',
      error: err,
      message: `${lead}${engineMessage(err)}`,
      log: `${lead}${err.message}`,
    };
  }
  const message = `${lead}${engineMessage(err)}${hint ? ` ${hint}` : ''}`;
  return { kind: 'failed', message, log: [message, ...unexpectedDetail(err)] };
}

/** The stack of an error nobody explained (a bug, a file system error); the engine's own answers need none. */
function unexpectedDetail(err: unknown): string[] {
  if (!(err instanceof Error) || err instanceof EngineRequestError || !err.stack) return [];
  return [err.stack];
}
