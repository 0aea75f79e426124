/**
 * Feeds a tar from the archive endpoint through a tar-stream parser, one entry at a time,
 * and settles once: at the tar's end, at the first error (the body's, the parser's, or one
 * an entry's handler throws or rejects with), or when the signal aborts. Whatever ends it
 * early closes both the body and the parser, so the engine stops sending.
 */
import type { Readable } from 'node:stream';
import { type ExtractEvents, type Header, extract } from 'tar-stream';
import { CancelledError } from '../errors';

/** One entry's body as tar-stream hands it over (a streamx stream). */
export type TarEntryBody = ExtractEvents['entry'][1];

/**
 * Handles one entry; the next one is read once the returned promise resolves, and the
 * parsing stops with its error if it rejects (or the handler throws). The handler must let
 * the entry's body pass (read or resume it), or the parser never reaches the next header.
 */
export type TarEntryHandler = (header: Header, body: TarEntryBody) => Promise<void> | void;

export function parseTarAbortably(body: Readable, signal: AbortSignal | undefined, onEntry: TarEntryHandler): Promise<void> {
  const parser = extract();
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settleOnce = (): boolean => {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const fail = (err: Error) => {
      if (!settleOnce()) return;
      body.destroy();
      parser.destroy();
      reject(err);
    };
    const onAbort = () => fail(new CancelledError());
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    parser.on('entry', (header, entry, next) => {
      let handled: Promise<void> | void;
      try {
        handled = onEntry(header, entry);
      } catch (err) {
        return fail(err as Error);
      }
      Promise.resolve(handled).then(
        () => next(),
        (err: Error) => fail(err),
      );
    });
    parser.on('finish', () => {
      if (settleOnce()) resolve();
    });
    parser.on('error', fail);
    body.on('error', fail);
    body.pipe(parser);
  });
}
