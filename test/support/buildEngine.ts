/**
 * What the build integration tests share: a dockerode client for the real engine, a
 * folder per Dockerfile, a build that records its events, and the cleanup of what the
 * builds leave (test images, the cache mounts they made).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDockerClient, type DockerClient } from '../../src/engine/build/dockerClient';
import { dial, modemOf } from '../../src/engine/build/engineProbe';
import type { BuildEvent, BuildRequest, BuildResult } from '../../src/engine/build/buildTypes';
import { realEngine, testLabels, testRunId } from './realEngine';

export const buildRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-buildkit-'));

let client: DockerClient | undefined;
export function dockerClient(): DockerClient {
  client ??= createDockerClient(undefined);
  return client;
}

/** A build context holding this Dockerfile. */
export function contextWith(dockerfile: string): string {
  const dir = fs.mkdtempSync(path.join(buildRoot, 'ctx-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

export const tagFor = (name: string) => `cw-test/build-${name}:${testRunId}`;

export interface RecordedRun {
  events: BuildEvent[];
  result?: BuildResult;
  error?: unknown;
}

/** Builds through the project's engine (ContainerEngine.build) and keeps every event; never throws. */
export async function recordBuild(
  request: Partial<BuildRequest> & { contextDir: string },
  signal?: AbortSignal,
  onEvent?: (e: BuildEvent) => void,
): Promise<RecordedRun> {
  const run: RecordedRun = { events: [] };
  const engine = await realEngine();
  try {
    run.result = await engine.build(
      { dockerfile: 'Dockerfile', tag: '', labels: testLabels, ...request },
      (e) => {
        run.events.push(e);
        onEvent?.(e);
      },
      signal,
    );
  } catch (err) {
    run.error = err;
  }
  return run;
}

export const logsOf = (run: RecordedRun) => run.events.flatMap((e) => (e.kind === 'stepLog' ? [e.text] : [])).join('');
export const outputOf = (run: RecordedRun) => run.events.flatMap((e) => (e.kind === 'output' ? [e.text] : [])).join('');

/** The last state each step reached, by name. */
export function finalStates(run: RecordedRun): Map<string, string> {
  const states = new Map<string, string>();
  for (const e of run.events) if (e.kind === 'stepState') states.set(e.step.name, e.step.state);
  return states;
}

/** Removes the test images of these tags (and what only they used). */
export async function removeImages(tags: string[]): Promise<void> {
  const { docker } = dockerClient();
  for (const tag of tags) {
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
  }
}

/** Removes BuildKit's cache mounts whose description names this marker (their target path). */
export async function pruneCacheMounts(marker: string): Promise<string[]> {
  const { docker } = dockerClient();
  const df = (await docker.df()) as { BuildCache?: { ID: string; Type: string; Description?: string }[] };
  const ids = (df.BuildCache ?? []).filter((c) => c.Type === 'exec.cachemount' && (c.Description ?? '').includes(marker)).map((c) => c.ID);
  if (ids.length > 0) {
    await dial(modemOf(docker), { path: '/build/prune?', method: 'POST', options: { filters: { id: ids } }, statusCodes: { 200: true } });
  }
  return ids;
}

/** Raw container rows (with their command), for "no build container is left". */
export async function containersRunning(marker: string): Promise<string[]> {
  const { docker } = dockerClient();
  const all = await docker.listContainers({ all: true });
  return all.filter((c) => (c.Command ?? '').includes(marker)).map((c) => `${c.Id.slice(0, 12)} ${c.State} ${c.Command}`);
}
