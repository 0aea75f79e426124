/**
 * The compose CLI against the test engine, for the integration tests: the CLI this machine
 * has (docker-compose 1.29 here; scripts/lib/test-packages.sh installs it, so a missing one
 * fails the tests rather than skipping them), project names unique to this test process,
 * and cleanup of everything a project made, by its labels.
 */
import * as fs from 'node:fs';
import Docker from 'dockerode';
import { type ComposeCli, findComposeCli } from '../../src/compose/composeCli';
import { type ComposeCommand, type ComposeTarget, composeInvocation } from '../../src/compose/composeCommands';
import { type ComposeRunOptions, type ComposeRunResult, runCompose } from '../../src/compose/composeProcess';
import { COMPOSE_LABELS } from '../../src/compose/composeProjects';
import type { ContainerEngine } from '../../src/engine/engine';
import { toDockerodeOptions } from '../../src/engine/dockerodeOptions';

let cli: Promise<ComposeCli> | undefined;

export function composeCli(): Promise<ComposeCli> {
  cli ??= findComposeCli();
  return cli;
}

let counter = 0;
/** A project name no other test run uses; [a-z0-9] only, which both CLIs keep as it is. */
export function uniqueProjectName(label: string): string {
  counter++;
  return `cwt${label.replace(/[^a-z0-9]/g, '')}${process.pid}x${Date.now().toString(36)}${counter}`;
}

export async function compose(
  engine: ContainerEngine,
  target: ComposeTarget,
  command: ComposeCommand,
  options: ComposeRunOptions & { env?: Record<string, string> } = {},
): Promise<ComposeRunResult> {
  const invocation = composeInvocation(await composeCli(), engine.endpoint, target, command, { ...process.env, ...options.env });
  return runCompose(invocation, options);
}

/** Fails with what compose printed when it did not succeed. */
export function assertSucceeded(result: ComposeRunResult, what: string): void {
  if (result.exitCode !== 0) {
    throw new Error(`${what} exited with ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
  }
}

/** The engine's networks and volumes of a project (ContainerEngine has no API for them: the tests read them directly). */
export function projectResources(engine: ContainerEngine) {
  const docker = new Docker(toDockerodeOptions(engine.endpoint, (p) => fs.readFileSync(p), process.env));
  const filter = (project: string) => ({ filters: JSON.stringify({ label: [`${COMPOSE_LABELS.project}=${project}`] }) });
  return {
    networks: async (project: string) => (await docker.listNetworks(filter(project))).map((n) => n.Name).sort(),
    volumes: async (project: string) => ((await docker.listVolumes(filter(project))).Volumes ?? []).map((v) => v.Name).sort(),
    /** Removes everything labelled with the project: containers (with volumes), networks, volumes, and the images it built. */
    async removeProject(project: string, builtImages: string[] = []): Promise<void> {
      const containers = await engine.listContainers({ all: true, label: `${COMPOSE_LABELS.project}=${project}` });
      await Promise.all(containers.map((c) => engine.remove(c.id, { force: true, volumes: true })));
      for (const n of await docker.listNetworks(filter(project)))
        await docker
          .getNetwork(n.Id)
          .remove()
          .catch(() => undefined);
      for (const v of (await docker.listVolumes(filter(project))).Volumes ?? [])
        await docker
          .getVolume(v.Name)
          .remove()
          .catch(() => undefined);
      for (const image of builtImages) await engine.removeImage(image, { force: true }).catch(() => undefined);
    },
  };
}
