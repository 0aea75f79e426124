/**
 * Named volumes: list (with the containers that mount each), sizes, create, inspect,
 * remove and the removal of unused ones. Pruning is two steps on purpose: `unusedVolumes`
 * says what would go so the person can be asked, then `removeVolumes` removes exactly
 * those names. The engine's own prune removes whatever is unused at that moment, which
 * may include a volume made after the question was asked.
 */
import type { EngineApi } from '../api/engineApi';
import { pathPart } from '../api/engineApi';
import type { RawContainer, RawDiskUsage, RawVolume, RawVolumeList } from '../api/rawTypes';
import { AlreadyExistsError, InUseError, statusOf } from '../inUseError';
import { assertValidName } from '../objectNames';
import { type VolumeSizes, type VolumeSummary, describeUsers, toVolumeSizes, toVolumeSummaries } from './volumeMapping';

export interface VolumeQuery {
  /** Only volumes with this label (`key` or `key=value`). */
  label?: string;
}

export interface CreateVolumeRequest {
  name: string;
  labels?: Record<string, string>;
  /** Defaults to the engine's `local`. */
  driver?: string;
}

export interface VolumeRemoval {
  removed: string[];
  /** Those the engine kept, with its reason (a container started using it since the question, ...). */
  refused: { name: string; reason: string }[];
  /** Not tried because the work was cancelled first. */
  notTried: string[];
}

/** Disk usage walks every volume, image and container on the engine: it may take long on a big one. */
const DISK_USAGE_TIMEOUT_MS = 120_000;

function labelFilter(query: VolumeQuery, extra: Record<string, string[]> = {}): Record<string, string[]> {
  return { ...extra, ...(query.label ? { label: [query.label] } : {}) };
}

async function allContainers(api: EngineApi, signal?: AbortSignal): Promise<RawContainer[]> {
  return api.json<RawContainer[]>({ method: 'GET', path: '/containers/json', query: { all: true } }, signal);
}

async function rawVolumes(api: EngineApi, filters: Record<string, string[]>, signal?: AbortSignal): Promise<RawVolume[]> {
  const list = await api.json<RawVolumeList>({ method: 'GET', path: '/volumes', query: { filters } }, signal);
  return list.Volumes ?? [];
}

/** The volumes and who mounts them; quick. Sizes come apart (`volumeSizes`): they can take seconds. */
export async function listVolumes(api: EngineApi, query: VolumeQuery = {}, signal?: AbortSignal): Promise<VolumeSummary[]> {
  const [volumes, containers] = await Promise.all([rawVolumes(api, labelFilter(query), signal), allContainers(api, signal)]);
  return toVolumeSummaries(volumes, containers);
}

/** Sizes from the engine's disk usage (`/system/df`); see VolumeSizes for when one is unknown. */
export async function volumeSizes(api: EngineApi, signal?: AbortSignal): Promise<VolumeSizes> {
  return toVolumeSizes(await api.json<RawDiskUsage>({ method: 'GET', path: '/system/df', timeoutMs: DISK_USAGE_TIMEOUT_MS }, signal));
}

/** The engine's inspect document, as is; undefined when there is no such volume. */
export async function inspectVolume(api: EngineApi, name: string, signal?: AbortSignal): Promise<RawVolume | undefined> {
  try {
    return await api.json<RawVolume>({ method: 'GET', path: `/volumes/${pathPart(name)}` }, signal);
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/** Creates a volume; refuses a name the engine would refuse, and one that exists already. */
export async function createVolume(api: EngineApi, request: CreateVolumeRequest, signal?: AbortSignal): Promise<VolumeSummary> {
  assertValidName('volume', request.name);
  if (await inspectVolume(api, request.name, signal)) throw new AlreadyExistsError('volume', request.name);
  const body = { Name: request.name, Driver: request.driver ?? 'local', Labels: request.labels ?? {} };
  const created = await api.json<RawVolume>({ method: 'POST', path: '/volumes/create', body }, signal);
  return toVolumeSummaries([created], [])[0];
}

/**
 * Removes a volume with its data. While a container (running or not) mounts it, the
 * engine refuses (409): that comes back as InUseError naming the containers. Already
 * gone (404) is done.
 */
export async function removeVolume(api: EngineApi, name: string, signal?: AbortSignal): Promise<void> {
  try {
    await api.json<unknown>({ method: 'DELETE', path: `/volumes/${pathPart(name)}` }, signal);
  } catch (err) {
    const status = statusOf(err);
    if (status === 404) return;
    if (status === 409) throw await inUse(api, name, signal);
    throw err;
  }
}

async function inUse(api: EngineApi, name: string, signal?: AbortSignal): Promise<InUseError> {
  const users = (await listVolumes(api, {}, signal).catch(() => [])).find((v) => v.name === name)?.users ?? [];
  const who = users.length ? `by ${describeUsers(users)}` : 'by a container';
  const message =
    `The volume "${name}" is in use ${who}. The engine keeps a volume while any container mounts it, ` +
    `even a stopped one: remove ${users.length === 1 ? 'that container' : 'those containers'} first, then remove the volume.`;
  return new InUseError(
    'volume',
    name,
    users.map((u) => ({ name: u.name, state: u.state })),
    message,
  );
}

/** The volumes no container mounts: what a prune would remove, to show before asking. */
export async function unusedVolumes(api: EngineApi, query: VolumeQuery = {}, signal?: AbortSignal): Promise<VolumeSummary[]> {
  return toVolumeSummaries(await rawVolumes(api, labelFilter(query, { dangling: ['true'] }), signal), []);
}

/**
 * Removes exactly these volumes (the ones the person agreed to); one in use by now is kept
 * and said so. A cancel stops before the next one and says which were not tried.
 */
export async function removeVolumes(api: EngineApi, names: string[], signal?: AbortSignal): Promise<VolumeRemoval> {
  const outcome: VolumeRemoval = { removed: [], refused: [], notTried: [] };
  for (const [index, name] of names.entries()) {
    if (signal?.aborted) {
      outcome.notTried.push(...names.slice(index));
      break;
    }
    try {
      await removeVolume(api, name, signal);
      outcome.removed.push(name);
    } catch (err) {
      if (signal?.aborted) outcome.notTried.push(name);
      else outcome.refused.push({ name, reason: (err as Error).message });
    }
  }
  return outcome;
}
