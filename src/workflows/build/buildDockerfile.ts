/**
 * A build of one Dockerfile, headless: read the file's facts, refuse an option the file
 * cannot satisfy before asking the engine, build, and on failure say which lines failed.
 * The CLI, and later the Build Image command and the build task, share it; the engine
 * part comes in as a function, so this works with any engine that builds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImageBuildError, type BuilderKind, type BuildEvent, type BuildRequest, type BuildResult } from '../../engine/build/buildTypes';
import { problemsBeforeBuild, problemsForFailure, type BuildProblem } from './buildProblems';
import { declaredArgs, readDockerfileFacts, type DockerfileFacts } from './dockerfileFacts';

export type ImageBuilder = (request: BuildRequest, onProgress: (event: BuildEvent) => void, signal?: AbortSignal) => Promise<BuildResult>;

/** The build failed; `problems` say where in the Dockerfile and why. */
export class BuildProblemsError extends Error {
  constructor(
    readonly problems: BuildProblem[],
    readonly builder: BuilderKind | undefined,
    cause?: unknown,
  ) {
    super(problems.map((p) => `${path.basename(p.file)}:${p.firstLine}: ${p.message}`).join('\n'), { cause });
    this.name = 'BuildProblemsError';
  }
}

export interface DockerfileBuildResult extends BuildResult {
  facts: DockerfileFacts;
}

/** The Dockerfile's absolute path; it must be inside the context, which is what the engine receives. */
export function dockerfileIn(contextDir: string, dockerfile: string): string {
  const absolute = path.resolve(contextDir, dockerfile);
  const relative = path.relative(path.resolve(contextDir), absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(
      `The Dockerfile ${absolute} is not inside the build context ${path.resolve(contextDir)}: the engine only receives the context.`,
    );
  }
  return absolute;
}

export async function buildDockerfile(
  build: ImageBuilder,
  request: BuildRequest,
  onProgress: (event: BuildEvent) => void,
  signal?: AbortSignal,
): Promise<DockerfileBuildResult> {
  const file = dockerfileIn(request.contextDir, request.dockerfile);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(
      `Cannot read the Dockerfile ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (err as Error).message}.`,
      { cause: err },
    );
  }
  const facts = readDockerfileFacts(text);
  // Only a wrong option stops the build here; what the file itself says is the engine's to judge.
  const blocking = problemsBeforeBuild(facts, file, { target: request.target }).filter((p) => p.how === 'file');
  if (blocking.length > 0) {
    throw new BuildProblemsError(blocking, undefined);
  }
  for (const name of undeclaredArgs(facts, request.buildArgs ?? {})) {
    onProgress({ kind: 'output', text: `Warning: the Dockerfile declares no ARG ${name}, so --build-arg ${name} changes nothing.\n` });
  }
  const relative = path.relative(path.resolve(request.contextDir), file);
  try {
    const result = await build({ ...request, dockerfile: relative }, onProgress, signal);
    return { ...result, facts };
  } catch (err) {
    if (err instanceof ImageBuildError) {
      throw new BuildProblemsError(problemsForFailure(err, facts, file), err.builder, err);
    }
    throw err;
  }
}

/** Arguments every build knows without an ARG line (proxies) or that BuildKit sets itself. */
const predefinedArgs = /^(HTTP_PROXY|HTTPS_PROXY|FTP_PROXY|NO_PROXY|ALL_PROXY|BUILDKIT_.*|(TARGET|BUILD)(PLATFORM|OS|ARCH|VARIANT))$/i;

export function undeclaredArgs(facts: DockerfileFacts, buildArgs: Record<string, string>): string[] {
  const declared = new Set(declaredArgs(facts).map((a) => a.name));
  return Object.keys(buildArgs).filter((name) => !declared.has(name) && !predefinedArgs.test(name));
}
