/**
 * The engine's JSON, as dockerode hands it over, mapped to the project's own types. Pure,
 * so the mappings are tested with recorded engine answers, no daemon needed.
 */
import type Docker from 'dockerode';
import type { ContainerDetails, ContainerState, ContainerSummary, EngineEvent, ImageConfig, ImageSummary, Protocol, PublishedPort } from './engine';

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
      protocol: (p.Type === 'udp' ? 'udp' : 'tcp') as Protocol,
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

export function toContainerDetails(raw: Docker.ContainerInspectInfo): ContainerDetails {
  const state = knownStates.includes(raw.State?.Status as ContainerState) ? (raw.State.Status as ContainerState) : 'dead';
  const ports: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(raw.NetworkSettings?.Ports ?? {})) {
    const [port, proto] = key.split('/');
    const protocol: Protocol = proto === 'udp' ? 'udp' : 'tcp';
    if (!bindings || bindings.length === 0) {
      ports.push({ containerPort: Number(port), protocol });
    } else {
      for (const b of bindings) {
        ports.push({ containerPort: Number(port), protocol, hostIp: b.HostIp || undefined, hostPort: b.HostPort ? Number(b.HostPort) : undefined });
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
  const exposedPorts = Object.keys(config.ExposedPorts ?? {}).map((key) => {
    const [port, protocol] = key.split('/');
    return { port: Number(port), protocol: (protocol === 'udp' ? 'udp' : 'tcp') as Protocol };
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
  const e = raw as { Type?: string; Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> }; time?: number; timeNano?: number };
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
