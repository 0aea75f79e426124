/**
 * A `containerWorkflows.run` task from tasks.json, as the run config Run Image… would send
 * (pure; what is at a host path is passed in). Ports read as `docker run -p` writes them
 * (`8080:80`, `53:53/udp`, `80` for the same port on both sides), volumes as `-v`
 * (`./data:/data:ro` for a folder, relative to the task's workspace folder; `cache:/cache`
 * for a named volume). `autoRemove` is on unless the task says false: a task leaves
 * nothing behind.
 */
import * as path from 'node:path';
import type { PortChoice, RunConfig, VolumeChoice } from '../workflows/runConfig';
import {
  parseContainerPort,
  runConfigProblems,
  validateContainerPort,
  validateEnvEntry,
  validateHostPort,
} from '../workflows/runValidation';

export const RUN_TASK_TYPE = 'containerWorkflows.run';

export interface RunTaskDefinition {
  type: typeof RUN_TASK_TYPE;
  image: string;
  ports?: string[];
  volumes?: string[];
  env?: Record<string, string>;
  args?: string[];
  name?: string;
  autoRemove?: boolean;
}

type Problem = { problem: string };
type PathKind = 'folder' | 'file' | 'missing';

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** `8080:80`, `8080:80/udp` or `80` as a port choice, or why not. */
export function portFromTask(text: string): PortChoice | Problem {
  const match = /^(?:(\d+):)?(\d+(?:\/(?:tcp|udp))?)$/.exec(text.trim());
  const wrong = { problem: `the port "${text}" is not HOST:CONTAINER (e.g. 8080:80 or 53:53/udp)` };
  if (!match) return wrong;
  const containerProblem = validateContainerPort(match[2]);
  if (containerProblem) return { problem: `the port "${text}": ${containerProblem}` };
  const { port, protocol } = parseContainerPort(match[2]);
  const hostPort = match[1] ?? String(port);
  const hostProblem = validateHostPort(hostPort);
  if (hostProblem) return { problem: `the port "${text}": ${hostProblem}` };
  return { containerPort: port, protocol, hostPort: Number(hostPort) };
}

/** `./data:/data[:ro]` (a folder: absolute, or starting with . from the workspace folder) or `name:/path[:ro]`. */
export function volumeFromTask(text: string, folder: string): VolumeChoice | Problem {
  const parts = text.split(':');
  const mode = parts.length === 3 ? parts[2] : undefined;
  if ((parts.length !== 2 && parts.length !== 3) || !parts[0] || !parts[1] || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) {
    return { problem: `the volume "${text}" is not SOURCE:/path[:ro] (e.g. ./data:/data or cache:/cache)` };
  }
  const [source, containerPath] = parts;
  const readOnly = mode === 'ro';
  if (source.startsWith('~'))
    return { problem: `the volume "${text}": write the folder as an absolute path or one relative to the workspace` };
  if (path.isAbsolute(source) || source.startsWith('.')) return { hostPath: path.resolve(folder, source), containerPath, readOnly };
  return { hostPath: source, containerPath, readOnly, kind: 'volume' };
}

/** The run the task stands for, or what is wrong with it (said in the task's terminal). */
export function runConfigFromTask(
  definition: Partial<RunTaskDefinition>,
  folder: string,
  stat: (p: string) => PathKind,
): RunConfig | Problem {
  const image = typeof definition.image === 'string' ? definition.image.trim() : '';
  if (!image) return { problem: 'the task needs an "image" to run (e.g. the "tag" of the build task it depends on)' };
  if (/\s/.test(image)) return { problem: `the image "${image}" has a space in it` };
  for (const key of ['ports', 'volumes', 'args'] as const) {
    if (definition[key] !== undefined && !isStringList(definition[key])) return { problem: `"${key}" must be a list of strings` };
  }
  const env = definition.env ?? {};
  const badEnv = Object.entries(env).find(([, value]) => typeof value !== 'string');
  if (badEnv) return { problem: `the variable "${badEnv[0]}" must be a string` };
  const badName = Object.keys(env).find((name) => validateEnvEntry(`${name}=`));
  if (badName !== undefined) return { problem: `the variable "${badName}": ${validateEnvEntry(`${badName}=`)}` };
  if (definition.name !== undefined && typeof definition.name !== 'string') return { problem: '"name" must be a string' };

  const ports: PortChoice[] = [];
  for (const text of definition.ports ?? []) {
    const port = portFromTask(text);
    if ('problem' in port) return port;
    ports.push(port);
  }
  const volumes: VolumeChoice[] = [];
  for (const text of definition.volumes ?? []) {
    const volume = volumeFromTask(text, folder);
    if ('problem' in volume) return volume;
    volumes.push(volume);
  }
  const config: RunConfig = {
    image,
    name: definition.name?.trim() ?? '',
    args: [...(definition.args ?? [])],
    env: { ...env },
    ports,
    volumes,
    autoRemove: definition.autoRemove !== false,
    user: '',
  };
  const problems = runConfigProblems(config, stat);
  return problems.length ? { problem: problems.join('; ') } : config;
}
