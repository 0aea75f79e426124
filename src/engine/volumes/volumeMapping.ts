/**
 * Named volumes in the project's terms, from the engine's volume list, its disk usage and
 * the containers' mounts. Pure: tested with recorded engine answers.
 */
import type { ContainerState } from '../engine';
import { containerNameOf, type RawContainer, type RawDiskUsage, type RawVolume } from '../api/rawTypes';

/** A container that mounts a volume; any state counts: the engine refuses to remove a volume a stopped container still names. */
export interface VolumeUser {
  id: string;
  name: string;
  state: ContainerState | 'unknown';
  containerPath: string;
  readOnly: boolean;
}

export interface VolumeSummary {
  name: string;
  driver: string;
  scope: string;
  /** Where the engine keeps it on its own machine (not necessarily this one). */
  mountpoint: string;
  created?: Date;
  labels: Record<string, string>;
  users: VolumeUser[];
}

/**
 * A volume's size from the engine's disk usage: bytes, or undefined when the engine did
 * not measure it (it says -1 for drivers other than `local`, and gives no entry at all
 * for a volume made after it started counting).
 */
export type VolumeSizes = Map<string, number | undefined>;

const STATES = new Set(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

function stateOf(raw: RawContainer): VolumeUser['state'] {
  return raw.State && STATES.has(raw.State) ? (raw.State as ContainerState) : 'unknown';
}

function dateOf(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Who mounts what: volume name -> the containers that mount it. */
export function volumeUsers(containers: RawContainer[]): Map<string, VolumeUser[]> {
  const users = new Map<string, VolumeUser[]>();
  for (const container of containers) {
    for (const mount of container.Mounts ?? []) {
      if (mount.Type !== 'volume' || !mount.Name) continue;
      const list = users.get(mount.Name) ?? [];
      list.push({
        id: container.Id,
        name: containerNameOf(container),
        state: stateOf(container),
        containerPath: mount.Destination ?? '',
        readOnly: mount.RW === false,
      });
      users.set(mount.Name, list);
    }
  }
  return users;
}

export function toVolumeSummaries(volumes: RawVolume[], containers: RawContainer[]): VolumeSummary[] {
  const users = volumeUsers(containers);
  return volumes
    .map((v) => ({
      name: v.Name,
      driver: v.Driver ?? 'local',
      scope: v.Scope ?? 'local',
      mountpoint: v.Mountpoint ?? '',
      created: dateOf(v.CreatedAt),
      labels: v.Labels ?? {},
      users: users.get(v.Name) ?? [],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function toVolumeSizes(usage: RawDiskUsage): VolumeSizes {
  const sizes: VolumeSizes = new Map();
  for (const v of usage.Volumes ?? []) {
    const size = v.UsageData?.Size;
    sizes.set(v.Name, typeof size === 'number' && size >= 0 ? size : undefined);
  }
  return sizes;
}

/** "used by web, worker (stopped)": for a refusal or a tooltip. */
export function describeUsers(users: VolumeUser[]): string {
  return users.map((u) => (u.state === 'running' ? u.name : `${u.name} (${u.state === 'unknown' ? 'state unknown' : u.state})`)).join(', ');
}
