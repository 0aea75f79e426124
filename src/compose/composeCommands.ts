/**
 * Compose command lines, for both flavours, built from what the person chose. Pure: the
 * unit tests check exactly what is built; composeProcess.ts runs it.
 *
 * Output goes two places in the extension: an output channel (up, down, pull, build,
 * restart, start, stop, config), which shows no colours, so `--ansi never`; and a terminal for logs,
 * which does, so `--ansi always` (the CLI sees a pipe, not a TTY, and would otherwise
 * decide for itself). Every service's lines keep the prefix compose gives them.
 */
import type { EngineEndpoint } from '../engine/connection';
import { shellQuote } from '../engine/runArgs';
import type { ComposeCli } from './composeCli';
import { engineForCompose } from './composeEnvironment';

/** Which project a command is about. */
export interface ComposeTarget {
  /** The compose files, absolute paths, in the order given (later files override). */
  files: string[];
  /** The project folder (relative paths, .env); compose's default is the first file's folder. */
  projectDirectory?: string;
  /** The project name; compose's default comes from the project folder's name. */
  projectName?: string;
  /** Profiles to enable: services that name one of them start too. */
  profiles?: string[];
}

export type ComposeCommand =
  | { kind: 'up'; services?: string[]; build?: boolean; removeOrphans?: boolean }
  | { kind: 'down'; volumes?: boolean; removeOrphans?: boolean }
  | { kind: 'restart'; services?: string[] }
  /** The whole project only: docker-compose 1.29's `start` takes no "--" before service names. */
  | { kind: 'start' }
  | { kind: 'stop' }
  | { kind: 'pull'; services?: string[] }
  | { kind: 'build'; services?: string[]; pull?: boolean }
  | { kind: 'logs'; services?: string[]; follow?: boolean; tail?: number }
  /** Validate only: prints nothing on success, the problems on stderr otherwise. */
  | { kind: 'config' };

export interface ComposeInvocation {
  program: string;
  args: string[];
  env: Record<string, string>;
  /** The project folder: where a person would type the command. */
  cwd: string;
  /** The command line as a person would type it (no environment), for the output. */
  display: string;
}

/** Arguments that choose the project: the same for every command. */
export function projectArgs(target: ComposeTarget): string[] {
  if (target.files.length === 0) {
    throw new Error('A compose command needs at least one compose file.');
  }
  const args: string[] = [];
  for (const file of target.files) args.push('-f', file);
  if (target.projectName) args.push('-p', target.projectName);
  if (target.projectDirectory) args.push('--project-directory', target.projectDirectory);
  for (const profile of unique(target.profiles ?? [])) args.push('--profile', profile);
  return args;
}

/** `--ansi` came with docker-compose 1.28; before it, only `--no-ansi` (never) existed. */
function ansiArgs(cli: ComposeCli, mode: 'always' | 'never'): string[] {
  if (cli.major === 1 && !atLeast(cli.version, 1, 28)) {
    return mode === 'never' ? ['--no-ansi'] : [];
  }
  return ['--ansi', mode];
}

/** The subcommand and its own arguments. */
export function commandArgs(command: ComposeCommand): string[] {
  const services = (list?: string[]) => (list && list.length > 0 ? ['--', ...unique(list)] : []);
  switch (command.kind) {
    case 'up':
      return [
        'up',
        '-d',
        ...(command.build ? ['--build'] : []),
        ...(command.removeOrphans ? ['--remove-orphans'] : []),
        ...services(command.services),
      ];
    case 'down':
      return ['down', ...(command.volumes ? ['--volumes'] : []), ...(command.removeOrphans ? ['--remove-orphans'] : [])];
    case 'restart':
      return ['restart', ...services(command.services)];
    case 'start':
      return ['start'];
    case 'stop':
      return ['stop'];
    case 'pull':
      return ['pull', ...services(command.services)];
    case 'build':
      return ['build', ...(command.pull ? ['--pull'] : []), ...services(command.services)];
    case 'logs': {
      const tail = command.tail !== undefined ? ['--tail', String(Math.max(0, Math.floor(command.tail)))] : [];
      return ['logs', ...(command.follow ? ['--follow'] : []), ...tail, ...services(command.services)];
    }
    case 'config':
      return ['config', '--quiet'];
  }
}

/** The whole invocation: program, arguments, environment (the extension's engine) and folder. */
export function composeInvocation(
  cli: ComposeCli,
  endpoint: EngineEndpoint,
  target: ComposeTarget,
  command: ComposeCommand,
  baseEnv: Record<string, string | undefined>,
): ComposeInvocation {
  const engine = engineForCompose(cli, endpoint, baseEnv);
  const ansi = ansiArgs(cli, command.kind === 'logs' ? 'always' : 'never');
  const composeArgs = [...projectArgs(target), ...ansi, ...commandArgs(command)];
  // The plugin's --context is the docker CLI's, before "compose"; 1.29 takes it as its own.
  const args = cli.flavour === 'plugin' ? [...engine.globalArgs, 'compose', ...composeArgs] : [...engine.globalArgs, ...composeArgs];
  const cwd = target.projectDirectory ?? dirname(target.files[0]);
  return { program: cli.program, args, env: engine.env, cwd, display: [cli.program, ...args].map(shellQuote).join(' ') };
}

/**
 * The project name compose gives a folder when no -p is given. v1 keeps only [a-z0-9];
 * v2 keeps [a-z0-9_-] and drops leading characters that are not a letter or digit.
 */
export function defaultProjectName(folder: string, major: number): string {
  const base =
    folder
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  const lower = base.toLowerCase();
  return major === 1 ? lower.replace(/[^a-z0-9]/g, '') : lower.replace(/[^a-z0-9_-]/g, '').replace(/^[^a-z0-9]+/, '');
}

function dirname(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut > 0 ? file.slice(0, cut) : cut === 0 ? file.slice(0, 1) : '.';
}

function unique(list: string[]): string[] {
  return [...new Set(list.filter((s) => s.trim() !== ''))];
}

function atLeast(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.').map((n) => parseInt(n, 10));
  return a > major || (a === major && b >= minor);
}
