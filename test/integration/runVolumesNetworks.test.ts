/**
 * The run request's named volumes and user network on the real engine, through the one
 * engine call every run uses (engine.run with runArgs.ts): a file written into a named
 * volume by one container is read by another, a container reaches another by its alias on
 * a user network, and the Volumes and Networks views' models list what each uses. A run
 * started from the form's start after an aliased run (fromLastRun) joins the same network
 * without taking the alias: the name still answers with the first container alone.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { createNetwork, removeNetwork } from '../../src/engine/networks/networks';
import { toDockerRunCommand } from '../../src/engine/runArgs';
import { type RunConfig, fromLastRun, toRunRequest } from '../../src/workflows/runConfig';
import { createVolume, removeVolume } from '../../src/engine/volumes/volumes';
import { createNetworksModel, createVolumesModel } from '../../src/views/listModel';
import { realEngine, removeTestContainers, testLabels, testRunId } from '../support/realEngine';

const DEBIAN = 'debian:bookworm-slim';
const PYTHON = 'python:3.11-slim';
let engine: ContainerEngine;
const volumeName = `cw-test-runvol-${testRunId}`;
const networkName = `cw-test-runnet-${testRunId}`;

async function outputOf(id: string): Promise<{ code: number; text: string }> {
  const code = await engine.wait(id);
  let text = '';
  await engine.logs(id, { follow: false }, (t) => (text += t));
  return { code, text };
}

before(async () => {
  engine = await realEngine();
  await createVolume(engine.api, { name: volumeName, labels: testLabels });
  await createNetwork(engine.api, { name: networkName, labels: testLabels });
});

after(async () => {
  await removeTestContainers(engine);
  await removeVolume(engine.api, volumeName).catch(() => undefined);
  await removeNetwork(engine.api, networkName).catch(() => undefined);
});

describe('a run with a named volume and a user network', { timeout: 180_000 }, () => {
  it('shares a named volume between two containers, and the docker run line says -v name:/path', async () => {
    const writer = {
      image: DEBIAN,
      args: ['sh', '-c', 'echo shared-by-name > /data/note.txt'],
      volumes: [{ kind: 'volume' as const, hostPath: volumeName, containerPath: '/data', readOnly: false }],
      labels: testLabels,
    };
    assert.match(toDockerRunCommand(writer), new RegExp(`-v ${volumeName}:/data `));
    assert.equal((await outputOf(await engine.run(writer))).code, 0);
    const reader = await engine.run({
      image: DEBIAN,
      args: ['cat', '/data/note.txt'],
      volumes: [{ kind: 'volume', hostPath: volumeName, containerPath: '/data', readOnly: true }],
      labels: testLabels,
    });
    const { code, text } = await outputOf(reader);
    assert.equal(code, 0);
    assert.match(text, /shared-by-name/);

    const model = createVolumesModel(() => engine);
    await model.refresh();
    assert.equal(model.state.kind, 'ready');
    const listed = model.state.kind === 'ready' ? model.state.items.find((v) => v.name === volumeName) : undefined;
    assert.deepEqual(listed?.users.map((u) => u.containerPath).sort(), ['/data', '/data']);
    model.dispose();
  });

  it('reaches a container by its alias on a user network, and the Networks model lists both attached', async () => {
    const server = await engine.run({
      image: PYTHON,
      args: ['python', '-m', 'http.server', '8000'],
      network: networkName,
      networkAliases: ['web'],
      labels: testLabels,
    });
    const client = await engine.run({
      image: PYTHON,
      args: [
        'python',
        '-c',
        'import time, urllib.request\nfor _ in range(60):\n  try:\n    print(urllib.request.urlopen("http://web:8000/").status); break\n  except Exception: time.sleep(0.5)',
      ],
      network: networkName,
      labels: testLabels,
    });
    const model = createNetworksModel(() => engine);
    await model.refresh();
    const listed = model.state.kind === 'ready' ? model.state.items.find((n) => n.name === networkName) : undefined;
    assert.ok(listed?.containers.some((c) => c.id === server));
    model.dispose();
    const { code, text } = await outputOf(client);
    assert.equal(code, 0);
    assert.match(text, /200/);
  });

  it("the next run from the form joins the last run's network but does not take its alias", async () => {
    const alias = `solo${testRunId.replace(/-/g, '').slice(0, 8)}`;
    const first: RunConfig = {
      image: DEBIAN,
      name: '',
      args: ['sleep', '120'],
      env: {},
      ports: [],
      volumes: [],
      autoRemove: false,
      user: '',
      network: networkName,
      networkAliases: [alias],
    };
    const held = await engine.run({ ...toRunRequest(first), labels: testLabels });
    const next = fromLastRun(first);
    next.args = ['getent', 'ahostsv4', alias];
    assert.match(toDockerRunCommand(toRunRequest(next)), new RegExp(`--network ${networkName} `));
    const asker = await engine.run({ ...toRunRequest(next), labels: testLabels });
    const { code, text } = await outputOf(asker);
    assert.equal(code, 0, text);

    type Inspected = { NetworkSettings?: { Networks?: Record<string, { IPAddress?: string; Aliases?: string[] | null }> } };
    const endpoint = async (id: string) =>
      ((await engine.inspectRaw('container', id)) as Inspected).NetworkSettings?.Networks?.[networkName];
    const holder = await endpoint(held);
    assert.ok(holder?.Aliases?.includes(alias), 'the first run has the alias');
    const joined = await endpoint(asker);
    assert.ok(joined, 'the next run is on the same network');
    assert.ok(!(joined.Aliases ?? []).includes(alias), 'the next run does not take the alias');
    const answers = new Set(
      text
        .split('\n')
        .map((l) => l.trim().split(/\s+/)[0])
        .filter(Boolean),
    );
    assert.deepEqual([...answers], [holder?.IPAddress], 'the alias answers with the first container alone');
  });
});
