/**
 * The sidebar's models against the real engine (DOCKER_HOST), wired exactly as
 * the Sidebar wires them (createSidebarModels: lists + refresh manager + event hub +
 * engine monitor), without an editor:
 * - a container started outside the extension appears within 1 s, through the event stream;
 * - start, stop, restart, remove and the owned clean-up change the engine's state, and the
 *   lists follow;
 * - removing a stopped container keeps its anonymous volume and the data in it, unless the
 *   removal says to delete anonymous volumes too (the modal's second button);
 * - the engine going away (a test-owned socket proxy stops) shows as "unavailable", no
 *   throw; when it comes back the lists recover by themselves, without a reload.
 *
 * Everything created here carries this run's test label and is removed at the end.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { createEngine } from '../../src/engine/createEngine';
import type { ContainerEngine, ContainerSummary } from '../../src/engine/engine';
import { EngineMonitor } from '../../src/engine/engineMonitor';
import { EngineRequestError } from '../../src/engine/errors';
import { EngineEventHub } from '../../src/engine/eventHub';
import {
  failures,
  pruneOwnedContainers,
  removeContainers,
  restartContainers,
  startContainers,
  stopContainers,
} from '../../src/commands/containers/containerOperations';
import { REMOVE, REMOVE_WITH_VOLUMES, removalQuestion, removeOptionsFor } from '../../src/commands/containers/removalQuestion';
import { groupContainers } from '../../src/views/containerPresentation';
import type { ContainersModel } from '../../src/views/listModel';
import { type SidebarModels, createSidebarModels } from '../../src/views/sidebarModels';
import { TEST_RUN_LABEL, buildFolder, realEngine, removeTestContainers, testLabels, testRunId } from '../support/realEngine';
import { EngineSocketProxy, engineSocketPath } from '../support/socketProxy';

const DEBIAN = 'debian:bookworm-slim';
const PREFIX = 'cw-test-views-';
/** Exits at once on SIGTERM, so stop does not wait the engine's 10 s grace period. */
const IDLE = "trap 'exit 0' TERM; while :; do sleep 0.2; done";
const mine = `${TEST_RUN_LABEL}=${testRunId}`;

let engine: ContainerEngine;

function name(what: string): string {
  return `${PREFIX}${what}-${testRunId}`;
}

/** Resolves when `probe` holds, checked after every change of the model (and once now). */
function whenModel<T>(model: ContainersModel, what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const value = probe();
      if (value !== undefined) {
        subscription.dispose();
        clearTimeout(timer);
        resolve(value);
      }
    };
    const subscription = model.onDidChange(check);
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; model state: ${JSON.stringify(model.state).slice(0, 300)}`));
    }, timeoutMs);
    check();
  });
}

/** Which group (running / stopped) the tree puts a container in, if it shows it at all. */
function groupOf(model: ContainersModel, id: string): 'running' | 'stopped' | undefined {
  const state = model.state;
  if (state.kind !== 'ready') return undefined;
  return groupContainers(state.items, 'all').find((g) => g.containers.some((c) => c.container.id === id))?.kind;
}

async function waitUntil(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Rig {
  monitor: EngineMonitor;
  events: EngineEventHub;
  models: SidebarModels;
  dispose(): void;
}

/** The sidebar's models for an engine address, with the Containers view "visible". */
async function openSidebar(host: string | undefined, backoffMs?: number[]): Promise<Rig> {
  const monitor = new EngineMonitor(() => createEngine(host));
  const events = new EngineEventHub(() => monitor.engine, { backoffMs });
  const models = createSidebarModels(monitor, events);
  models.refresher.setVisible('containers', true);
  await whenModel(models.containers, 'the first list', () => (models.containers.state.kind === 'ready' ? true : undefined));
  await waitUntil('the event stream to connect', () => events.state === 'connected');
  return {
    monitor,
    events,
    models,
    dispose: () => {
      models.dispose();
      events.dispose();
      monitor.dispose();
    },
  };
}

async function runIdle(what: string, labels: Record<string, string> = testLabels): Promise<ContainerSummary> {
  const id = await engine.run({ image: DEBIAN, name: name(what), args: ['sh', '-c', IDLE], labels });
  const [summary] = await engine
    .listContainers({ all: true, label: `${TEST_RUN_LABEL}=${testRunId}` })
    .then((l) => l.filter((c) => c.id === id));
  return summary;
}

describe('sidebar models on the real engine', () => {
  before(async () => {
    engine = await realEngine();
  });

  after(async () => {
    await removeTestContainers(engine);
  });

  it('a container started outside the extension appears in the running group within 1 s, by events alone', async (t) => {
    const rig = await openSidebar(undefined);
    try {
      // Straight through the engine API, as `docker run` would: not through the extension.
      const docker = new Docker({ socketPath: engineSocketPath() });
      const container = await docker.createContainer({
        Image: DEBIAN,
        name: name('outside'),
        Cmd: ['sh', '-c', IDLE],
        Labels: { [TEST_RUN_LABEL]: testRunId },
      });
      await container.start();
      const startedAt = Date.now();
      await whenModel(
        rig.models.containers,
        'the outside container in the running group',
        () => (groupOf(rig.models.containers, container.id) === 'running' ? true : undefined),
        5_000,
      );
      const elapsed = Date.now() - startedAt;
      t.diagnostic(`appeared ${elapsed} ms after the start call returned`);
      assert.ok(elapsed < 1000, `appeared after ${elapsed} ms`);
      // Not owned: the "only mine" scope leaves it out.
      const state = rig.models.containers.state;
      assert.ok(state.kind === 'ready');
      assert.equal(
        groupContainers(state.items, 'owned').some((g) => g.containers.some((c) => c.container.id === container.id)),
        false,
      );
    } finally {
      rig.dispose();
    }
  });

  it('start, stop, restart and remove change the engine’s state, and the list follows', async () => {
    const rig = await openSidebar(undefined);
    const model = rig.models.containers;
    try {
      const target = await runIdle('lifecycle');
      await whenModel(model, 'the new container running', () => (groupOf(model, target.id) === 'running' ? true : undefined));

      assert.deepEqual(failures(await stopContainers(engine, [target])), []);
      assert.equal((await engine.inspectContainer(target.id))?.state, 'exited');
      await whenModel(model, 'the container in the stopped group', () => (groupOf(model, target.id) === 'stopped' ? true : undefined));

      assert.deepEqual(failures(await startContainers(engine, [target])), []);
      assert.equal((await engine.inspectContainer(target.id))?.running, true);
      await whenModel(model, 'the container running again', () => (groupOf(model, target.id) === 'running' ? true : undefined));

      const before = (await engine.inspectContainer(target.id))?.startedAt?.getTime() ?? 0;
      assert.deepEqual(failures(await restartContainers(engine, [target])), []);
      const after = await engine.inspectContainer(target.id);
      assert.equal(after?.running, true);
      assert.ok((after?.startedAt?.getTime() ?? 0) > before, 'restart started it anew');

      // A running container is not removed without force (the command asks first, then forces).
      const refused = await removeContainers(engine, [target], { force: false });
      assert.ok(refused[0].error instanceof EngineRequestError);
      assert.ok(await engine.inspectContainer(target.id));
      assert.deepEqual(failures(await removeContainers(engine, [target], { force: true })), []);
      assert.equal(await engine.inspectContainer(target.id), undefined);
      await whenModel(model, 'the container gone from the list', () => (groupOf(model, target.id) === undefined ? true : undefined));
    } finally {
      rig.dispose();
    }
  });

  it('the clean-up removes stopped containers with the owner label, and nothing else', async () => {
    const ownedStopped = await runIdle('owned-stopped');
    const ownedRunning = await runIdle('owned-running');
    const foreignStopped = await runIdle('foreign-stopped', { [TEST_RUN_LABEL]: testRunId });
    await stopContainers(engine, [ownedStopped, foreignStopped]);
    // Narrowed to this run's containers: other test files share the engine.
    const outcomes = await pruneOwnedContainers(engine, { label: mine });
    assert.deepEqual(
      outcomes.map((o) => o.target.id),
      [ownedStopped.id],
    );
    assert.equal(await engine.inspectContainer(ownedStopped.id), undefined);
    assert.equal((await engine.inspectContainer(ownedRunning.id))?.running, true);
    assert.equal((await engine.inspectContainer(foreignStopped.id))?.state, 'exited');
  });

  it('removing a stopped container keeps its anonymous volume with the data, unless told to delete anonymous volumes', async () => {
    const docker = new Docker({ socketPath: engineSocketPath() });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-views-volume-'));
    const tag = `${PREFIX}volume:${testRunId}`;
    const containers: string[] = [];
    const volumes: string[] = [];
    const volumeExists = (volume: string) =>
      docker
        .getVolume(volume)
        .inspect()
        .then(
          () => true,
          (err: { statusCode?: number }) => {
            if (err.statusCode === 404) return false;
            throw err;
          },
        );
    /** A stopped container whose declared VOLUME /data holds a file it wrote; its summary, its inspect and that volume. */
    const writer = async (what: string) => {
      const id = await engine.run({
        image: tag,
        name: name(what),
        args: ['sh', '-c', `echo ${what} > /data/kept.txt`],
        labels: testLabels,
      });
      containers.push(id);
      assert.equal(await engine.wait(id), 0);
      const [summary] = (await engine.listContainers({ all: true, label: mine })).filter((c) => c.id === id);
      const details = await engine.inspectContainer(id);
      volumes.push(...(details?.mounts ?? []).filter((m) => m.type === 'volume').map((m) => m.name));
      const anonymous = details?.mounts.filter((m) => m.anonymous) ?? [];
      assert.deepEqual(
        anonymous.map((m) => [m.type, m.containerPath]),
        [['volume', '/data']],
        `the declared VOLUME is an anonymous volume: ${JSON.stringify(details?.mounts)}`,
      );
      return { summary, details, volume: anonymous[0].name };
    };
    try {
      fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${DEBIAN}\nVOLUME /data\n`);
      await buildFolder(engine, dir, tag);

      const kept = await writer('kept');
      assert.equal(kept.summary.state, 'exited');
      // What the command decides: it must ask, and offer to delete the volume as a second choice.
      const question = removalQuestion([kept]);
      assert.equal(question.ask, true);
      assert.deepEqual(question.choices, [REMOVE, REMOVE_WITH_VOLUMES]);
      assert.match(question.detail, /An anonymous volume is mounted at \/data/);
      const plain = removeOptionsFor(question, REMOVE);
      assert.ok(plain);
      assert.deepEqual(failures(await removeContainers(engine, [kept.summary], plain)), []);
      assert.equal(await engine.inspectContainer(kept.summary.id), undefined, 'the container is gone');
      assert.equal(await volumeExists(kept.volume), true, 'its anonymous volume is kept, as docker rm keeps it');
      // And the file in it is intact: a reader mounting that volume by name finds it.
      const reader = await docker.createContainer({
        Image: DEBIAN,
        Cmd: ['cat', '/data/kept.txt'],
        Labels: testLabels,
        HostConfig: { Binds: [`${kept.volume}:/data:ro`] },
      });
      containers.push(reader.id);
      await reader.start();
      assert.equal(((await reader.wait()) as { StatusCode: number }).StatusCode, 0);
      assert.match((await reader.logs({ stdout: true, stderr: true })).toString('utf8'), /kept/);
      await reader.remove();

      const dropped = await writer('dropped');
      const withVolumes = removeOptionsFor(removalQuestion([dropped]), REMOVE_WITH_VOLUMES);
      assert.deepEqual(withVolumes, { force: false, volumes: true });
      assert.deepEqual(failures(await removeContainers(engine, [dropped.summary], withVolumes)), []);
      assert.equal(await engine.inspectContainer(dropped.summary.id), undefined);
      assert.equal(await volumeExists(dropped.volume), false, 'with the option, its anonymous volume is deleted');
    } finally {
      await Promise.all(containers.map((id) => engine.remove(id, { force: true, volumes: true })));
      for (const volume of volumes)
        await docker
          .getVolume(volume)
          .remove()
          .catch(() => undefined);
      await engine.removeImage(tag, { force: true }).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the engine going away shows as unavailable (no throw), and the list recovers by itself when it returns', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-views-proxy-'));
    const proxy = new EngineSocketProxy(path.join(dir, 'engine.sock'), engineSocketPath());
    await proxy.start();
    const rig = await openSidebar(`unix://${proxy.socketPath}`, [200, 500, 1000]);
    const model = rig.models.containers;
    try {
      const before = await runIdle('before-outage');
      await whenModel(model, 'the container listed through the proxy', () => (groupOf(model, before.id) ? true : undefined));

      await proxy.stop();
      // Nobody refreshes by hand: the broken event stream is what tells the sidebar.
      const problem = await whenModel(model, 'the unavailable state', () =>
        model.state.kind === 'unavailable' ? model.state.problem : undefined,
      );
      assert.match(problem.summary, /engine\.sock/);
      await waitUntil('the monitor to agree', () => rig.monitor.status.state === 'unavailable');

      // Something happens meanwhile, which no event can tell the sidebar about.
      const during = await runIdle('during-outage');

      await proxy.start();
      await whenModel(
        model,
        'the list back, with the container started during the outage',
        () => (groupOf(model, during.id) === 'running' ? true : undefined),
        30_000,
      );
      await waitUntil('the monitor to say connected', () => rig.monitor.status.state === 'connected');
      await waitUntil('the event stream to reconnect', () => rig.events.state === 'connected');
    } finally {
      rig.dispose();
      await proxy.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
