/**
 * The ContainerEngine against the real engine (DOCKER_HOST): listing, connection failures
 * on real sockets, build, run, logs, lifecycle, exec and events.
 *
 * Everything this file creates carries testLabels (containers, images) or a
 * `cw-test-engine-` name/tag, and is removed in the after hooks; nothing else on the
 * engine is touched (other test files build and run on it at the same time).
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import * as esbuild from 'esbuild';
import { ImageBuildError } from '../../src/engine/build/buildTypes';
import { DockerodeEngine } from '../../src/engine/dockerodeEngine';
import type { BuildEvent, ContainerEngine, EngineEvent, OutputStream, RunRequest } from '../../src/engine/engine';
import { CancelledError, EngineRequestError, EngineUnavailableError } from '../../src/engine/errors';
import { TEST_RUN_LABEL, realEngine, removeTestContainers, repoRoot, runToCompletion, testLabels, testRunId } from '../support/realEngine';
import { EngineSocketProxy, engineSocketPath, makeStaleSocket } from '../support/socketProxy';

const DEBIAN = 'debian:bookworm-slim';
const PYTHON = 'python:3.11-slim';
const PREFIX = 'cw-test-engine-';
const mineFilter = `${TEST_RUN_LABEL}=${testRunId}`;
/** A shell loop that exits at once on SIGTERM (a plain `sleep` as PID 1 would make stop wait 10 s). */
const IDLE = "trap 'exit 0' TERM; while :; do sleep 0.2; done";

let engine: ContainerEngine;
let scratch: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

function name(what: string): string {
  return `${PREFIX}${what}-${testRunId}`;
}

function tempDir(what: string): string {
  return fs.mkdtempSync(path.join(scratch, `${what}-`));
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

function run(request: Partial<RunRequest> & { args: string[] }): Promise<string> {
  return engine.run({ image: DEBIAN, ...request, labels: { ...testLabels, ...(request.labels ?? {}) } });
}

async function inspect(
  id: string,
): Promise<{ State: { Status: string; Running: boolean; ExitCode: number; StartedAt: string }; Config: { Cmd?: string[] } }> {
  return (await engine.inspectRaw('container', id)) as never;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => {
      req.destroy();
      resolve(undefined);
    });
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  return text;
}

function collect() {
  const parts: { text: string; stream: OutputStream; at: number }[] = [];
  return {
    parts,
    sink: (text: string, stream: OutputStream) => parts.push({ text, stream, at: Date.now() }),
    of: (stream: OutputStream) =>
      parts
        .filter((p) => p.stream === stream)
        .map((p) => p.text)
        .join(''),
  };
}

/** The same engine, straight through dockerode: only to find and remove intermediate build images by label. */
function rawDocker(): Docker {
  return new Docker({ socketPath: engineSocketPath() });
}

before(async () => {
  engine = await realEngine();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
  fs.chmodSync(scratch, 0o755);
});

after(async () => {
  await removeTestContainers(engine);
  // Our images: tagged ones, dangling ones, and intermediate ones of failed/cancelled builds.
  const docker = rawDocker();
  for (let round = 0; round < 3; round++) {
    const images = await docker.listImages({ all: true, filters: { label: [mineFilter] } } as Docker.ListImagesOptions);
    if (images.length === 0) break;
    for (const image of images) {
      await docker
        .getImage(image.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
  }
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('engine: version and listings', () => {
  it('version() answers', async () => {
    const v = await engine.version();
    assert.match(v.version, /^\d+\.\d+/);
    assert.match(v.apiVersion, /^\d+\.\d+$/);
    assert.equal(v.os, 'linux');
    assert.ok(v.arch.length > 0);
  });

  it('listContainers maps a labelled container: name, state, labels, ports; the label filter works', async () => {
    const port = await freePort();
    const containerName = name('listed');
    const id = await run({
      name: containerName,
      args: ['sh', '-c', IDLE],
      labels: { 'cw-test-engine.kind': 'listed' },
      ports: [{ containerPort: 8000, protocol: 'tcp', hostPort: port, hostIp: '127.0.0.1' }],
    });
    try {
      const mine = await engine.listContainers({ label: mineFilter });
      const c = mine.find((x) => x.id === id);
      assert.ok(c, 'the container is listed under our label');
      assert.equal(c.name, containerName);
      assert.equal(c.state, 'running');
      assert.match(c.status, /^Up /);
      assert.equal(c.image, DEBIAN);
      assert.match(c.imageId, /^sha256:/);
      assert.equal(c.labels['cw-test-engine.kind'], 'listed');
      assert.equal(c.labels[TEST_RUN_LABEL], testRunId);
      assert.deepEqual(c.ports, [{ containerPort: 8000, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: port }]);
      assert.ok(Math.abs(c.created.getTime() - Date.now()) < 60_000, `created ${c.created.toISOString()}`);

      const byKindLabel = await engine.listContainers({ label: 'cw-test-engine.kind=listed' });
      assert.ok(byKindLabel.some((x) => x.id === id));
      const others = await engine.listContainers({ label: `${TEST_RUN_LABEL}=someone-else` });
      assert.ok(!others.some((x) => x.id === id), 'another label value does not list it');
      assert.ok(others.every((x) => x.labels[TEST_RUN_LABEL] === 'someone-else'));

      await engine.stop(id);
      const stopped = (await engine.listContainers({ label: mineFilter })).find((x) => x.id === id);
      assert.equal(stopped?.state, 'exited', 'stopped containers are listed too (all by default)');
      assert.ok(
        !(await engine.listContainers({ all: false, label: mineFilter })).some((x) => x.id === id),
        'all: false lists running ones only',
      );
    } finally {
      await engine.remove(id, { force: true });
    }
  });

  it('listImages maps images and hides dangling ones unless asked', async () => {
    const dir = tempDir('dangling');
    const tag = `${PREFIX}dangling:${testRunId}`;
    // Contents of this run only: BuildKit dates an image by its last layer, so a cache hit from an earlier run
    // on the same engine would give it that run's creation time.
    writeFiles(dir, { Dockerfile: `FROM ${DEBIAN}\nCOPY version.txt /version.txt\n`, 'version.txt': `one ${testRunId}\n` });
    const first = await engine.build({ contextDir: dir, dockerfile: 'Dockerfile', tag, labels: testLabels }, () => undefined);
    writeFiles(dir, { 'version.txt': `two ${testRunId}\n` });
    const second = await engine.build({ contextDir: dir, dockerfile: 'Dockerfile', tag, labels: testLabels }, () => undefined);
    assert.notEqual(first.imageId, second.imageId);

    const visible = await engine.listImages({ label: mineFilter });
    const tagged = visible.find((i) => i.id === second.imageId);
    assert.ok(tagged, 'the tagged image is listed');
    assert.deepEqual(tagged.repoTags, [tag]);
    assert.equal(tagged.dangling, false);
    assert.equal(tagged.labels[TEST_RUN_LABEL], testRunId);
    assert.ok(tagged.size > 1_000_000, `size ${tagged.size}`);
    assert.ok(Math.abs(tagged.created.getTime() - Date.now()) < 5 * 60_000);
    assert.ok(!visible.some((i) => i.id === first.imageId), 'the dangling image is hidden by default');

    const all = await engine.listImages({ includeDangling: true, label: mineFilter });
    const dangling = all.find((i) => i.id === first.imageId);
    assert.ok(dangling, 'includeDangling lists it');
    assert.equal(dangling.dangling, true);
    assert.deepEqual(dangling.repoTags, []);

    const config = await engine.inspectImage(tag);
    assert.equal(config?.id, second.imageId);
    assert.equal(await engine.inspectImage(`${PREFIX}no-such-image:${testRunId}`), undefined);

    await engine.removeImage(first.imageId);
    await engine.removeImage(tag);
    assert.ok(
      !(await engine.listImages({ includeDangling: true, label: mineFilter })).some(
        (i) => i.id === first.imageId || i.id === second.imageId,
      ),
    );
  });
});

describe('engine: connection failures on real sockets', () => {
  const onSocket = (socketPath: string) => new DockerodeEngine({ host: `unix://${socketPath}`, source: 'setting' });

  async function problemOf(e: ContainerEngine): Promise<string> {
    try {
      await e.version();
    } catch (err) {
      assert.ok(
        err instanceof EngineUnavailableError,
        `expected EngineUnavailableError, got ${(err as Error).name}: ${(err as Error).message}`,
      );
      assert.ok(err.problem.summary.length > 0 && err.problem.action.length > 0);
      return err.problem.kind;
    }
    return 'answered';
  }

  it('a path that does not exist: notInstalled', async () => {
    assert.equal(await problemOf(onSocket(path.join(scratch, 'no-such-dir', 'docker.sock'))), 'notInstalled');
    assert.equal(await problemOf(onSocket(path.join(scratch, 'missing.sock'))), 'notInstalled');
  });

  it('a stale socket file (crashed daemon): notRunning', async () => {
    const socketPath = path.join(scratch, 'stale.sock');
    await makeStaleSocket(socketPath);
    assert.ok(fs.statSync(socketPath).isSocket());
    assert.equal(await problemOf(onSocket(socketPath)), 'notRunning');
  });

  it('a socket that accepts but never answers: notRunning after the ping timeout', async () => {
    const socketPath = path.join(scratch, 'silent.sock');
    const held = new Set<net.Socket>();
    const server = net.createServer((s) => {
      held.add(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(socketPath, () => resolve()));
    try {
      const started = Date.now();
      assert.equal(await problemOf(onSocket(socketPath)), 'notRunning');
      const took = Date.now() - started;
      assert.ok(took >= 4500 && took < 9000, `took ${took} ms; the ping timeout is 5 s`);
      assert.ok(held.size >= 1, 'the request did reach the socket');
    } finally {
      for (const s of held) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('permission denied on a root-only socket, seen by an unprivileged user: permissionDenied', async () => {
    const dir = tempDir('perm');
    fs.chmodSync(dir, 0o755);
    const socketPath = path.join(dir, 'engine.sock');
    const proxy = new EngineSocketProxy(socketPath, engineSocketPath());
    await proxy.start();
    // The child runs as nobody, who may not enter the checkout (cloned under /root, mode
    // 0700): it gets the engine module bundled, with dockerode, into this folder it can read.
    const enginePath = path.join(dir, 'dockerodeEngine.js');
    await esbuild.build({
      entryPoints: [path.join(repoRoot, 'out', 'src', 'engine', 'dockerodeEngine.js')],
      outfile: enginePath,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      // As esbuild.js: ssh2's optional native helpers are not built, and it falls back without them.
      external: ['cpu-features', '*.node'],
      logLevel: 'error',
    });
    fs.chmodSync(enginePath, 0o644);
    const script = `
      const { DockerodeEngine } = require(${JSON.stringify(enginePath)});
      new DockerodeEngine({ host: ${JSON.stringify(`unix://${socketPath}`)}, source: 'setting' }).version().then(
        (v) => console.log(JSON.stringify({ uid: process.getuid(), answered: v.version })),
        (e) => console.log(JSON.stringify({ uid: process.getuid(), name: e.name, kind: e.problem && e.problem.kind, code: e.cause && e.cause.code })),
      );`;
    const asNobody = () =>
      new Promise<{ uid: number; answered?: string; name?: string; kind?: string; code?: string }>((resolve, reject) => {
        execFile(
          process.execPath,
          ['-e', script],
          { uid: 65534, gid: 65534, cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: '/tmp' }, timeout: 30_000 },
          (err, stdout, stderr) => {
            if (err) reject(new Error(`child failed: ${err.message}\n${stderr}`));
            else
              resolve(
                JSON.parse(stdout.trim().split('\n').pop()!) as {
                  uid: number;
                  answered?: string;
                  name?: string;
                  kind?: string;
                  code?: string;
                },
              );
          },
        );
      });
    try {
      fs.chmodSync(socketPath, 0o600);
      const st = fs.statSync(socketPath);
      assert.equal(st.uid, 0);
      assert.equal(st.mode & 0o777, 0o600);
      // root itself passes through the proxy
      assert.match((await onSocket(socketPath).version()).version, /^\d+\./);

      const denied = await asNobody();
      assert.equal(denied.uid, 65534);
      assert.equal(denied.name, 'EngineUnavailableError');
      assert.equal(denied.code, 'EACCES');
      assert.equal(denied.kind, 'permissionDenied');

      // Control: the same child reaches the engine once the socket is open to everyone.
      fs.chmodSync(socketPath, 0o666);
      const allowed = await asNobody();
      assert.equal(allowed.uid, 65534);
      assert.match(allowed.answered ?? `error ${allowed.kind}`, /^\d+\./);
    } finally {
      await proxy.stop();
    }
  });

  it('through a proxy: answers, goes away (no socket / dead socket), and recovers on the same engine object', async () => {
    const socketPath = path.join(tempDir('proxy'), 'engine.sock');
    const proxy = new EngineSocketProxy(socketPath, engineSocketPath());
    const viaProxy = onSocket(socketPath);
    await proxy.start();
    try {
      const real = await engine.version();
      assert.equal((await viaProxy.version()).version, real.version);

      await proxy.stop();
      // Give the client a moment to see its kept-alive connection closed, as it would
      // between two checks in real use (a request in the same instant gets EPIPE).
      await sleep(200);
      assert.equal(await problemOf(viaProxy), 'notInstalled');
      await assert.rejects(viaProxy.listContainers({ label: mineFilter }), EngineUnavailableError);

      await proxy.start();
      assert.equal((await viaProxy.version()).version, real.version);

      await proxy.stop({ keepFile: true });
      await sleep(200);
      assert.equal(await problemOf(viaProxy), 'notRunning');

      await proxy.start();
      assert.equal((await viaProxy.version()).version, real.version);
      assert.ok(Array.isArray(await viaProxy.listContainers({ label: mineFilter })));
    } finally {
      await proxy.stop();
    }
  });
});

describe('engine: build', () => {
  it('honours .dockerignore: ignored files are absent, a !exception inside an ignored folder is present, an ignored Dockerfile is still sent', async () => {
    const dir = tempDir('ignore');
    writeFiles(dir, {
      Dockerfile: `FROM ${DEBIAN}\nCOPY . /ctx/\n`,
      '.dockerignore': '# comment\nDockerfile\nsecret.txt\n*.log\nignored\n!ignored/keep.txt\n',
      'keep.txt': 'keep\n',
      'secret.txt': 'secret\n',
      'app.log': 'log\n',
      'ignored/drop.txt': 'drop\n',
      'ignored/keep.txt': 'kept anyway\n',
      'sub/nested.txt': 'nested\n',
      'sub/deep/debug.log': 'root-level *.log does not match in subfolders\n',
    });
    const tag = `${PREFIX}ignore:${testRunId}`;
    const events: BuildEvent[] = [];
    // The classic builder, whose steps are the Dockerfile's (BuildKit's are in buildkit.test.ts).
    const result = await engine.build({ contextDir: dir, dockerfile: 'Dockerfile', tag, labels: testLabels, builder: 'classic' }, (e) =>
      events.push(e),
    );
    assert.equal(result.tag, tag);
    assert.match(result.imageId, /^(sha256:)?[0-9a-f]{12,64}$/);
    // The classic builder adds one LABEL step per build label after the Dockerfile's own.
    const total = 2 + Object.keys(testLabels).length;
    const steps = events.filter((e) => e.kind === 'step');
    assert.deepEqual(steps.slice(0, 2), [
      { kind: 'step', step: 1, total, instruction: `FROM ${DEBIAN}` },
      { kind: 'step', step: 2, total, instruction: 'COPY . /ctx/' },
    ]);
    assert.equal(steps.length, total);
    assert.ok(!events.some((e) => e.kind === 'error'));

    const listing = await runToCompletion(engine, {
      image: tag,
      args: ['sh', '-c', 'cd /ctx && find . -type f | sort && cat ignored/keep.txt'],
    });
    assert.equal(listing.exitCode, 0, listing.stderr);
    const files = listing.stdout.split('\n').filter((l) => l.startsWith('./'));
    for (const present of ['./keep.txt', './ignored/keep.txt', './sub/nested.txt', './sub/deep/debug.log']) {
      assert.ok(files.includes(present), `${present} is in the image: ${files.join(' ')}`);
    }
    for (const absent of ['./secret.txt', './app.log', './ignored/drop.txt']) {
      assert.ok(!files.includes(absent), `${absent} is not in the image: ${files.join(' ')}`);
    }
    assert.match(listing.stdout, /kept anyway/);
  });

  it('sends what `docker build` sends: the image holds the same names, types, modes, sizes, times, links and contents', async () => {
    const dir = tempDir('as-cli');
    const longName = `${'a-rather-long-folder-name/'.repeat(5)}module.js`;
    writeFiles(dir, {
      Dockerfile: `FROM ${DEBIAN}\nCOPY . /ctx/\n`,
      // A re-included folder inside a left-out one, "*.log" only at the top, a later pattern winning both ways,
      // case that matters ("EMPTY" leaves out nothing).
      '.dockerignore': 'node_modules\n!node_modules/keep\n*.log\n!important.log\n!a.txt\n*.txt\ndocs\n!docs\nEMPTY\n',
      'node_modules/keep/index.js': 'keep\n',
      'node_modules/drop/index.js': 'drop\n',
      'important.log': 'important\n',
      'debug.log': 'debug\n',
      'src/deep/trace.log': 'trace\n',
      'src/run.sh': '#!/bin/sh\n',
      'a.txt': 'a\n',
      'docs/guide.md': 'guide\n',
      [longName]: 'long\n',
      'données/café.js': 'accents\n',
      empty: '',
      'big.js': Array.from({ length: 40_000 }, (_, i) => `${i}\n`).join(''),
    });
    fs.chmodSync(path.join(dir, 'src', 'run.sh'), 0o775);
    fs.symlinkSync('src/deep/trace.log', path.join(dir, 'trace'));
    // Whole seconds, set deepest first: a folder's time must not move past a second while it is written.
    const when = new Date('2026-01-02T03:04:05Z');
    const everything = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort((a, b) => b.split('/').length - a.split('/').length);
    for (const rel of everything) fs.lutimesSync(path.join(dir, rel), when, when);
    const show = [
      'sh',
      '-c',
      'cd /ctx && find . -mindepth 1 -printf "%p %y %m %s %T@ %l\\n" | sort && find . -type f -exec md5sum {} + | sort',
    ];
    const listed = async (tag: string) => {
      const run = await runToCompletion(engine, { image: tag, args: show });
      assert.equal(run.exitCode, 0, run.stderr);
      return run.stdout;
    };

    const ours = `${PREFIX}as-cli-ours:${testRunId}`;
    await engine.build({ contextDir: dir, dockerfile: 'Dockerfile', tag: ours, labels: testLabels, builder: 'classic' }, () => undefined);
    const theirs = `${PREFIX}as-cli-docker:${testRunId}`;
    const labelArgs = Object.entries(testLabels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
    await new Promise<void>((resolve, reject) =>
      execFile(
        'docker',
        ['build', '-q', '-t', theirs, ...labelArgs, '.'],
        { cwd: dir, env: { ...process.env, DOCKER_HOST: `unix://${engineSocketPath()}`, DOCKER_BUILDKIT: '0' } },
        (err, _stdout, stderr) => (err ? reject(new Error(`docker build: ${stderr}`)) : resolve()),
      ),
    );
    const expected = await listed(theirs);
    assert.match(expected, /node_modules\/keep\/index\.js/, 'the listing shows the files');
    assert.doesNotMatch(expected, /node_modules\/drop|debug\.log|\.\/a\.txt/, 'what .dockerignore leaves out');
    assert.match(expected, /^\.\/empty f /m, '"EMPTY" does not leave out "empty"');
    // node_modules is left out but looked inside (for !node_modules/keep): neither side sends an
    // entry of it, so the engine makes the folder as it unpacks node_modules/keep, at the time
    // of each build. That time aside, all is equal.
    const folderLine = /^(\.\/node_modules d 755 4096 )\S+ \n/m;
    assert.match(expected, folderLine);
    const withoutItsTime = (listing: string) => listing.replace(folderLine, '$1(made by the engine)\n');
    assert.equal(withoutItsTime(await listed(ours)), withoutItsTime(expected));
  });

  it('a failing RUN at step 3 of the classic builder rejects with ImageBuildError naming step 3 and the engine error; events carry step/total', async () => {
    const dir = tempDir('broken');
    const total = 4 + Object.keys(testLabels).length; // the build labels are steps too
    writeFiles(dir, { Dockerfile: `FROM ${DEBIAN}\nLABEL ${TEST_RUN_LABEL}=${testRunId}\nRUN exit 3\nRUN echo never reached\n` });
    const events: BuildEvent[] = [];
    await assert.rejects(
      engine.build(
        { contextDir: dir, dockerfile: 'Dockerfile', tag: `${PREFIX}broken:${testRunId}`, labels: testLabels, builder: 'classic' },
        (e) => events.push(e),
      ),
      (err: unknown) => {
        assert.ok(err instanceof ImageBuildError, `got ${(err as Error).name}: ${(err as Error).message}`);
        assert.deepEqual(err.failedStep?.step.classicStep, { step: 3, total });
        assert.match(err.message, /RUN exit 3/);
        assert.match(err.message, /returned a non-zero code: 3/);
        return true;
      },
    );
    const steps = events.filter((e): e is Extract<BuildEvent, { kind: 'step' }> => e.kind === 'step');
    assert.deepEqual(
      steps.map((s) => [s.step, s.total]),
      [
        [1, total],
        [2, total],
        [3, total],
      ],
    );
    assert.equal(steps[2].instruction, 'RUN exit 3');
    assert.ok(events.some((e) => e.kind === 'error' && /non-zero code: 3/.test(e.message)));
    assert.equal(await engine.inspectImage(`${PREFIX}broken:${testRunId}`), undefined, 'no image is tagged');
  });

  it('cancel during a long RUN: rejects with CancelledError quickly and leaves no container of that build', async () => {
    const dir = tempDir('cancel');
    const marker = `${PREFIX}cancel-marker-${testRunId}`;
    writeFiles(dir, { Dockerfile: `FROM ${DEBIAN}\nLABEL ${TEST_RUN_LABEL}=${testRunId}\nRUN echo ${marker} && sleep 30\n` });
    const before = new Set((await engine.listContainers({ all: true })).map((c) => c.id));
    /** Containers created since `before` whose command carries the marker (the build's RUN step). */
    const buildContainers = async () => {
      const found: string[] = [];
      for (const c of await engine.listContainers({ all: true })) {
        if (before.has(c.id)) continue;
        const info = await inspect(c.id).catch(() => undefined);
        if (info && (info.Config.Cmd ?? []).join(' ').includes(marker)) found.push(c.id);
      }
      return found;
    };

    const controller = new AbortController();
    let runStepSeen = false;
    const started = Date.now();
    const building = engine.build(
      { contextDir: dir, dockerfile: 'Dockerfile', tag: `${PREFIX}cancel:${testRunId}`, labels: testLabels, builder: 'classic' },
      (e) => {
        if (e.kind === 'step' && e.step === 3) runStepSeen = true;
      },
      controller.signal,
    );
    const outcome = building.then(
      () => 'resolved',
      (err: unknown) => err,
    );

    // The RUN step's container really exists and runs before we cancel.
    const running = await waitFor(
      'the RUN step container',
      async () => {
        const ids = await buildContainers();
        return ids.length > 0 ? ids : undefined;
      },
      15_000,
    );
    assert.ok(runStepSeen);
    assert.equal((await inspect(running[0])).State.Running, true);

    const abortedAt = Date.now();
    controller.abort();
    const err = await outcome;
    const cancelTook = Date.now() - abortedAt;
    assert.ok(err instanceof CancelledError, `expected CancelledError, got ${String(err)}`);
    assert.ok(cancelTook < 5000, `cancel took ${cancelTook} ms`);
    assert.ok(Date.now() - started < 25_000, 'well before the 30 s sleep ends');

    // The engine kills and removes the step's container once it sees the client gone.
    await waitFor('the build container to be removed', async () => (await buildContainers()).length === 0, 15_000, 300);
    assert.deepEqual(await buildContainers(), []);
    assert.equal(await engine.inspectImage(`${PREFIX}cancel:${testRunId}`), undefined);
  });
});

describe('engine: run', () => {
  it('publishes a port: an HTTP server in the container answers on the host port', async () => {
    const port = await freePort();
    const id = await engine.run({
      image: PYTHON,
      name: name('http'),
      args: ['python', '-m', 'http.server', '8000'],
      ports: [{ containerPort: 8000, protocol: 'tcp', hostPort: port }],
      labels: testLabels,
      workingDir: '/etc',
    });
    try {
      const status = await waitFor(
        'HTTP 200 from the container',
        () => httpStatus(`http://127.0.0.1:${port}/`).then((s) => (s === 200 ? s : undefined)),
        30_000,
        300,
      );
      assert.equal(status, 200);
      const listed = (await engine.listContainers({ label: mineFilter })).find((c) => c.id === id);
      assert.ok(listed?.ports.some((p) => p.containerPort === 8000 && p.hostPort === port && p.protocol === 'tcp'));
    } finally {
      await engine.remove(id, { force: true });
    }
  });

  it('a host port already in use is refused with a clear error, and the failed container is not left behind', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', () => resolve()));
    const port = (blocker.address() as net.AddressInfo).port;
    const containerName = name('busy-port');
    try {
      await assert.rejects(
        run({ name: containerName, args: ['sh', '-c', IDLE], ports: [{ containerPort: 80, protocol: 'tcp', hostPort: port }] }),
        (err: unknown) => {
          assert.ok(err instanceof EngineRequestError, `got ${(err as Error).name}: ${(err as Error).message}`);
          assert.match(err.message, /address already in use|port is already allocated/);
          assert.ok(err.message.includes(String(port)), err.message);
          return true;
        },
      );
      const left = await engine.listContainers({ all: true, label: mineFilter });
      assert.ok(!left.some((c) => c.name === containerName), 'run() removed the container that could not start');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('a read-write mount receives a file written by the container', async () => {
    const dir = tempDir('rw');
    const r = await runToCompletion(engine, {
      image: DEBIAN,
      args: ['sh', '-c', 'echo written-inside > /out/from-container.txt'],
      volumes: [{ hostPath: dir, containerPath: '/out', readOnly: false }],
    });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'from-container.txt'), 'utf8'), 'written-inside\n');
  });

  it('a read-only mount refuses writes (and can be read)', async () => {
    const dir = tempDir('ro');
    fs.writeFileSync(path.join(dir, 'input.txt'), 'from the host\n');
    const r = await runToCompletion(engine, {
      image: DEBIAN,
      args: ['sh', '-c', 'cat /in/input.txt; echo nope > /in/new.txt'],
      volumes: [{ hostPath: dir, containerPath: '/in', readOnly: true }],
    });
    assert.notEqual(r.exitCode, 0);
    assert.equal(r.stdout, 'from the host\n');
    assert.match(r.stderr, /Read-only file system/);
    assert.equal(fs.existsSync(path.join(dir, 'new.txt')), false);
  });

  it("user '1234:1234': files written to a mount belong to 1234 on the host", async () => {
    const dir = tempDir('owner');
    fs.chmodSync(dir, 0o777);
    const r = await runToCompletion(engine, {
      image: DEBIAN,
      user: '1234:1234',
      args: ['sh', '-c', 'id -u; id -g; echo mine > /out/owned.txt'],
      volumes: [{ hostPath: dir, containerPath: '/out', readOnly: false }],
    });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, '1234\n1234\n');
    const st = fs.statSync(path.join(dir, 'owned.txt'));
    assert.equal(st.uid, 1234);
    assert.equal(st.gid, 1234);
  });

  it('args and env are passed through unchanged (spaces, quotes, empty values)', async () => {
    const r = await runToCompletion(engine, {
      image: DEBIAN,
      args: ['sh', '-c', 'printf "%s|%s|%s|%s|[%s]\\n" "$GREETING" "$1" "$2" "$#" "$EMPTY"', 'sh', 'a b', `it's "quoted"`],
      env: { GREETING: 'hello world', EMPTY: '' },
    });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, `hello world|a b|it's "quoted"|2|[]\n`);
  });

  it('without args the image CMD runs; workingDir is applied', async () => {
    const r = await runToCompletion(engine, { image: PYTHON, args: ['pwd'], workingDir: '/usr/share' });
    assert.equal(r.stdout, '/usr/share\n');
    const inspected = await engine.inspectImage(PYTHON);
    assert.ok(inspected && inspected.cmd.length > 0, 'the image has a CMD');
  });

  it('autoRemove removes the container after it exits', async () => {
    const id = await run({ name: name('auto-remove'), args: ['sh', '-c', 'sleep 1; exit 0'], autoRemove: true });
    assert.equal((await inspect(id)).State.Running, true);
    const code = await engine.wait(id).catch((err: unknown) => {
      if (err instanceof EngineRequestError && err.statusCode === 404) return 0;
      throw err;
    });
    assert.equal(code, 0);
    await waitFor(
      'the container to be removed',
      async () => !(await engine.listContainers({ all: true, label: mineFilter })).some((c) => c.id === id),
      10_000,
    );
    await assert.rejects(engine.inspectRaw('container', id), (err: unknown) => err instanceof EngineRequestError && err.statusCode === 404);
  });
});

describe('engine: logs', () => {
  it('non-TTY: stdout and stderr are demultiplexed', async () => {
    const id = await run({ args: ['sh', '-c', 'echo out1; echo err1 >&2; echo out2; printf "caf\\303\\251\\n" >&2'] });
    try {
      assert.equal(await engine.wait(id), 0);
      const out = collect();
      await engine.logs(id, { follow: false }, out.sink);
      assert.equal(out.of('stdout'), 'out1\nout2\n');
      assert.equal(out.of('stderr'), 'err1\ncafé\n');
    } finally {
      await engine.remove(id, { force: true });
    }
  });

  it('TTY: raw output, all on stdout, no frame headers', async () => {
    const id = await run({ tty: true, args: ['sh', '-c', 'echo tty-out; echo tty-err >&2'] });
    try {
      assert.equal(await engine.wait(id), 0);
      const out = collect();
      await engine.logs(id, { follow: false }, out.sink);
      assert.equal(out.of('stdout'), 'tty-out\r\ntty-err\r\n');
      assert.equal(out.of('stderr'), '');
      assert.ok(![...out.of('stdout')].some((c) => c.charCodeAt(0) <= 2), 'no stream frame headers');
    } finally {
      await engine.remove(id, { force: true });
    }
  });

  it('follow: lines arrive as they are printed, and the call resolves when the container stops', async () => {
    const id = await run({ args: ['sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 1; done'] });
    try {
      const out = collect();
      await engine.logs(id, { follow: true }, out.sink);
      const ended = Date.now();
      assert.equal(out.of('stdout'), 'line1\nline2\nline3\n');
      const firstAt = out.parts.find((p) => p.text.includes('line1'))!.at;
      assert.ok(ended - firstAt >= 1500, `line1 came ${ended - firstAt} ms before the end: it was streamed, not delivered at exit`);
      assert.equal((await inspect(id)).State.Running, false);
    } finally {
      await engine.remove(id, { force: true });
    }
  });

  it('since: only output printed after that moment', async () => {
    const id = await run({ args: ['sh', '-c', 'echo early; sleep 3; echo late'] });
    try {
      await waitFor(
        'early output',
        async () => {
          const out = collect();
          await engine.logs(id, { follow: false }, out.sink);
          return out.of('stdout').includes('early');
        },
        10_000,
      );
      const since = Math.floor(Date.now() / 1000) + 1;
      assert.equal(await engine.wait(id), 0);
      const all = collect();
      await engine.logs(id, { follow: false }, all.sink);
      assert.equal(all.of('stdout'), 'early\nlate\n');
      const later = collect();
      await engine.logs(id, { follow: false, since }, later.sink);
      assert.equal(later.of('stdout'), 'late\n');
      const tail = collect();
      await engine.logs(id, { follow: false, tail: 1 }, tail.sink);
      assert.equal(tail.of('stdout'), 'late\n');
    } finally {
      await engine.remove(id, { force: true });
    }
  });

  it('aborting the signal stops following with CancelledError', async () => {
    const id = await run({ args: ['sh', '-c', "trap 'exit 0' TERM; while :; do echo tick; sleep 0.3; done"] });
    try {
      const controller = new AbortController();
      const out = collect();
      const following = engine.logs(
        id,
        { follow: true },
        (text, stream) => {
          out.sink(text, stream);
          if (out.of('stdout').includes('tick')) controller.abort();
        },
        controller.signal,
      );
      const started = Date.now();
      await assert.rejects(following, CancelledError);
      assert.ok(Date.now() - started < 5000);
      assert.match(out.of('stdout'), /tick/);
      assert.equal((await inspect(id)).State.Running, true, 'cancelling the logs does not stop the container');
    } finally {
      await engine.remove(id, { force: true });
    }
  });
});

describe('engine: wait and lifecycle', () => {
  it('wait() gives the exit code', async () => {
    const seven = await run({ args: ['sh', '-c', 'sleep 0.5; exit 7'] });
    const zero = await run({ args: ['true'] });
    try {
      assert.equal(await engine.wait(seven), 7);
      assert.equal(await engine.wait(zero), 0);
      assert.equal(await engine.wait(seven), 7, 'waiting on a stopped container answers at once');
    } finally {
      await Promise.all([engine.remove(seven, { force: true }), engine.remove(zero, { force: true })]);
    }
  });

  it('stop, start, restart, kill and remove change the engine state', async () => {
    const id = await run({ name: name('lifecycle'), args: ['sh', '-c', IDLE] });
    try {
      let info = await inspect(id);
      assert.equal(info.State.Running, true);
      const firstStart = info.State.StartedAt;

      await engine.stop(id);
      info = await inspect(id);
      assert.equal(info.State.Running, false);
      assert.equal(info.State.Status, 'exited');
      assert.equal(info.State.ExitCode, 0, 'the TERM trap ran');
      await engine.stop(id); // stopping a stopped container is fine

      await engine.start(id);
      info = await inspect(id);
      assert.equal(info.State.Running, true);
      const secondStart = info.State.StartedAt;
      assert.notEqual(secondStart, firstStart);

      await engine.restart(id);
      info = await inspect(id);
      assert.equal(info.State.Running, true);
      assert.notEqual(info.State.StartedAt, secondStart);

      await engine.kill(id);
      info = await waitFor(
        'the container to die',
        async () => {
          const i = await inspect(id);
          return i.State.Running ? undefined : i;
        },
        5000,
        100,
      );
      assert.equal(info.State.ExitCode, 137);
      await engine.kill(id); // killing a stopped container is fine

      await engine.remove(id);
      await assert.rejects(
        engine.inspectRaw('container', id),
        (err: unknown) => err instanceof EngineRequestError && err.statusCode === 404,
      );
      assert.ok(!(await engine.listContainers({ all: true, label: mineFilter })).some((c) => c.id === id));
    } finally {
      await engine.remove(id, { force: true });
    }
  });

  it('removing a running container without force is refused; with force it goes', async () => {
    const id = await run({ args: ['sh', '-c', IDLE] });
    await assert.rejects(engine.remove(id), (err: unknown) => err instanceof EngineRequestError && err.statusCode === 409);
    assert.equal((await inspect(id)).State.Running, true);
    await engine.remove(id, { force: true });
    await assert.rejects(engine.inspectRaw('container', id), (err: unknown) => err instanceof EngineRequestError && err.statusCode === 404);
  });

  it('remove of a missing container does not throw', async () => {
    await engine.remove(name('never-existed'));
    await engine.remove('0'.repeat(64), { force: true });
  });

  it('calls on a missing container reject with EngineRequestError 404', async () => {
    await assert.rejects(
      engine.start(name('never-existed')),
      (err: unknown) => err instanceof EngineRequestError && err.statusCode === 404 && /No such container/i.test(err.message),
    );
  });
});

describe('engine: exec', () => {
  let id: string;

  before(async () => {
    id = await run({ name: name('exec'), args: ['sh', '-c', IDLE] });
  });

  after(async () => {
    await engine.remove(id, { force: true });
  });

  it('tty false: stdout and stderr come out, done gives the exit code', async () => {
    for (let i = 0; i < 3; i++) {
      const session = await engine.exec(id, ['sh', '-c', 'echo hi; echo err >&2; exit 3'], { tty: false });
      const [output, code] = await Promise.all([readAll(session.output), session.done]);
      assert.match(output, /^hi\n/m);
      assert.match(output, /^err\n/m);
      assert.equal(code, 3, `round ${i}`);
    }
  });

  it('tty true: keystrokes in, terminal output out, resize applies', async () => {
    const session = await engine.exec(id, ['sh'], { tty: true, columns: 80, rows: 24 });
    await session.resize(100, 30);
    const reading = readAll(session.output);
    session.input.write('stty size\necho $((6*7))\nexit\n');
    const [output, code] = await Promise.all([reading, session.done]);
    // The shell echoes the typed lines ("echo $((6*7))"); only its answer is a bare 42.
    assert.match(output, /(?:^|[\n ])42\r\n/);
    assert.match(output, /(?:^|[\n ])30 100\r\n/);
    assert.equal(code, 0);
  });
});

describe('engine: events', () => {
  it('a container created by the test shows up as a container/create event within 1 s; aborting ends the stream with CancelledError', async () => {
    const controller = new AbortController();
    const events: (EngineEvent & { at: number })[] = [];
    const streaming = engine.events((e) => events.push({ ...e, at: Date.now() }), controller.signal);
    const settled = streaming.then(
      () => 'resolved',
      (err: unknown) => err,
    );
    await sleep(500); // let the stream open
    const startedAt = Date.now();
    const cid = await run({ name: name('events'), args: ['true'] });
    try {
      const created = await waitFor(
        'the create event',
        async () => events.find((e) => e.type === 'container' && e.action === 'create' && e.id === cid),
        2000,
        20,
      );
      assert.ok(created.at - startedAt < 1000, `the event came after ${created.at - startedAt} ms`);
      assert.equal(created.attributes.name, name('events'));
      assert.equal(created.attributes[TEST_RUN_LABEL], testRunId);
      assert.ok(created.time instanceof Date && Math.abs(created.time.getTime() - Date.now()) < 60_000);
    } finally {
      await engine.remove(cid, { force: true });
    }
    controller.abort();
    const err = await settled;
    assert.ok(err instanceof CancelledError, `expected CancelledError, got ${String(err)}`);
  });

  it('when the engine goes away, the event stream rejects with EngineUnavailableError', async () => {
    const socketPath = path.join(tempDir('events-proxy'), 'engine.sock');
    const proxy = new EngineSocketProxy(socketPath, engineSocketPath());
    await proxy.start();
    try {
      const viaProxy = new DockerodeEngine({ host: `unix://${socketPath}`, source: 'setting' });
      const streaming = viaProxy.events(() => undefined, new AbortController().signal);
      const settled = streaming.then(
        () => 'resolved',
        (err: unknown) => err,
      );
      await sleep(500);
      await proxy.stop();
      const err = await Promise.race([settled, sleep(5000).then(() => 'still streaming')]);
      assert.ok(err instanceof EngineUnavailableError, `expected EngineUnavailableError, got ${String(err)}`);
    } finally {
      await proxy.stop();
    }
  });
});
