/**
 * An interactive run: create, wait for removal, attach stdin/stdout through a hijacked
 * connection, start, then size the TTY. The order is the Docker CLI's: the wait is in place
 * before the start, so the exit code of a container that removes itself is never missed,
 * and the attach is open before the start, so no first output (a prompt) is lost.
 * `close` ends it the way closing a terminal does (SIGHUP), then removes the container;
 * it resolves once the container is gone.
 */
import type { Duplex, Readable, Writable } from 'node:stream';
import type { EngineApi } from '../api/engineApi';
import { pathPart } from '../api/engineApi';
import { statusOf } from '../inUseError';
import { type InteractiveRequest, interactiveCreate } from './interactiveOptions';

export interface InteractiveSession {
  id: string;
  /** Keystrokes (raw bytes: Ctrl+D is 0x04, Ctrl+C 0x03). Ending it closes the program's stdin. */
  input: Writable;
  /** What the TTY shows (stdout and stderr together, raw bytes with escape sequences). */
  output: Readable;
  /** The TTY's new size; a container that has ended is not an error. */
  resize(columns: number, rows: number): Promise<void>;
  /** The exit code, once the container has ended and the engine has removed it. */
  done: Promise<number>;
  /** Ends the program (SIGHUP, then SIGKILL if it lingers) and removes the container; resolves when it is gone. */
  close(): Promise<void>;
}

/** How long a program may take to end after SIGHUP before it is killed. */
const HANGUP_GRACE_MS = 2_000;

function containerPath(id: string, rest = ''): string {
  return `/containers/${pathPart(id)}${rest}`;
}

async function removeNow(api: EngineApi, id: string): Promise<void> {
  await api.json<unknown>({ method: 'DELETE', path: containerPath(id), query: { force: true, v: true } }).catch((err: unknown) => {
    if (statusOf(err) !== 404) throw err;
  });
}

/** The wait for removal, open once its headers are in; resolves with the exit code (-1 when unknown). */
async function waitForRemoval(api: EngineApi, id: string, signal?: AbortSignal): Promise<{ removed: Promise<number> }> {
  const answer = await api.stream({ method: 'POST', path: containerPath(id, '/wait'), query: { condition: 'removed' } }, signal);
  const removed = new Promise<number>((resolve) => {
    let text = '';
    answer.body.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    answer.body.on('error', () => resolve(-1));
    answer.body.on('end', () => {
      try {
        resolve((JSON.parse(text) as { StatusCode?: number }).StatusCode ?? -1);
      } catch {
        resolve(-1);
      }
    });
  });
  return { removed };
}

export async function startInteractive(api: EngineApi, request: InteractiveRequest, signal?: AbortSignal): Promise<InteractiveSession> {
  const { name, body } = interactiveCreate(request);
  const { Id: id } = await api.json<{ Id: string }>({ method: 'POST', path: '/containers/create', query: { name }, body }, signal);
  let connection: Duplex | undefined;
  try {
    const { removed: done } = await waitForRemoval(api, id, signal);
    connection = await api.hijack(
      { method: 'POST', path: containerPath(id, '/attach'), query: { stream: true, stdin: true, stdout: true, stderr: true } },
      signal,
    );
    await api.json<unknown>({ method: 'POST', path: containerPath(id, '/start') }, signal);
    const resize = async (columns: number, rows: number) => {
      await api
        .json<unknown>({
          method: 'POST',
          path: containerPath(id, '/resize'),
          query: { w: Math.max(1, Math.round(columns)), h: Math.max(1, Math.round(rows)) },
        })
        .catch(() => undefined);
    };
    if (request.columns && request.rows) await resize(request.columns, request.rows);
    return { id, input: connection, output: connection, resize, done, close: closer(api, id, connection, done) };
  } catch (err) {
    connection?.destroy();
    await removeNow(api, id).catch(() => undefined);
    throw err;
  }
}

function closer(api: EngineApi, id: string, connection: Duplex, done: Promise<number>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      let ended = false;
      void done.then(() => (ended = true));
      // SIGHUP: what a terminal that closes sends; shells and python end on it.
      await api.json<unknown>({ method: 'POST', path: containerPath(id, '/kill'), query: { signal: 'SIGHUP' } }).catch(() => undefined);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, HANGUP_GRACE_MS)))]);
      clearTimeout(timer);
      connection.destroy();
      // Ended and removed by the engine already, or still there: removed now, either way gone when this resolves.
      if (!ended) await removeNow(api, id);
      await done;
    })();
    return closing;
  };
}
