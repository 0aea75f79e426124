/**
 * How a person wants to run an image: ports, volumes, arguments, environment, name and
 * options. Seeded from what the image declares (EXPOSE, VOLUME, *_DIR variables) and from
 * the template manifest it was built from; validated before anything reaches the engine.
 * Pure: the one impure input (is a host port free?) is passed in.
 */
import * as path from 'node:path';
import type { ImageConfig, PortMapping, Protocol, RunRequest, VolumeMount } from '../engine/engine';
import { OWNER_LABEL, OWNER_VALUE, PURPOSE_LABEL } from '../engine/engine';
import type { TemplateRunDefaults } from '../templates/manifest';
import { mountOf } from './runCopies';

export interface PortChoice {
  containerPort: number;
  protocol: Protocol;
  hostPort: number;
  label?: string;
}

export interface VolumeChoice {
  /** Empty: not mounted (the engine gives an anonymous volume for a declared VOLUME). A volume's name for kind 'volume'. */
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
  label?: string;
  /** Unset: a host folder. 'volume': a named volume (`-v name:/path`). */
  kind?: 'bind' | 'volume';
  /**
   * A folder on this machine that a remote engine cannot see, travelling through a new
   * named volume: copied in before the run, back after it, or both (runCopies.ts).
   */
  copy?: { volume: string; in: boolean; back: boolean };
}

export interface RunConfig {
  image: string;
  /** Empty: the engine picks a name. */
  name: string;
  args: string[];
  env: Record<string, string>;
  ports: PortChoice[];
  volumes: VolumeChoice[];
  autoRemove: boolean;
  /** "uid:gid", or empty for the image's own user. */
  user: string;
  /** A network by name; unset: the engine's default bridge. */
  network?: string;
  /** Names other containers on that (user) network reach it by. */
  networkAliases?: string[];
}

/** Is this host port free? TCP unless the protocol says udp: the two never clash. */
export type PortProbe = (port: number, protocol?: Protocol) => Promise<boolean>;

export interface SeedInput {
  image: string;
  config: ImageConfig;
  /** Run defaults of the template the image was built from, if known. */
  template?: TemplateRunDefaults;
  /** Folder that the template's relative host paths start from (the build context). */
  baseDir?: string;
  isPortFree: PortProbe;
  /** uid:gid to run as when folders are mounted read-write (local Linux engine), else undefined. */
  userForMounts?: string;
}

/** The first free port from `preferred` upward (within 1..65535), skipping `taken`. */
export async function nextFreePort(preferred: number, isPortFree: PortProbe, taken: Set<number> = new Set()): Promise<number> {
  const start = preferred >= 1 && preferred <= 65535 ? preferred : 1024;
  for (let port = start; port <= 65535; port++) {
    if (!taken.has(port) && (await isPortFree(port))) {
      return port;
    }
  }
  for (let port = 1024; port < start; port++) {
    if (!taken.has(port) && (await isPortFree(port))) {
      return port;
    }
  }
  throw new Error('No free host port found.');
}

export async function seedRunConfig(input: SeedInput): Promise<RunConfig> {
  const { config, template } = input;
  const ports: PortChoice[] = [];
  // Host ports handed out so far, per protocol: -p 53:53/tcp and -p 53:53/udp can coexist.
  const taken: Record<Protocol, Set<number>> = { tcp: new Set(), udp: new Set() };
  const declared = [
    ...config.exposedPorts.map((p) => ({ containerPort: p.port, protocol: p.protocol, label: undefined as string | undefined })),
    ...(template?.ports ?? []),
  ];
  for (const port of declared) {
    const existing = ports.find((p) => p.containerPort === port.containerPort && p.protocol === port.protocol);
    if (existing) {
      existing.label ??= port.label;
      continue;
    }
    const hostPort = await nextFreePort(port.containerPort, (p) => input.isPortFree(p, port.protocol), taken[port.protocol]);
    taken[port.protocol].add(hostPort);
    ports.push({ containerPort: port.containerPort, protocol: port.protocol, hostPort, label: port.label });
  }

  const volumes: VolumeChoice[] = [];
  const addVolume = (containerPath: string, hostPath = '', readOnly = false, label?: string) => {
    const existing = volumes.find((v) => v.containerPath === containerPath);
    if (existing) {
      if (!existing.hostPath && hostPath) Object.assign(existing, { hostPath, readOnly });
      // INPUT_DIR=/input on a declared VOLUME /input: still only read.
      else if (!existing.hostPath && readOnly) existing.readOnly = true;
      existing.label ??= label;
      return;
    }
    volumes.push({ containerPath, hostPath, readOnly, label });
  };
  for (const v of template?.volumes ?? []) {
    const hostPath = input.baseDir && !path.isAbsolute(v.hostPath) ? path.join(input.baseDir, v.hostPath) : v.hostPath;
    addVolume(v.containerPath, hostPath, v.readOnly, v.label);
  }
  for (const v of config.volumes) {
    addVolume(v);
  }
  // INPUT_DIR=/input, OUTPUT_DIR=/output: folders the program reads or writes.
  for (const [name, value] of Object.entries(config.env)) {
    if (/_DIR$/.test(name) && value.startsWith('/') && value !== '/') {
      addVolume(value, '', /^INPUT/i.test(name), `${name}`);
    }
  }

  const mountsWritable = volumes.some((v) => v.hostPath && !v.readOnly);
  return {
    image: input.image,
    name: '',
    args: [...(template?.args ?? [])],
    env: { ...(template?.env ?? {}) },
    ports,
    volumes,
    // A server you may want to restart stays; a one-shot tool cleans up after itself.
    autoRemove: ports.length === 0,
    user: mountsWritable && input.userForMounts ? input.userForMounts : '',
  };
}

/**
 * Where the run form starts when the image ran before: that run's choices, the network
 * included, but not the names it was also reached by there. An alias names one container;
 * carried silently into the next run it makes two containers answer to it (and the engine
 * refuses a duplicate on some paths). The form offers it again instead (aliasesToOffer).
 */
export function fromLastRun(last: RunConfig): RunConfig {
  const { networkAliases: _dropped, ...rest } = structuredClone(last);
  return rest;
}

export function toRunRequest(config: RunConfig): RunRequest {
  const ports: PortMapping[] = config.ports.map((p) => ({ containerPort: p.containerPort, protocol: p.protocol, hostPort: p.hostPort }));
  const volumes: VolumeMount[] = config.volumes
    .filter((v) => v.hostPath)
    .map((v) => ({ ...mountOf(v), containerPath: v.containerPath, readOnly: v.readOnly }));
  return {
    image: config.image,
    name: config.name.trim() || undefined,
    args: config.args.length ? config.args : undefined,
    env: config.env,
    ports,
    volumes,
    autoRemove: config.autoRemove,
    user: config.user || undefined,
    ...(config.network ? { network: config.network } : {}),
    ...(config.network && config.networkAliases?.length ? { networkAliases: config.networkAliases } : {}),
    labels: { [OWNER_LABEL]: OWNER_VALUE, [PURPOSE_LABEL]: 'run' },
  };
}
