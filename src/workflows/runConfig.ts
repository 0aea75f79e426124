/**
 * How a person wants to run an image: ports, volumes, arguments, environment, name and
 * options. Seeded from what the image declares (EXPOSE, VOLUME, *_DIR variables) and from
 * the template manifest it was built from; validated before anything reaches the engine.
 * Pure: the one impure input (is a host port free?) is passed in.
 */
import * as path from 'node:path';
import type { ImageConfig, PortMapping, Protocol, RunRequest, VolumeMount } from '../engine/engine';
import { OWNER_LABEL, OWNER_VALUE, PURPOSE_LABEL } from '../engine/engine';
import { shellQuote } from '../engine/runArgs';
import type { TemplateRunDefaults } from '../templates/manifest';

export interface PortChoice {
  containerPort: number;
  protocol: Protocol;
  hostPort: number;
  label?: string;
}

export interface VolumeChoice {
  /** Empty: not mounted (the engine gives an anonymous volume for a declared VOLUME). */
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
  label?: string;
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
  const declared = [...config.exposedPorts.map((p) => ({ containerPort: p.port, protocol: p.protocol, label: undefined as string | undefined })), ...(template?.ports ?? [])];
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

// ---------------------------------------------------------------------------
// Validation: each returns the reason a value is refused, or undefined when it is fine.

export function validateHostPort(text: string, options: { inUse?: boolean; usedByOtherRow?: boolean } = {}): string | undefined {
  const value = text.trim();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    return 'A port is a whole number from 1 to 65535.';
  }
  if (options.usedByOtherRow) {
    return `Port ${value} is already mapped to another container port in this run.`;
  }
  if (options.inUse) {
    return `Port ${value} is in use on this machine: choose another.`;
  }
  return undefined;
}

export function validateContainerPort(text: string): string | undefined {
  const match = /^(\d+)(\/(tcp|udp))?$/.exec(text.trim());
  if (!match || Number(match[1]) < 1 || Number(match[1]) > 65535) {
    return 'A container port is a number from 1 to 65535, optionally with /tcp or /udp (e.g. 8080 or 53/udp).';
  }
  return undefined;
}

export function parseContainerPort(text: string): { port: number; protocol: Protocol } {
  const [port, protocol] = text.trim().split('/');
  return { port: Number(port), protocol: protocol === 'udp' ? 'udp' : 'tcp' };
}

export function validateContainerPath(text: string, others: string[] = []): string | undefined {
  const value = text.trim();
  if (!value.startsWith('/')) {
    return 'The path in the container must be absolute, like /data.';
  }
  if (value.replace(/\/+$/, '') === '') {
    return 'Mounting over / would hide the whole container: choose a folder.';
  }
  if (others.includes(value.replace(/\/+$/, ''))) {
    return `${value} is mounted already.`;
  }
  return undefined;
}

export function validateHostFolder(hostPath: string, stat: (p: string) => 'folder' | 'file' | 'missing'): string | undefined {
  if (!path.isAbsolute(hostPath)) {
    return `${hostPath} is not an absolute path.`;
  }
  switch (stat(hostPath)) {
    case 'file':
      return `${hostPath} is a file, not a folder.`;
    case 'missing':
      return `${hostPath} does not exist.`;
    default:
      return undefined;
  }
}

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function validateEnvEntry(text: string): string | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0) {
    return 'Write NAME=value.';
  }
  if (!envName.test(text.slice(0, eq).trim())) {
    return 'A variable name has letters, digits and _ and does not start with a digit.';
  }
  return undefined;
}

export function parseEnvEntry(text: string): [string, string] {
  const eq = text.indexOf('=');
  return [text.slice(0, eq).trim(), text.slice(eq + 1)];
}

export function validateContainerName(text: string): string | undefined {
  const value = text.trim();
  if (value === '' || /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(value)) {
    return undefined;
  }
  return 'A name starts with a letter or digit and has letters, digits, _ . or -, at least 2 characters.';
}

/**
 * Splits an argument line the way a POSIX shell would for plain words and quotes:
 * `"hello earthling " 2` -> ['hello earthling ', '2']. Returns an error for an open quote.
 */
export function parseArgumentLine(line: string): { args: string[] } | { error: string } {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) {
        quote = undefined;
      } else if (c === '\\' && quote === '"' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
        current += line[++i];
      } else {
        current += c;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) {
        args.push(current);
        current = '';
        inWord = false;
      }
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) {
    return { error: `A ${quote} quote is not closed.` };
  }
  if (inWord) {
    args.push(current);
  }
  return { args };
}

export function formatArgumentLine(args: string[]): string {
  return args.map(shellQuote).join(' ');
}

/** Everything that stops a run, in words; empty when the config can run. */
export function runConfigProblems(
  config: RunConfig,
  stat: (p: string) => 'folder' | 'file' | 'missing',
  busyPorts: Set<number> = new Set(),
  busyUdpPorts: Set<number> = new Set(),
): string[] {
  const problems: string[] = [];
  const key = (p: PortChoice) => `${p.hostPort}/${p.protocol}`;
  const hostPorts = new Map<string, number>();
  for (const p of config.ports) {
    hostPorts.set(key(p), (hostPorts.get(key(p)) ?? 0) + 1);
  }
  for (const p of config.ports) {
    const busy = p.protocol === 'udp' ? busyUdpPorts : busyPorts;
    const problem = validateHostPort(String(p.hostPort), { inUse: busy.has(p.hostPort), usedByOtherRow: (hostPorts.get(key(p)) ?? 0) > 1 });
    if (problem) problems.push(`${p.containerPort}/${p.protocol}: ${problem}`);
  }
  const paths = config.volumes.map((v) => v.containerPath.replace(/\/+$/, ''));
  config.volumes.forEach((v, i) => {
    const pathProblem = validateContainerPath(v.containerPath, paths.filter((_, j) => j !== i));
    if (pathProblem) problems.push(pathProblem);
    if (v.hostPath) {
      const hostProblem = validateHostFolder(v.hostPath, stat);
      if (hostProblem) problems.push(`${v.containerPath}: ${hostProblem}`);
    }
  });
  const nameProblem = validateContainerName(config.name);
  if (nameProblem) problems.push(nameProblem);
  return problems;
}

export function toRunRequest(config: RunConfig): RunRequest {
  const ports: PortMapping[] = config.ports.map((p) => ({ containerPort: p.containerPort, protocol: p.protocol, hostPort: p.hostPort }));
  const volumes: VolumeMount[] = config.volumes.filter((v) => v.hostPath).map((v) => ({ hostPath: v.hostPath, containerPath: v.containerPath, readOnly: v.readOnly }));
  return {
    image: config.image,
    name: config.name.trim() || undefined,
    args: config.args.length ? config.args : undefined,
    env: config.env,
    ports,
    volumes,
    autoRemove: config.autoRemove,
    user: config.user || undefined,
    labels: { [OWNER_LABEL]: OWNER_VALUE, [PURPOSE_LABEL]: 'run' },
  };
}
