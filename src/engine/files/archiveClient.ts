/**
 * The engine's archive endpoint for one container, running or not: HEAD for one path's
 * stat, GET for a tar of a path, PUT to unpack a tar into a folder. Its failures come back
 * as ContainerFilesError: the engine answers 404 for a missing container and for a
 * missing path alike (HEAD without any text), so a 404 is followed by a look at the
 * container itself.
 */
import type { Readable } from 'node:stream';
import type { EngineApi } from '../api/engineApi';
import { pathPart } from '../api/engineApi';
import { statusOf } from '../inUseError';
import { ContainerFilesError, containerGone, pathNotFound } from './filesErrors';
import { PATH_STAT_HEADER, type PathStat, decodePathStat, normalizeContainerPath } from './pathStat';

export interface OpenedArchive {
  /** The engine's stat of the path, from the answer's header. */
  stat?: PathStat;
  body: Readable;
}

function archivePath(containerId: string): string {
  return `/containers/${pathPart(containerId)}/archive`;
}

/** Is the container still there? Tells "removed" from "no such path" after a 404, and after a stream cut short. */
export async function containerExists(api: EngineApi, containerId: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await api.json<unknown>({ method: 'GET', path: `/containers/${pathPart(containerId)}/json` }, signal);
    return true;
  } catch (err) {
    if (statusOf(err) === 404) return false;
    throw err;
  }
}

/** A failure of the archive endpoint in words about files. */
async function explain(api: EngineApi, containerId: string, path: string, err: unknown, signal?: AbortSignal): Promise<unknown> {
  const status = statusOf(err);
  const message = (err as Error).message ?? '';
  if (status === 404) return (await containerExists(api, containerId, signal)) ? pathNotFound(path) : containerGone(containerId, path);
  if (/not a directory/i.test(message)) return new ContainerFilesError('notAFolder', `${path} is not a folder.`, path);
  if (status === 403 || /read-only/i.test(message)) {
    return new ContainerFilesError(
      'readOnly',
      `${path} is read-only in the container (a read-only mount or file system): nothing was changed.`,
      path,
    );
  }
  return err;
}

/** The stat of one path; undefined when the container has no such path. Never follows the last link. */
export async function statPath(api: EngineApi, containerId: string, path: string, signal?: AbortSignal): Promise<PathStat | undefined> {
  const wanted = normalizeContainerPath(path);
  try {
    const headers = await api.head({ path: archivePath(containerId), query: { path: wanted } }, signal);
    return decodePathStat(headers[PATH_STAT_HEADER], wanted);
  } catch (err) {
    const explained = await explain(api, containerId, wanted, err, signal);
    if (explained instanceof ContainerFilesError && explained.problem === 'notFound') return undefined;
    throw explained;
  }
}

/**
 * A tar of `path` as the engine sends it. `contentsOnly` asks for `path/.`: entries named
 * `./…` and a link to a folder read as that folder (resolved by the engine inside the
 * container, never here).
 */
export async function openArchive(
  api: EngineApi,
  containerId: string,
  path: string,
  options: { contentsOnly?: boolean } = {},
  signal?: AbortSignal,
): Promise<OpenedArchive> {
  const wanted = normalizeContainerPath(path);
  const asked = options.contentsOnly ? (wanted === '/' ? '/.' : `${wanted}/.`) : wanted;
  try {
    // No deadline past the headers: a big folder takes as long as it takes (the signal cancels).
    const answer = await api.stream({ method: 'GET', path: archivePath(containerId), query: { path: asked } }, signal);
    return { stat: decodePathStat(answer.headers[PATH_STAT_HEADER], wanted), body: answer.body };
  } catch (err) {
    throw await explain(api, containerId, wanted, err, signal);
  }
}

/** Unpacks `tar` into the folder `dir` of the container; a folder never replaces a file nor the other way round. */
export async function putArchive(api: EngineApi, containerId: string, dir: string, tar: Readable, signal?: AbortSignal): Promise<void> {
  const wanted = normalizeContainerPath(dir);
  try {
    await api.upload({ path: archivePath(containerId), query: { path: wanted, noOverwriteDirNonDir: true }, timeoutMs: 0 }, tar, signal);
  } catch (err) {
    throw await explain(api, containerId, wanted, err, signal);
  }
}
