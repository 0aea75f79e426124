/**
 * The real engine for integration tests. There is no fallback and no skip: a test that
 * needs the engine fails loudly, naming the address, when nothing answers there.
 */
import * as path from 'node:path';
import { createEngine } from '../../src/engine/createEngine';
import type { ContainerEngine, RunRequest } from '../../src/engine/engine';
import { OWNER_LABEL } from '../../src/engine/engine';

let shared: ContainerEngine | undefined;

export async function realEngine(): Promise<ContainerEngine> {
  if (shared) {
    return shared;
  }
  const engine = createEngine(undefined);
  try {
    await engine.version();
  } catch (err) {
    throw new Error(
      `Integration tests need a real container engine, and none answers at ${engine.endpoint.host} ` +
        `(DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset'}): ${(err as Error).message}\n` +
        'Run them through "npm test", which starts one.',
      { cause: err },
    );
  }
  shared = engine;
  return engine;
}

/** A label value unique to this test process, so cleanup only ever removes our own. */
export const TEST_RUN_LABEL = 'dev.container-workflows.test-run';
export const testRunId = `${process.pid}-${Date.now()}`;
export const testLabels = { [TEST_RUN_LABEL]: testRunId, [OWNER_LABEL]: 'container-workflows-tests' };

/** Removes every container this test process created (by label), with its anonymous volumes. */
export async function removeTestContainers(engine: ContainerEngine): Promise<void> {
  const mine = await engine.listContainers({ all: true, label: `${TEST_RUN_LABEL}=${testRunId}` });
  await Promise.all(mine.map((c) => engine.remove(c.id, { force: true, volumes: true })));
}

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const fixturesDir = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'mba');
export const templatesDir = path.join(repoRoot, 'templates');

export interface Completed {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a container to its end through the project's engine and collects its output. */
export async function runToCompletion(engine: ContainerEngine, request: RunRequest, signal?: AbortSignal): Promise<Completed> {
  const id = await engine.run({ ...request, labels: { ...testLabels, ...(request.labels ?? {}) }, autoRemove: false }, signal);
  try {
    const exitCode = await engine.wait(id, signal);
    let stdout = '';
    let stderr = '';
    await engine.logs(id, { follow: false }, (text, stream) => {
      if (stream === 'stdout') stdout += text;
      else stderr += text;
    });
    return { exitCode, stdout, stderr };
  } finally {
    await engine.remove(id, { force: true, volumes: true });
  }
}

/** Builds a folder as an image through the project's engine; returns the build output too. */
export async function buildFolder(
  engine: ContainerEngine,
  contextDir: string,
  tag: string,
  dockerfile = 'Dockerfile',
): Promise<{ imageId: string; output: string }> {
  let output = '';
  const result = await engine.build({ contextDir, dockerfile, tag, labels: testLabels }, (event) => {
    if (event.kind === 'output') output += event.text;
    if (event.kind === 'error') output += `ERROR: ${event.message}\n`;
  });
  return { imageId: result.imageId, output };
}
