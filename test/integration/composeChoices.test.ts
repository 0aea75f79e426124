/**
 * What the Compose commands added for choosing and the project node do, through the real
 * docker-compose 1.29 on the test engine: Up of the services and profiles a person picked
 * (the same pure functions the picker uses build the command), Pull from a local registry,
 * Build and a cancelled Build that leaves nothing running, and Start/Stop of a project node
 * through compose, or through the engine once its file is gone.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readComposeFacts } from '../../src/compose/composeFacts';
import { runCompose } from '../../src/compose/composeProcess';
import { type ComposeProject, groupByComposeProject } from '../../src/compose/composeProjects';
import { actsThroughEngine, projectInvocation, runProjectAction } from '../../src/compose/projectOperations';
import { serviceItems, upChoiceFrom, upCommandFor } from '../../src/compose/upChoices';
import type { ContainerEngine } from '../../src/engine/engine';
import { CancelledError } from '../../src/engine/errors';
import { assertSucceeded, compose, composeCli, projectResources, uniqueProjectName } from '../support/composeRig';
import { tempDir } from '../support/frames';
import { eventually, processesWith } from '../support/hostProcesses';
import { realEngine, testRunId } from '../support/realEngine';
import { TestRegistry } from '../support/registry';

const service = (name: string, extra = '') => `  ${name}:
    image: debian:bookworm-slim
    init: true
    command: ["sleep", "infinity"]
${extra}`;
const APP = `services:\n${service('web')}${service('worker')}${service('debug', '    profiles: [tools]\n')}`;
const marker = `cwt-choice-${testRunId}`.replace(/[^a-z0-9-]/g, '');

describe('compose choices, pull, build and the project node with docker-compose 1.29', () => {
  let engine: ContainerEngine;
  const projects: string[] = [];
  const images: string[] = [];
  const dirs: string[] = [];

  function project(label: string, text = APP, extraFiles: Record<string, string> = {}) {
    const dir = tempDir(`compose-${label}`);
    dirs.push(dir);
    const file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(file, text);
    for (const [name, content] of Object.entries(extraFiles)) fs.writeFileSync(path.join(dir, name), content);
    const name = uniqueProjectName(label);
    projects.push(name);
    return { dir, file, name, target: { files: [file], projectName: name } };
  }

  const servicesOf = async (name: string, all = false) =>
    (await engine.listContainers({ all, label: `com.docker.compose.project=${name}` }))
      .map((c) => c.labels['com.docker.compose.service'])
      .sort();
  const grouped = async (name: string): Promise<ComposeProject> => {
    const found = groupByComposeProject(await engine.listContainers({ all: true })).projects.find((p) => p.name === name);
    assert.ok(found, `project ${name} on the engine`);
    return found;
  };
  const nodeOptions = { baseEnv: process.env, exists: fs.existsSync, readText: (f: string) => fs.readFileSync(f, 'utf8') };

  before(async () => {
    engine = await realEngine();
  });

  after(async () => {
    for (const name of projects) await projectResources(engine).removeProject(name, images);
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Up of the services picked starts only those; a picked profile adds its service, and picked alone it runs alone', async () => {
    const p = project('pick');
    const facts = readComposeFacts(APP);
    const offered = serviceItems(facts, []).map((i) => i.value);
    assert.deepEqual(offered, ['web', 'worker'], 'without a profile: the two services without one');
    const onlyWeb = upChoiceFrom([], offered, ['web']);
    assert.ok(onlyWeb);
    assertSucceeded(await compose(engine, { ...p.target, profiles: onlyWeb.profiles }, upCommandFor(onlyWeb)), 'up web');
    assert.deepEqual(await servicesOf(p.name, true), ['web'], 'worker was not even created');

    const withTools = serviceItems(facts, ['tools']).map((i) => i.value);
    assert.deepEqual(withTools, ['web', 'worker', 'debug']);
    const debugOnly = upChoiceFrom(['tools'], withTools, ['debug']);
    assert.deepEqual(debugOnly, { profiles: ['tools'], services: ['debug'] });
    assertSucceeded(await compose(engine, { ...p.target, profiles: debugOnly.profiles }, upCommandFor(debugOnly)), 'up debug');
    assert.deepEqual(await servicesOf(p.name, true), ['debug', 'web']);

    const everything = upChoiceFrom(['tools'], withTools, withTools);
    assert.deepEqual(everything, { profiles: ['tools'] }, 'all picked: no names on the command line');
    assertSucceeded(await compose(engine, { ...p.target, profiles: ['tools'] }, upCommandFor(everything)), 'up all');
    assert.deepEqual(await servicesOf(p.name), ['debug', 'web', 'worker']);
  });

  it('Pull fetches the images of the file from a registry', { timeout: 180_000 }, async () => {
    const registry = await TestRegistry.start();
    try {
      const reference = `${registry.address}/cw-test/${marker}:1`;
      await engine.tag('debian:bookworm-slim', reference);
      await engine.push(reference);
      await engine.removeImage(reference);
      assert.equal(await engine.inspectImage(reference), undefined, 'not there before the pull');
      images.push(reference);
      const p = project('pull', `services:\n  app:\n    image: ${reference}\n`);
      let output = '';
      const result = await compose(engine, p.target, { kind: 'pull' }, { onOutput: (t) => (output += t) });
      assertSucceeded(result, 'pull');
      assert.match(output, /Pulling app/);
      assert.ok(await engine.inspectImage(reference), 'the image is on the engine after Compose Pull');
    } finally {
      await registry.remove();
    }
  });

  it(
    'Build builds the service with a build section; a cancelled Build stops the CLI and the step it ran',
    { timeout: 300_000 },
    async () => {
      const image = `${marker}-built:1`;
      images.push(image);
      const p = project('build', `services:\n  app:\n    build: .\n    image: ${image}\n`, {
        Dockerfile: `FROM debian:bookworm-slim\nRUN echo ${marker} > /built-by\n`,
      });
      assertSucceeded(await compose(engine, p.target, { kind: 'build' }), 'build');
      assert.ok(await engine.inspectImage(image), 'built and tagged as the file names it');

      const slowImage = `${marker}-slow:1`;
      images.push(slowImage);
      const slow = project('slowbuild', `services:\n  app:\n    build: .\n    image: ${slowImage}\n`, {
        Dockerfile: `FROM debian:bookworm-slim\nRUN echo ${marker}-step && sleep 600\n`,
      });
      const controller = new AbortController();
      const building = compose(engine, slow.target, { kind: 'build' }, { signal: controller.signal });
      assert.ok(
        await eventually(() => processesWith(`${marker}-step`).length > 0, 180_000),
        'the slow step runs (its shell is a process of this machine)',
      );
      controller.abort();
      await assert.rejects(building, CancelledError);
      assert.ok(await eventually(() => processesWith(marker).length === 0, 60_000), `left running: ${processesWith(marker).join(', ')}`);
      assert.equal(await engine.inspectImage(slowImage), undefined, 'nothing was tagged');
    },
  );

  it('Start and Stop of a project node go through compose with its labels; with its file gone, through the engine', async () => {
    const p = project('node');
    assertSucceeded(await compose(engine, p.target, { kind: 'up' }), 'up');
    const cli = await composeCli();
    const stop = projectInvocation(cli, engine.endpoint, await grouped(p.name), { kind: 'stop' }, nodeOptions);
    assert.ok(stop.args.includes('stop') && stop.args.includes(p.name), stop.display);
    assertSucceeded(await runCompose(stop), 'stop from the node');
    assert.deepEqual(await servicesOf(p.name), [], 'nothing runs');
    assert.deepEqual(await servicesOf(p.name, true), ['web', 'worker'], 'the containers stay');
    const start = projectInvocation(cli, engine.endpoint, await grouped(p.name), { kind: 'start' }, nodeOptions);
    assertSucceeded(await runCompose(start), 'start from the node');
    assert.deepEqual(await servicesOf(p.name), ['web', 'worker']);

    fs.rmSync(p.file);
    const node = await grouped(p.name);
    let refused: unknown;
    try {
      projectInvocation(cli, engine.endpoint, node, { kind: 'stop' }, nodeOptions);
    } catch (err) {
      refused = err;
    }
    assert.ok(actsThroughEngine(refused), `compose cannot act without the file: ${String(refused)}`);
    assert.deepEqual((await runProjectAction(engine, node, 'stop')).sort(), ['web', 'worker']);
    assert.deepEqual(await servicesOf(p.name), []);
    assert.deepEqual((await runProjectAction(engine, await grouped(p.name), 'start')).sort(), ['web', 'worker']);
    assert.deepEqual(await servicesOf(p.name), ['web', 'worker']);
  });
});
