/**
 * `container-workflows build`: an image from a folder, headless, over the same build code
 * as the extension. Progress on stderr, the image id as stdout's last line, and a failure
 * as `<Dockerfile>:<line>: <message>` lines on stderr, the shape problem matchers read.
 * Ctrl+C stops the build, and nothing it started is left running.
 */
import * as path from 'node:path';
import { createEngine } from './engine/createEngine';
import type { BuilderPreference, BuildRequest } from './engine/build/buildTypes';
import { CONTEXT_LABEL } from './engine/engine';
import { CancelledError, EngineUnavailableError } from './engine/errors';
import { formatProblem } from './workflows/build/buildProblems';
import { BuildProblemsError, buildDockerfile } from './workflows/build/buildDockerfile';

export const buildUsage = `Usage: container-workflows build <context> [-f <Dockerfile>] [-t <tag>] [--target <stage>]
         [--build-arg <NAME>=<value>]... [--label <key>=<value>]... [--no-cache] [--pull]
         [--builder auto|buildkit|classic]

Builds an image from the folder <context> with its Dockerfile (or the one -f names, inside
the context). BuildKit builds it when the engine has BuildKit, the classic builder
otherwise; --builder forces one. --build-arg NAME without a value takes NAME from the
environment.

Progress goes to stderr; the image id is the last line on stdout. A failing step is
reported as <Dockerfile>:<line>: <message>. Ctrl+C stops the build.

The engine is taken from DOCKER_HOST, the current Docker context, or the default socket.`;

export interface BuildCliArgs {
  context: string;
  dockerfile?: string;
  tag?: string;
  target?: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  noCache: boolean;
  pull: boolean;
  builder: BuilderPreference;
}

export class BuildUsageError extends Error {}

export function parseBuildArgs(argv: string[], env: Record<string, string | undefined> = {}): BuildCliArgs {
  const args: BuildCliArgs = { context: '', buildArgs: {}, labels: {}, noCache: false, pull: false, builder: 'auto' };
  let context: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new BuildUsageError(`${arg} needs a value`);
      return v;
    };
    if (name === '-f' || name === '--file') args.dockerfile = nonEmpty(name, value());
    else if (name === '-t' || name === '--tag') args.tag = nonEmpty(name, value());
    else if (name === '--target') args.target = nonEmpty(name, value());
    else if (name === '--build-arg') addBuildArg(args.buildArgs, value(), env);
    else if (name === '--label') addPair(args.labels, '--label', value());
    else if (name === '--no-cache' && eq < 0) args.noCache = true;
    else if (name === '--pull' && eq < 0) args.pull = true;
    else if (name === '--builder') args.builder = builderOf(value());
    else if (arg.startsWith('-') && arg !== '-') throw new BuildUsageError(`unknown option ${arg}`);
    else if (context === undefined) context = arg;
    else throw new BuildUsageError(`unexpected argument ${arg}: name one context folder`);
  }
  if (!context) throw new BuildUsageError('name the folder to build (the build context)');
  return { ...args, context };
}

function nonEmpty(option: string, value: string): string {
  if (value.trim() === '') throw new BuildUsageError(`${option} needs a value`);
  return value;
}

function addBuildArg(into: Record<string, string>, raw: string, env: Record<string, string | undefined>): void {
  if (raw.includes('=')) {
    addPair(into, '--build-arg', raw);
    return;
  }
  // As the Docker CLI does: a bare name takes its value from the environment, or is left out.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(raw)) throw new BuildUsageError(`--build-arg wants NAME=value or NAME (got "${raw}")`);
  const fromEnv = env[raw];
  if (fromEnv !== undefined) into[raw] = fromEnv;
}

function addPair(into: Record<string, string>, option: string, raw: string): void {
  const eq = raw.indexOf('=');
  const key = eq > 0 ? raw.slice(0, eq) : '';
  if (!key) throw new BuildUsageError(`${option} wants NAME=value (got "${raw}")`);
  into[key] = raw.slice(eq + 1);
}

function builderOf(raw: string): BuilderPreference {
  if (raw === 'auto' || raw === 'buildkit' || raw === 'classic') return raw;
  throw new BuildUsageError(`--builder is auto, buildkit or classic (got "${raw}")`);
}

/** What a build request looks like for these arguments, from the folder the CLI runs in. */
export function toBuildRequest(args: BuildCliArgs, cwd: string): BuildRequest {
  const contextDir = path.resolve(cwd, args.context);
  // -f is relative to where the CLI runs, as with `docker build`.
  const dockerfile = args.dockerfile ? path.relative(contextDir, path.resolve(cwd, args.dockerfile)) : 'Dockerfile';
  return {
    contextDir,
    dockerfile,
    tag: args.tag ?? '',
    labels: { [CONTEXT_LABEL]: contextDir, ...args.labels },
    buildArgs: args.buildArgs,
    target: args.target,
    noCache: args.noCache,
    pull: args.pull,
    builder: args.builder,
  };
}

/** A path as the person reads it: relative to where they are, when it is below there. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export async function runBuildCli(argv: string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(`${buildUsage}\n`);
    return 0;
  }
  let request: BuildRequest;
  const cwd = process.cwd();
  try {
    request = toBuildRequest(parseBuildArgs(argv, process.env), cwd);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${buildUsage}\n`);
    return 2;
  }
  const controller = new AbortController();
  const onSignal = () => {
    process.stderr.write('\nCancelling the build…\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const engine = createEngine(undefined);
    const result = await buildDockerfile(
      (r, onProgress, signal) => engine.build(r, onProgress, signal),
      request,
      (event) => {
        if (event.kind === 'output') process.stderr.write(event.text);
      },
      controller.signal,
    );
    const builder = result.builder === 'buildkit' ? 'BuildKit' : 'the classic builder';
    process.stderr.write(`Built ${result.tag || 'an untagged image'} with ${builder}.\n`);
    process.stdout.write(`${result.imageId}\n`);
    return 0;
  } catch (err) {
    if (err instanceof CancelledError) {
      process.stderr.write('Cancelled: the build was stopped.\n');
      return 130;
    }
    if (err instanceof BuildProblemsError) {
      for (const problem of err.problems) {
        for (const line of formatProblem({ ...problem, file: displayPath(problem.file, cwd) })) process.stderr.write(`${line}\n`);
      }
      return 1;
    }
    const message = err instanceof EngineUnavailableError ? `${err.problem.summary}\n${err.problem.action}` : (err as Error).message;
    process.stderr.write(`error: ${message}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
