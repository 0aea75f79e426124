/**
 * A RunRequest as the engine API wants it, and as the equivalent `docker run` line.
 * Both pure; one source of truth so "Copy as docker run command" is always exact.
 */
import type { ContainerCreateOptions } from 'dockerode';
import type { RunRequest } from './engine';

export function toCreateOptions(request: RunRequest): ContainerCreateOptions {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of request.ports ?? []) {
    const key = `${port.containerPort}/${port.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: port.hostIp ?? '', HostPort: String(port.hostPort) });
  }
  const options: ContainerCreateOptions = {
    Image: request.image,
    Env: Object.entries(request.env ?? {}).map(([k, v]) => `${k}=${v}`),
    Labels: { ...(request.labels ?? {}) },
    Tty: request.tty ?? false,
    OpenStdin: false,
    ExposedPorts: exposed,
    HostConfig: {
      AutoRemove: request.autoRemove ?? false,
      ...(request.network ? { NetworkMode: request.network } : {}),
      // MemorySwap equal to Memory: the limit is the whole budget, not doubled by swap.
      ...(request.memoryMiB ? { Memory: mebibytes(request.memoryMiB), MemorySwap: mebibytes(request.memoryMiB) } : {}),
      PortBindings: bindings,
      // Mounts, not Binds: a missing host folder is an error here instead of being
      // created by the engine as an empty root-owned folder, and ':' in paths is safe.
      Mounts: (request.volumes ?? []).map((v) => ({
        Type: 'bind' as const,
        Source: v.hostPath,
        Target: v.containerPath,
        ReadOnly: v.readOnly,
      })),
    },
  };
  if (request.name) {
    options.name = request.name;
  }
  if (request.args && request.args.length > 0) {
    options.Cmd = request.args;
  }
  if (request.user) {
    options.User = request.user;
  }
  if (request.workingDir) {
    options.WorkingDir = request.workingDir;
  }
  return options;
}

function mebibytes(mib: number): number {
  return Math.round(mib * 1024 * 1024);
}

/**
 * Characters no shell treats specially anywhere in a word: sh, bash (also with extglob and
 * history expansion) and zsh (also with extended_glob). Everything else (`~`, `#`, `!`, globs,
 * braces, `^`, quotes, `$`, spaces, non-ASCII, ...) is quoted.
 */
const BARE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
/**
 * zsh expands `=cmd` to the path of cmd at the start of a word (EQUALS, on by default) and,
 * with MAGIC_EQUAL_SUBST, after the `=` of a name=value word and after each `:` of its value.
 */
const ZSH_EQUALS_EXPANSION = /^=|[=:]=/;

/** Quotes one word for sh, bash and zsh, only when it needs it. The one quoting rule. */
export function shellQuote(word: string): string {
  if (BARE_WORD.test(word) && !ZSH_EQUALS_EXPANSION.test(word)) {
    return word;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The Docker CLI reads --mount as one CSV record: a field with a comma or quote is quoted. */
function csvField(field: string): string {
  return /[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** The `docker run` command that does exactly what `request` does. */
export function toDockerRunCommand(request: RunRequest, options: { includeLabels?: boolean } = {}): string {
  const words: string[] = ['docker', 'run'];
  if (request.autoRemove) {
    words.push('--rm');
  }
  if (request.tty) {
    words.push('-t');
  }
  if (request.name) {
    words.push('--name', request.name);
  }
  if (request.user) {
    words.push('--user', request.user);
  }
  if (request.workingDir) {
    words.push('--workdir', request.workingDir);
  }
  if (request.network) {
    words.push('--network', request.network);
  }
  if (request.memoryMiB) {
    words.push('--memory', `${request.memoryMiB}m`, '--memory-swap', `${request.memoryMiB}m`);
  }
  for (const port of request.ports ?? []) {
    const host = port.hostIp ? `${port.hostIp}:${port.hostPort}` : `${port.hostPort}`;
    const proto = port.protocol === 'tcp' ? '' : `/${port.protocol}`;
    words.push('-p', `${host}:${port.containerPort}${proto}`);
  }
  for (const volume of request.volumes ?? []) {
    const readonly = volume.readOnly ? ',readonly' : '';
    words.push('--mount', `type=bind,${csvField(`source=${volume.hostPath}`)},${csvField(`target=${volume.containerPath}`)}${readonly}`);
  }
  for (const [key, value] of Object.entries(request.env ?? {})) {
    words.push('-e', `${key}=${value}`);
  }
  if (options.includeLabels) {
    for (const [key, value] of Object.entries(request.labels ?? {})) {
      words.push('--label', `${key}=${value}`);
    }
  }
  words.push(request.image, ...(request.args ?? []));
  return words.map(shellQuote).join(' ');
}
