/**
 * Issue 4's run tests at the config level, on the real engine: a RunConfig seeded from the
 * image (engine.inspectImage) and its template manifest, turned into a RunRequest by
 * toRunRequest and run by engine.run — what the run form does, without the form.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine, RunRequest } from '../../src/engine/engine';
import { type Template, loadCatalog } from '../../src/templates/catalog';
import { containerUserFor } from '../../src/engine/containerUser';
import { enginePublishedPorts, isHostPortFree, portProbe } from '../../src/workflows/hostPorts';
import { waitForHttp } from '../../src/workflows/httpProbe';
import { type RunConfig, seedRunConfig, toRunRequest } from '../../src/workflows/runConfig';
import { parseArgumentLine, runConfigProblems } from '../../src/workflows/runValidation';
import {
  TEST_RUN_LABEL,
  buildFolder,
  realEngine,
  removeTestContainers,
  runToCompletion,
  templatesDir,
  testLabels,
  testRunId,
} from '../support/realEngine';

const TAG_PREFIX = 'cw-test-run-';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-run-config-'));
fs.chmodSync(root, 0o755);

const stat = (p: string): 'folder' | 'file' | 'missing' => {
  const s = fs.statSync(p, { throwIfNoEntry: false });
  return !s ? 'missing' : s.isDirectory() ? 'folder' : 'file';
};

/** The request the run form would send, with this test's labels added for cleanup. */
function requestOf(config: RunConfig): RunRequest {
  const request = toRunRequest(config);
  return { ...request, labels: { ...request.labels, ...testLabels } };
}

async function myContainers(engine: ContainerEngine) {
  return engine.listContainers({ all: true, label: `${TEST_RUN_LABEL}=${testRunId}` });
}

describe('run config on the real engine', { timeout: 180_000 }, () => {
  let engine: ContainerEngine;
  let templates: Template[];
  const tags: string[] = [];
  const servers: net.Server[] = [];

  const template = (id: string): Template => {
    const t = templates.find((x) => x.id === id);
    assert.ok(t, `bundled template ${id}`);
    return t;
  };

  async function build(contextDir: string, name: string): Promise<string> {
    const tag = `${TAG_PREFIX}${name}:latest`;
    tags.push(tag);
    await buildFolder(engine, contextDir, tag);
    return tag;
  }

  before(async () => {
    engine = await realEngine();
    const catalog = loadCatalog(templatesDir);
    templates = catalog.templates;
    assert.deepEqual(catalog.problems, []);
    await build(template('greet-args').folder, 'greet-args');
    await build(template('greet-volume').folder, 'greet-volume');
  });

  after(async () => {
    for (const server of servers) server.close();
    if (engine) {
      await removeTestContainers(engine);
      for (const tag of tags) await engine.removeImage(tag, { force: true }).catch(() => undefined);
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('greet-args: the seeded arguments "hello earthling " 2 print the greeting twice', async () => {
    const tag = `${TAG_PREFIX}greet-args:latest`;
    const image = await engine.inspectImage(tag);
    assert.ok(image, `${tag} was built`);
    const config = await seedRunConfig({
      image: tag,
      config: image,
      template: template('greet-args').run,
      baseDir: template('greet-args').folder,
      isPortFree: isHostPortFree,
      userForMounts: containerUserFor(engine.endpoint.host),
    });
    // What the person types in the arguments box is what the template seeds.
    const typed = parseArgumentLine('"hello earthling " 2');
    assert.ok('args' in typed);
    assert.deepEqual(config.args, typed.args);
    assert.deepEqual(typed.args, ['hello earthling ', '2']);
    assert.deepEqual(config.ports, []);
    assert.deepEqual(config.volumes, []);
    assert.equal(config.user, '', 'no mount, no user: the image runs as its own non-root user');
    assert.equal(config.autoRemove, true);
    assert.deepEqual(runConfigProblems(config, stat), []);

    // Kept, so its output can be read after it exits (the extension attaches before start instead).
    config.autoRemove = false;
    const run = await runToCompletion(engine, requestOf(config));
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(run.stdout, 'hello earthling hello earthling \n');
    assert.equal(run.stderr, '');
  });

  it("greet-volume: /output bound to a host folder the test chose; the file appears there, owned by the test's uid", async () => {
    const tag = `${TAG_PREFIX}greet-volume:latest`;
    const image = await engine.inspectImage(tag);
    assert.ok(image, `${tag} was built`);
    const project = path.join(root, 'project');
    fs.mkdirSync(project, { mode: 0o755 });
    const user = containerUserFor(engine.endpoint.host);
    assert.equal(user, `${process.getuid?.()}:${process.getgid?.()}`, 'a local Linux engine runs as the caller');
    const config = await seedRunConfig({
      image: tag,
      config: image,
      template: template('greet-volume').run,
      baseDir: project,
      isPortFree: isHostPortFree,
      userForMounts: user,
    });
    // VOLUME /output, OUTPUT_DIR=/output and the template's volume are one row.
    assert.equal(config.volumes.length, 1, JSON.stringify(config.volumes));
    assert.equal(config.volumes[0].containerPath, '/output');
    assert.equal(config.volumes[0].hostPath, path.join(project, 'output'));
    assert.equal(config.volumes[0].readOnly, false);
    assert.equal(config.user, user);
    // The template's folder does not exist yet: the form would say so.
    assert.deepEqual(runConfigProblems(config, stat), [`/output: ${path.join(project, 'output')} does not exist.`]);

    // The person picks another folder: only theirs, not world-writable.
    const chosen = path.join(root, 'chosen');
    fs.mkdirSync(chosen, { mode: 0o755 });
    config.volumes[0].hostPath = chosen;
    config.args = ['hello earthling ', '2', 'cw_test'];
    config.autoRemove = false;
    assert.deepEqual(runConfigProblems(config, stat), []);

    const run = await runToCompletion(engine, requestOf(config));
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(run.stdout, /Saved to \/output\/cw_test\.txt/);
    const file = path.join(chosen, 'cw_test.txt');
    assert.equal(fs.readFileSync(file, 'utf8'), 'hello earthling hello earthling ');
    const s = fs.statSync(file);
    assert.equal(s.uid, process.getuid?.());
    assert.equal(s.gid, process.getgid?.());
    assert.deepEqual(fs.readdirSync(chosen), ['cw_test.txt']);

    // Without the seeded user the image's own user (uid 10001) cannot write there: the user is what makes it work.
    const asImageUser = await runToCompletion(engine, requestOf({ ...config, user: '', args: ['x ', '1', 'other'] }));
    assert.equal(asImageUser.exitCode, 1);
    assert.match(asImageUser.stderr, /cannot write \/output\/other\.txt/);
    assert.deepEqual(fs.readdirSync(chosen), ['cw_test.txt']);
  });

  it('a host port in use: refused by the checks, skipped by seeding, and the next one answers HTTP', async (t) => {
    // Something on this machine holds a port.
    const server = net.createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen({ port: 0, host: '0.0.0.0' }, resolve));
    const busy = (server.address() as net.AddressInfo).port;
    assert.equal(await isHostPortFree(busy), false, `${busy} is in use`);

    const problems = runConfigProblems(
      {
        image: 'x',
        name: '',
        args: [],
        env: {},
        ports: [{ containerPort: busy, protocol: 'tcp', hostPort: busy }],
        volumes: [],
        autoRemove: false,
        user: '',
      },
      stat,
      new Set([busy]),
    );
    assert.deepEqual(problems, [`${busy}/tcp: Port ${busy} is in use on this machine: choose another.`]);

    // An image that EXPOSEs exactly that port.
    const context = path.join(root, 'http');
    fs.mkdirSync(context);
    fs.writeFileSync(
      path.join(context, 'Dockerfile'),
      `FROM python:3.11-slim\nEXPOSE ${busy}\nCMD ["python", "-m", "http.server", "${busy}"]\n`,
    );
    const tag = await build(context, 'http');
    const image = await engine.inspectImage(tag);
    assert.ok(image);
    assert.deepEqual(image.exposedPorts, [{ port: busy, protocol: 'tcp' }]);

    const config = await seedRunConfig({ image: tag, config: image, isPortFree: isHostPortFree });
    assert.equal(config.ports.length, 1);
    const hostPort = config.ports[0].hostPort;
    t.diagnostic(`EXPOSE ${busy} (busy) -> host port ${hostPort}`);
    assert.equal(config.ports[0].containerPort, busy);
    assert.notEqual(hostPort, busy, 'the busy port is skipped');
    assert.ok(hostPort > busy || hostPort >= 1024, 'the next free one after it');
    assert.equal(config.autoRemove, false, 'a server is kept');
    assert.deepEqual(runConfigProblems(config, stat, new Set([busy])), []);

    const first = await engine.run(requestOf(config));
    const answered = await waitForHttp(`http://127.0.0.1:${hostPort}/`, { timeoutMs: 30_000, intervalMs: 200 });
    assert.equal(answered, true, `http://127.0.0.1:${hostPort}/ answers`);
    assert.ok(server.listening, 'the other program keeps its port');
    assert.ok((await enginePublishedPorts(engine)).has(`${hostPort}/tcp`), 'the engine publishes the port');
    assert.equal(await (await portProbe(engine))(hostPort), false, 'the run form now sees it as taken');

    // The engine refuses a second container on the same host port, and leaves nothing behind.
    await assert.rejects(engine.run(requestOf({ ...config, name: '' })), (err: unknown) => {
      assert.match((err as Error).message, new RegExp(`\\b${hostPort}\\b`), 'the message names the port');
      return true;
    });
    const mine = await myContainers(engine);
    assert.deepEqual(
      mine.map((c) => c.id),
      [first],
      `only the first container exists: ${mine.map((c) => `${c.name} ${c.state}`).join(', ')}`,
    );
    await engine.remove(first, { force: true });
  });
});
