/**
 * The engine's JSON-lines streams (build, pull, push) report a failure in a message of its
 * own: `errorDetail.message`, or the older top-level `error`. One reading of it for every
 * decoder, so they agree on which of the two wins.
 */

export interface StreamErrorFields {
  error?: unknown;
  errorDetail?: { message?: unknown };
}

/** The failure a stream message reports (errorDetail's message first), or undefined when it reports none. */
export function streamError(message: StreamErrorFields): string | undefined {
  if (typeof message.errorDetail?.message === 'string') return message.errorDetail.message;
  if (typeof message.error === 'string') return message.error;
  return undefined;
}
