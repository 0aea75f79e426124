/**
 * The engine's JSON, as dockerode hands it over, mapped to the project's own types. Pure,
 * so the mappings are tested with recorded engine answers, no daemon needed.
 */
import type Docker from 'dockerode';
import type {
  ContainerDetails,
  ContainerMount,
  ContainerState,
  ContainerSummary,
  EngineEvent,
  ImageConfig,
  ImageSummary,
  Protocol,
  PublishedPort,
} from './engine';

export function platformNameOf(v: { Platform?: { Name?: string }; Components?: { Name?: string }[] }): string | undefined {
  const podman = v.Components?.find((c) => /podman/i.test(c.Name ?? ''))?.Name;
  return podman || v.Platform?.Name || undefined;
}

const knownStates: ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

export function toContainerSummary(raw: Docker.ContainerInfo): ContainerSummary {
  const state = knownStates.includes(raw.State as ContainerState) ? (raw.State as ContainerState) : 'dead';
  return {
    id: raw.Id,
    name: (raw.Names?.[0] ?? raw.Id.slice(0, 12)).replace(/^\//, ''),
    image: raw.Image,
    imageId: raw.ImageID,
    state,
    status: raw.Status,
    ports: (raw.Ports ?? []).map((p) => ({
      containerPort: p.PrivatePort,
      protocol: p.Type === 'udp' ? 'udp' : 'tcp',
      hostIp: p.IP || undefined,
      hostPort: p.PublicPort || undefined,
    })),
    labels: raw.Labels ?? {},
    created: new Date(raw.Created * 1000),
  };
}

function toDate(value: string | undefined): Date | undefined {
  // The engine says 0001-01-01T00:00:00Z for "never".
  if (!value || value.startsWith('0001-')) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Newer engines (Docker 25+) label the volumes they make for a container this way. */
export const ANONYMOUS_VOLUME_LABEL = 'com.docker.volume.anonymous';

/** The engine names an anonymous volume with 64 random hex digits; people name theirs. */
export function isEngineMadeVolumeName(name: string): boolean {
  return /^[0-9a-f]{64}$/.test(name);
}

type InspectMounts = Docker.ContainerInspectInfo['Mounts'];
/** The labels of a volume, by its name, where the caller looked them up. */
export type VolumeLabels = (name: string) => Record<string, string> | undefined;

/**
 * The container's mounts. Inspect does not say how a volume was asked for, so a volume is
 * taken as anonymous when the engine made its name or its labels say so; a person's volume
 * with a 64-hex name counts as anonymous too, which only makes the remove question ask.
 */
export function toContainerMounts(raw: InspectMounts | null | undefined, volumeLabels: VolumeLabels = () => undefined): ContainerMount[] {
  return (raw ?? []).map((m) => {
    const type: ContainerMount['type'] = m.Type === 'bind' || m.Type === 'volume' || m.Type === 'tmpfs' ? m.Type : 'other';
    const name = type === 'volume' ? (m.Name ?? '') : '';
    const labels = type === 'volume' && name ? volumeLabels(name) : undefined;
    const anonymous =
      type === 'volume' && name !== '' && (isEngineMadeVolumeName(name) || (labels !== undefined && ANONYMOUS_VOLUME_LABEL in labels));
    return { type, name, containerPath: m.Destination, anonymous };
  });
}

/** Volumes whose labels could change the answer of toContainerMounts (names the engine did not make). */
export function volumesToLookUp(raw: InspectMounts | null | undefined): string[] {
  return (raw ?? []).filter((m) => m.Type === 'volume' && m.Name && !isEngineMadeVolumeName(m.Name)).map((m) => m.Name as string);
}

export function toContainerDetails(raw: Docker.ContainerInspectInfo, volumeLabels?: VolumeLabels): ContainerDetails {
  const state = knownStates.includes(raw.State?.Status as ContainerState) ? (raw.State.Status as ContainerState) : 'dead';
  const ports: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(raw.NetworkSettings?.Ports ?? {})) {
    const [port, proto] = key.split('/');
    const protocol: Protocol = proto === 'udp' ? 'udp' : 'tcp';
    if (!bindings || bindings.length === 0) {
      ports.push({ containerPort: Number(port), protocol });
    } else {
      for (const b of bindings) {
        ports.push({
          containerPort: Number(port),
          protocol,
          hostIp: b.HostIp || undefined,
          hostPort: b.HostPort ? Number(b.HostPort) : undefined,
        });
      }
    }
  }
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ''),
    image: raw.Config?.Image ?? raw.Image,
    state,
    running: raw.State?.Running === true,
    exitCode: raw.State?.ExitCode ?? 0,
    startedAt: toDate(raw.State?.StartedAt),
    finishedAt: toDate(raw.State?.FinishedAt),
    tty: raw.Config?.Tty === true,
    autoRemove: raw.HostConfig?.AutoRemove === true,
    ports,
    labels: raw.Config?.Labels ?? {},
    mounts: toContainerMounts(raw.Mounts, volumeLabels),
  };
}

export function toImageSummary(raw: Docker.ImageInfo): ImageSummary {
  const tags = (raw.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
  return {
    id: raw.Id,
    repoTags: tags,
    size: raw.Size,
    created: new Date(raw.Created * 1000),
    dangling: tags.length === 0,
    labels: raw.Labels ?? {},
  };
}

export function toImageConfig(raw: Docker.ImageInspectInfo): ImageConfig {
  const config = raw.Config ?? ({} as Docker.ImageInspectInfo['Config']);
  const env: Record<string, string> = {};
  for (const entry of config.Env ?? []) {
    const eq = entry.indexOf('=');
    if (eq > 0) {
      env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
  }
  const exposedPorts = Object.keys(config.ExposedPorts ?? {}).map((key): ImageConfig['exposedPorts'][number] => {
    const [port, protocol] = key.split('/');
    return { port: Number(port), protocol: protocol === 'udp' ? 'udp' : 'tcp' };
  });
  const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
  return {
    id: raw.Id,
    repoTags: raw.RepoTags ?? [],
    exposedPorts: exposedPorts.filter((p) => Number.isInteger(p.port)),
    volumes: Object.keys(config.Volumes ?? {}),
    env,
    entrypoint: asList(config.Entrypoint),
    cmd: asList(config.Cmd),
    workingDir: config.WorkingDir ?? '',
    user: config.User ?? '',
    labels: config.Labels ?? {},
  };
}

export function toEngineEvent(raw: unknown): EngineEvent | undefined {
  const e = raw as {
    Type?: string;
    Action?: string;
    Actor?: { ID?: string; Attributes?: Record<string, string> };
    time?: number;
    timeNano?: number;
  };
  if (!e || typeof e.Action !== 'string') {
    return undefined;
  }
  const type = (['container', 'image', 'volume', 'network'] as const).find((t) => t === e.Type) ?? 'other';
  return {
    type,
    action: e.Action,
    id: e.Actor?.ID ?? '',
    time: new Date(e.timeNano ? e.timeNano / 1e6 : (e.time ?? 0) * 1000),
    attributes: e.Actor?.Attributes ?? {},
  };
}
