/**
 * The parts of the engine's JSON that the volume, network and file modules read, as the
 * engine sends them (API 1.41 and later; Podman's compatible API sends the same fields).
 * Optional where an engine may leave a field out.
 */

export interface RawMount {
  Type?: string;
  Name?: string;
  Source?: string;
  Destination?: string;
  RW?: boolean;
}

export interface RawEndpoint {
  NetworkID?: string;
  IPAddress?: string;
  Aliases?: string[] | null;
}

/** One row of `GET /containers/json`. */
export interface RawContainer {
  Id: string;
  Names?: string[];
  State?: string;
  Labels?: Record<string, string> | null;
  Mounts?: RawMount[] | null;
  NetworkSettings?: { Networks?: Record<string, RawEndpoint> | null } | null;
}

export interface RawVolume {
  Name: string;
  Driver?: string;
  Mountpoint?: string;
  CreatedAt?: string;
  Labels?: Record<string, string> | null;
  Scope?: string;
  Options?: Record<string, string> | null;
  /** Only in `/system/df`; Size -1 when the engine did not measure it. */
  UsageData?: { Size?: number; RefCount?: number } | null;
}

export interface RawVolumeList {
  Volumes?: RawVolume[] | null;
  Warnings?: string[] | null;
}

export interface RawDiskUsage {
  Volumes?: RawVolume[] | null;
}

export interface RawNetwork {
  Id: string;
  Name: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Created?: string;
  Labels?: Record<string, string> | null;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null } | null;
  /** Running containers only, and only in a single network's inspect on some engines. */
  Containers?: Record<string, { Name?: string; IPv4Address?: string }> | null;
}

/** The name a person knows a container by: its first name without the leading slash. */
export function containerNameOf(raw: Pick<RawContainer, 'Id' | 'Names'>): string {
  return (raw.Names?.[0] ?? raw.Id.slice(0, 12)).replace(/^\//, '');
}
