/**
 * Podman for real (Debian's podman 4.3, `podman system service`), through the project's
 * engine layer (createEngine + DockerodeEngine): rootful with listing, build, run with
 * ports and volumes, logs and convert; rootless as an unprivileged user with subuids with
 * listing, build, run, logs and convert, where the video must belong to that user. Both
 * services are this test's own; the shared engine is only read to seed the images.
 *
 * Rootless containers here run without a network: this machine's /dev/net/tun is not open
 * to unprivileged users, so slirp4netns (rootless Podman's network) cannot start; a run
 * with published ports is proven on rootful Podman.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { containerUserFor } from '../../src/engine/containerUser';
import { CONVERT_PURPOSE, convertFolder } from '../../src/workflows/convertFolder';
import { defaultOutputPath } from '../../src/workflows/outputPath';
import { waitForHttp } from '../../src/workflows/httpProbe';
import { copyFixtures, folderIn } from '../support/convertFixtures';
import { probeVideo } from '../support/frames';
import { PodmanService } from '../support/podmanService';
import { buildFolder, repoRoot, runToCompletion, templatesDir, testLabels } from '../support/realEngine';
import { IMG2VID_IMAGE, freePort } from '../support/serviceTools';

function httpText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => (body += d))
          .on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-podman-'));
fs.chmodSync(root, 0o755);
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A build context: COPY only (no RUN), so it needs no network inside the build. */
function context(label: string, text: string, run = false): string {
  const dir = folderIn(root, label, 'context');
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM debian:bookworm-slim\nCOPY note.txt /note.txt\n${run ? 'RUN cat /note.txt > /copied.txt\n' : ''}`,
  );
  fs.writeFileSync(path.join(dir, 'note.txt'), text);
  return dir;
}

describe('Podman rootful', { timeout: 600_000 }, () => {
  let podman: PodmanService;
  let engine: ContainerEngine;

  before(async () => {
    podman = await PodmanService.rootful(['debian:bookworm-slim', IMG2VID_IMAGE]);
    engine = podman.client();
  });
  after(async () => podman?.dispose());

  it('is Podman 4.3, and lists its images and containers', async () => {
    const version = await engine.version();
    assert.equal(version.platformName, 'Podman Engine');
    assert.match(version.version, /^4\.3\./);
    const images = await engine.listImages();
    assert.ok(
      images.some((i) => i.repoTags.some((t) => t.endsWith('container-workflows/img2vid:latest'))),
      JSON.stringify(images.map((i) => i.repoTags)),
    );
    const id = await engine.create({ image: 'debian:bookworm-slim', args: ['true'], labels: testLabels });
    try {
      assert.ok(
        (await engine.listContainers({ all: true })).some((c) => c.id === id),
        'a created container is listed',
      );
      assert.ok(
        (await engine.listContainers({ all: true, label: `${Object.keys(testLabels)[0]}=${Object.values(testLabels)[0]}` })).some(
          (c) => c.id === id,
        ),
        'and found by label',
      );
    } finally {
      await engine.remove(id, { force: true });
    }
  });

  it('builds (COPY and RUN), with the steps as progress', async () => {
    const built = await buildFolder(engine, context('rootful-build', 'from podman\n', true), 'cw-podman-build:latest');
    assert.match(built.output, /STEP|Step/);
    const result = await runToCompletion(engine, { image: 'cw-podman-build:latest', args: ['cat', '/copied.txt'] });
    assert.equal(result.stdout, 'from podman\n');
  });

  it("runs with a published port and a bind-mounted folder; the logs stream; what it writes there is the caller's", async () => {
    const www = folderIn(root, 'rootful-run', 'www');
    fs.writeFileSync(path.join(www, 'index.html'), 'served by podman');
    const image = 'cw-podman-web:latest';
    const ctx = folderIn(root, 'rootful-run', 'context');
    const serve = 'echo serving; echo written > /www/from-container.txt; exec python3 -m http.server 8000 --directory /www';
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${IMG2VID_IMAGE}\nENTRYPOINT ["sh", "-c", "${serve}"]\n`);
    await buildFolder(engine, ctx, image);
    const port = await freePort();
    const id = await engine.run({
      image,
      ports: [{ containerPort: 8000, protocol: 'tcp', hostPort: port, hostIp: '127.0.0.1' }],
      volumes: [{ hostPath: www, containerPath: '/www', readOnly: false }],
      user: containerUserFor(engine.endpoint.host),
      labels: testLabels,
    });
    try {
      assert.ok(await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 60_000, intervalMs: 200 }), 'the published port answers');
      assert.equal(await httpText(`http://127.0.0.1:${port}/index.html`), 'served by podman');
      const controller = new AbortController();
      let logs = '';
      await engine
        .logs(
          id,
          { follow: true },
          (text) => {
            logs += text;
            if (logs.includes('serving')) controller.abort();
          },
          controller.signal,
        )
        .catch(() => undefined);
      assert.match(logs, /serving/);
      assert.equal(
        fs.statSync(path.join(www, 'from-container.txt')).uid,
        process.getuid?.(),
        "what the container wrote into the folder is the caller's",
      );
    } finally {
      await engine.remove(id, { force: true });
    }
  });

  it('converts with bind mounts (a local engine): the video next to the folder, the container gone', async () => {
    const folder = copyFixtures(root, 'rootful-convert', 'mba', 10);
    const result = await convertFolder(engine, { folder, output: defaultOutputPath(folder), fps: 5, templatesDir });
    assert.equal(probeVideo(result.output).frames, 10);
    assert.equal(result.transfer, undefined, 'a unix socket: mounted, not copied');
    assert.deepEqual(await engine.listContainers({ all: true, label: `dev.container-workflows.purpose=${CONVERT_PURPOSE}` }), []);
  });
});

/** Runs the built CLI as the rootless engine's user, with that user's environment. */
function cliAs(podman: PodmanService, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = Object.entries({ ...podman.userEnv(), DOCKER_HOST: podman.host, PATH: process.env.PATH ?? '/usr/bin:/bin' }).map(
    ([k, v]) => `${k}=${v}`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(
      'runuser',
      ['-u', podman.user!.name, '--', 'env', '-i', ...env, process.execPath, path.join(repoRoot, 'dist', 'cli.js'), ...args],
      { cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('Podman rootless, as an unprivileged user', { timeout: 600_000 }, () => {
  let podman: PodmanService;
  let engine: ContainerEngine;

  before(async () => {
    podman = await PodmanService.rootless(['debian:bookworm-slim', IMG2VID_IMAGE]);
    engine = podman.client();
  });
  after(async () => podman?.dispose());

  it("answers on the user's socket (/run/user/<uid>/podman/podman.sock) and lists its images", async () => {
    assert.equal(podman.host, `unix:///run/user/${podman.user!.uid}/podman/podman.sock`);
    assert.equal((await engine.version()).platformName, 'Podman Engine');
    assert.ok((await engine.listImages()).some((i) => i.repoTags.some((t) => t.endsWith('debian:bookworm-slim'))));
    assert.equal(containerUserFor(podman.host), '0:0', 'root in the container is the user on the host');
  });

  it('builds a context (COPY) and runs it without a network; the logs stream', async () => {
    await buildFolder(engine, context('rootless-build', 'rootless\n'), 'cw-podman-rootless:latest');
    const result = await runToCompletion(engine, {
      image: 'cw-podman-rootless:latest',
      args: ['sh', '-c', 'cat /note.txt; id -u'],
      network: 'none',
    });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, 'rootless\n0\n');
  });

  it("converts a folder of the user's with the CLI run as that user: the video is theirs", async () => {
    const folder = copyFixtures(root, 'rootless-convert', 'mba', 10);
    const parent = path.dirname(folder);
    for (const p of [parent, folder, ...fs.readdirSync(folder).map((f) => path.join(folder, f))])
      fs.chownSync(p, podman.user!.uid, podman.user!.gid);
    fs.chmodSync(parent, 0o755);
    const exit = await cliAs(podman, ['convert', folder]);
    assert.equal(exit.code, 0, exit.stderr);
    const video = path.join(parent, 'mba.mp4');
    assert.equal(exit.stdout.trim(), video);
    assert.equal(probeVideo(video).frames, 10);
    const stat = fs.statSync(video);
    assert.deepEqual([stat.uid, stat.gid], [podman.user!.uid, podman.user!.gid], 'the video belongs to the person, not to a sub-uid');
    assert.deepEqual(fs.readdirSync(parent).sort(), ['mba', 'mba.mp4'], 'no staging folder left');
    assert.deepEqual(await engine.listContainers({ all: true, label: `dev.container-workflows.purpose=${CONVERT_PURPOSE}` }), []);
  });
});
