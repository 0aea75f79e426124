/**
 * Faults on a real engine: a dockerd of this test's own (test/support/killableEngine.ts)
 * is killed with SIGKILL in the middle of a build, a conversion and a followed log, and
 * started again on the same data; and an engine that takes connections and never answers
 * (a socket of the test's) meets the calls Inspect and Run Image… make. The shared engine
 * is only read from (images are copied from it).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PURPOSE_LABEL } from '../../src/engine/engine';
import { createEngine } from '../../src/engine/createEngine';
import { DockerodeEngine } from '../../src/engine/dockerodeEngine';
import { EngineMonitor } from '../../src/engine/engineMonitor';
import { CancelledError, EngineUnavailableError } from '../../src/engine/errors';
import { EngineEventHub } from '../../src/engine/eventHub';
import { ContainerLogFollower } from '../../src/terminals/logFollower';
import { createSidebarModels } from '../../src/views/sidebarModels';
import { CONVERT_PURPOSE, convertFolder } from '../../src/workflows/convertFolder';
import { folderIn } from '../support/convertFixtures';
import { patternSequence, probeVideo } from '../support/frames';
import { IMG2VID_IMAGE, KillableEngine } from '../support/killableEngine';
import { realEngine, templatesDir } from '../support/realEngine';
import { SilentEngineSocket } from '../support/socketProxy';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-faults-'));
fs.chmodSync(root, 0o755);

/** Polls until `probe` holds; the deadline only bounds a hang, nothing asserts on time. */
async function eventually(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** "run <uuid>" lines the --restart always container prints, one per start. */
function runMarkers(text: string): string[] {
  return [...text.matchAll(/^run ([0-9a-f-]{36})$/gm)].map((m) => m[1]);
}

const stopped = (err: unknown) =>
  err instanceof EngineUnavailableError && /engine stopped/.test(err.message) && /Start it again/.test(err.problem.action);

describe('faults: a real engine killed with SIGKILL and started again', () => {
  let killable: KillableEngine;

  before(async () => {
    await realEngine();
    killable = await KillableEngine.start(['debian:bookworm-slim', IMG2VID_IMAGE]);
  });

  after(async () => {
    await killable?.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('mid-build: the build fails saying the engine stopped; once it is back the monitor and the views recover by themselves and no step container is left', async () => {
    const engine = killable.client();
    const monitor = new EngineMonitor(() => engine, { recheckMs: [200] });
    const hub = new EngineEventHub(() => engine, { backoffMs: [200] });
    const models = createSidebarModels(monitor, hub, { debounceMs: 50 });
    try {
      models.refresher.setVisible('containers', true);
      assert.equal((await monitor.check()).state, 'connected');
      await eventually('the Containers list', () => models.containers.state.kind === 'ready');

      const context = folderIn(root, 'build', 'app');
      fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM debian:bookworm-slim\nRUN echo step-started-$((40+2)) && sleep 600\n');
      let output = '';
      const build = engine.build({ contextDir: context, dockerfile: 'Dockerfile', tag: 'cw-fault-build:1' }, (event) => {
        if (event.kind === 'output') output += event.text;
      });
      build.catch(() => undefined);
      await eventually('the RUN step to start', () => output.includes('step-started-42'));

      await killable.kill();
      const failure = await build.then(
        () => assert.fail('the build cannot succeed'),
        (err: unknown) => err,
      );
      assert.ok(stopped(failure), `says the engine stopped, and what to do: ${String(failure)}`);
      // What the Build command does with it: everyone learns the engine is away.
      monitor.reportUnavailable(failure as EngineUnavailableError);
      assert.equal(monitor.status.state, 'unavailable');
      await eventually('the Containers view to say the engine is away', () => models.containers.state.kind === 'unavailable');

      await killable.startDaemon();
      // Nobody calls check() or refresh() from here on.
      await eventually('the monitor to find the engine again', () => monitor.status.state === 'connected');
      await eventually('the Containers view to load again', () => models.containers.state.kind === 'ready');
      await eventually(
        'the step container of the cut-off build to be removed',
        async () => (await engine.listContainers({ all: true })).length === 0,
      );
      assert.equal(await engine.inspectImage('cw-fault-build:1'), undefined, 'no image from the cut-off build');
    } finally {
      models.dispose();
      hub.dispose();
      monitor.dispose();
    }
  });

  it('mid-convert: a clear message; after the restart no converter container is left, nothing but the new video is added to the output folder, and the next conversion succeeds', async () => {
    const engine = killable.client();
    const folder = folderIn(root, 'convert', 'frames');
    const outDir = path.dirname(folder);
    // Enough frames that the conversion is still at work when the engine is killed.
    patternSequence(folder, 300, '640x480');
    fs.writeFileSync(path.join(outDir, 'notes.txt'), 'was here before\n');
    const before = fs.readdirSync(outDir).sort();
    const output = path.join(outDir, 'frames.mp4');

    let frames = 0;
    const converting = convertFolder(engine, { folder, output, fps: 25, templatesDir }, (p) => {
      if (p.kind === 'frame') frames = p.frame;
    });
    converting.catch(() => undefined);
    await eventually('the first frames', () => frames >= 5);
    await killable.kill();
    const failure = await converting.then(
      () => assert.fail('the conversion cannot succeed'),
      (err: unknown) => err,
    );
    assert.ok(stopped(failure), `says the engine stopped, and what to do: ${String(failure)}`);

    await killable.startDaemon();
    assert.equal(fs.existsSync(output), false, 'no video from the cut-off run');
    const next = await convertFolder(engine, { folder, output, fps: 25, templatesDir });
    assert.equal(next.frames, 300);
    assert.equal(probeVideo(output).frames, 300);
    assert.deepEqual(fs.readdirSync(outDir).sort(), [...before, 'frames.mp4'].sort(), 'no partial video, temporary file or staging folder');
    assert.deepEqual(
      await engine.listContainers({ all: true, label: `${PURPOSE_LABEL}=${CONVERT_PURPOSE}` }),
      [],
      'no converter container',
    );
  });

  it('mid-run: a log follower on a --restart always container follows it again once the engine is back', async () => {
    const engine = killable.client();
    const hub = new EngineEventHub(() => engine, { backoffMs: [200] });
    const id = execFileSync(
      'docker',
      [
        'run',
        '-d',
        '--restart',
        'always',
        '--network',
        'none',
        'debian:bookworm-slim',
        'sh',
        '-c',
        'echo "run $(cat /proc/sys/kernel/random/uuid)"; trap "exit 0" TERM; while :; do sleep 1; done',
      ],
      { env: { ...process.env, DOCKER_HOST: killable.host }, encoding: 'utf8' },
    ).trim();
    let text = '';
    const notes: string[] = [];
    const controller = new AbortController();
    const follower = new ContainerLogFollower(
      () => engine,
      hub,
      id,
      'svc',
      { output: (t) => (text += t), note: (n) => notes.push(n) },
      { retryMs: 500 },
    );
    const following = follower.run('follow', () => undefined, controller.signal);
    try {
      await eventually("the first run's line", () => runMarkers(text).length === 1);
      await killable.killAndRestart();
      await eventually("the restarted container's line", () => runMarkers(text).length === 2);
      const [first, second] = runMarkers(text);
      assert.notEqual(first, second, 'a new run, not the old output again');
      assert.ok(
        notes.some((n) => /engine stopped/.test(n)),
        notes.join('\n'),
      );
      assert.ok(
        notes.some((n) => /started again/.test(n)),
        notes.join('\n'),
      );
      assert.ok(!notes.some((n) => /stopped following/.test(n)), notes.join('\n'));
    } finally {
      controller.abort();
      await following;
      hub.dispose();
      await engine.remove(id, { force: true });
    }
  });
});

describe('faults: an engine that takes the connection and never answers', () => {
  let silent: SilentEngineSocket;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-silent-'));

  before(async () => {
    silent = new SilentEngineSocket(path.join(dir, 'engine.sock'));
    await silent.start();
  });

  after(async () => {
    await silent?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const engineWithDeadline = (ms: number) =>
    new DockerodeEngine(createEngine(silent.host).endpoint, process.env, { requestMs: ms, pingMs: ms });

  it('Inspect (container and image documents) and the image inspect Run Image… starts with end at the deadline: "did not answer", and what to do', async () => {
    const engine = engineWithDeadline(300);
    const calls: [string, () => Promise<unknown>][] = [
      ['inspect a container document', () => engine.inspectRaw('container', 'web')],
      ['inspect an image document', () => engine.inspectRaw('image', 'debian:bookworm-slim')],
      ['Run Image…: inspect the image', () => engine.inspectImage('debian:bookworm-slim')],
      ['inspect a container', () => engine.inspectContainer('web')],
      ['list images', () => engine.listImages()],
      ['version', () => engine.version()],
    ];
    for (const [what, call] of calls) {
      const before = silent.requests;
      await assert.rejects(call(), (err: unknown) => {
        assert.ok(err instanceof EngineUnavailableError, `${what}: ${String(err)}`);
        assert.match(err.problem.summary, /did not answer/, what);
        assert.match(err.problem.summary, new RegExp(silent.socketPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), what);
        assert.match(err.problem.action, /restart it/, what);
        return true;
      });
      assert.ok(silent.requests > before, `${what}: the request reached the engine`);
    }
  });

  it('cancelling a request the engine does not answer ends it at once, as a cancel, and closes its connection', async () => {
    // A deadline far away: only the cancel can end these.
    const engine = engineWithDeadline(10 * 60_000);
    for (const call of [
      (s: AbortSignal) => engine.inspectRaw('container', 'web', s),
      (s: AbortSignal) => engine.inspectImage('debian:bookworm-slim', s),
    ]) {
      const controller = new AbortController();
      const arrived = silent.requests + 1;
      const pending = call(controller.signal);
      await silent.untilRequests(arrived);
      controller.abort();
      await assert.rejects(pending, CancelledError);
    }
    await eventually("the cancelled requests' connections to close", () => silent.openConnections === 0);
  });
});
