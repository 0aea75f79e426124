/**
 * Containers that are created and never started: the engine's archive endpoint reads and
 * writes a created container's filesystem (and the volumes it mounts) without running
 * anything in it, so any image serves, even one without a shell. Used to look into a
 * volume and to find out which programs an image has. Labelled as the extension's, with
 * their purpose, so a helper left by a crash is found and removed (`sweepHelperContainers`).
 */
import type { EngineApi } from './api/engineApi';
import { pathPart } from './api/engineApi';
import type { RawContainer } from './api/rawTypes';
import { OWNER_LABEL, OWNER_VALUE, PURPOSE_LABEL } from './engine';
import { EngineRequestError } from './errors';
import { statusOf } from './inUseError';

/** The PURPOSE_LABEL values of helper containers. */
export type HelperPurpose = 'volume-browser' | 'program-probe';

export interface HelperVolumeMount {
  volume: string;
  target: string;
}

export interface HelperRequest {
  image: string;
  purpose: HelperPurpose;
  /** Mounted read-only, and without the engine's copy of image files into an empty volume. */
  volumes?: HelperVolumeMount[];
  labels?: Record<string, string>;
}

/** Never run; create needs a command when the image has none (a `FROM scratch` image). */
const NEVER_RUN = ['/container-workflows-helper-is-never-started'];

export async function createHelperContainer(api: EngineApi, request: HelperRequest, signal?: AbortSignal): Promise<string> {
  const body = {
    Image: request.image,
    Cmd: NEVER_RUN,
    Labels: { ...(request.labels ?? {}), [OWNER_LABEL]: OWNER_VALUE, [PURPOSE_LABEL]: request.purpose },
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: 'none',
      Mounts: (request.volumes ?? []).map((m) => ({
        Type: 'volume',
        Source: m.volume,
        Target: m.target,
        ReadOnly: true,
        VolumeOptions: { NoCopy: true },
      })),
    },
  };
  try {
    const created = await api.json<{ Id: string }>({ method: 'POST', path: '/containers/create', body }, signal);
    return created.Id;
  } catch (err) {
    if (statusOf(err) === 404) {
      throw new EngineRequestError(`The image ${request.image} is not on the engine: pull or build it first.`, 404);
    }
    throw err;
  }
}

/** Removes a helper with the anonymous volumes its image declared; never the named volumes it mounted. Gone already is fine. */
export async function removeHelperContainer(api: EngineApi, id: string): Promise<void> {
  try {
    // No caller signal: the helper goes also when the work that needed it was cancelled.
    await api.json<unknown>({ method: 'DELETE', path: `/containers/${pathPart(id)}`, query: { force: true, v: true } });
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
  }
}

/** Runs `work` with a helper container and removes the helper afterwards, whatever happened. */
export async function withHelperContainer<T>(
  api: EngineApi,
  request: HelperRequest,
  work: (id: string) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const id = await createHelperContainer(api, request, signal);
  try {
    return await work(id);
  } finally {
    await removeHelperContainer(api, id).catch(() => undefined);
  }
}

export interface SweepOptions {
  /** Only helpers older than this (default an hour): another window may be using a younger one. */
  olderThanMs?: number;
  /** Only helpers that also carry this label (`key=value`). */
  label?: string;
  now?: number;
}

/**
 * Removes helpers that a crash or a killed window left behind; returns how many went. A
 * volume browser whose helper went makes a new one by itself.
 */
export async function sweepHelperContainers(api: EngineApi, options: SweepOptions = {}, signal?: AbortSignal): Promise<number> {
  const olderThanMs = options.olderThanMs ?? 3_600_000;
  const now = options.now ?? Date.now();
  const filters = { label: [`${OWNER_LABEL}=${OWNER_VALUE}`, ...(options.label ? [options.label] : [])], status: ['created'] };
  const found = await api.json<(RawContainer & { Created?: number })[]>(
    { method: 'GET', path: '/containers/json', query: { all: true, filters } },
    signal,
  );
  const helpers = found.filter((c) => isHelperPurpose(c.Labels?.[PURPOSE_LABEL]) && (c.Created ?? 0) * 1000 <= now - olderThanMs);
  await Promise.all(helpers.map((c) => removeHelperContainer(api, c.Id).catch(() => undefined)));
  return helpers.length;
}

function isHelperPurpose(value: string | undefined): value is HelperPurpose {
  return value === 'volume-browser' || value === 'program-probe';
}

/** The smallest image on the engine: a helper needs only some image, never runs it. */
export async function smallestImage(api: EngineApi, signal?: AbortSignal): Promise<string> {
  const images = await api.json<{ Id: string; Size?: number }[]>({ method: 'GET', path: '/images/json' }, signal);
  const smallest = [...images].sort((a, b) => (a.Size ?? 0) - (b.Size ?? 0))[0];
  if (!smallest) {
    throw new EngineRequestError(
      'There is no image on the engine to look into a volume with: pull any image (docker pull busybox), then try again.',
      undefined,
    );
  }
  return smallest.Id;
}
