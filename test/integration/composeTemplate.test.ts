/**
 * The compose template (templates/compose-gradio-apps) scaffolded as the extension writes
 * it, then brought up with the compose CLI on the test engine. With real Gradio this needs
 * PyPI while building: where PyPI does not answer (here), that test is skipped with the
 * reason, and the same template runs with the stand-in gradio module instead (each app's
 * pip step swapped, as gradioHandlers.test.ts does), which proves everything but Gradio's
 * own page: both images build, both apps start together, each port answers, they reach
 * each other on the user network, and what one app writes to the outputs volume the other
 * sees.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { groupByComposeProject } from '../../src/compose/composeProjects';
import type { ContainerEngine } from '../../src/engine/engine';
import { loadCatalog } from '../../src/templates/catalog';
import { applyScaffold, planScaffold } from '../../src/templates/scaffold';
import { assertSucceeded, compose, projectResources, uniqueProjectName } from '../support/composeRig';
import { tempDir } from '../support/frames';
import { pypiProblem, swapPipForStandIn } from '../support/gradioStandIn';
import { realEngine, templatesDir } from '../support/realEngine';

const ID = 'compose-gradio-apps';
const APP_UID = 10001;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The page at the URL once it answers; fails after `attempts` tries a second apart, with why. */
async function pageAt(url: string, attempts: number, explain: () => Promise<string>): Promise<string> {
  let last = '';
  for (let i = 0; i < attempts; i++) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const body = await response.text();
      if (response.ok) return body;
      last = `HTTP ${response.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  assert.fail(`${url} did not answer (${last}):\n${await explain()}`);
}

describe('the compose template: both Gradio apps side by side', () => {
  let engine: ContainerEngine;
  let resources: ReturnType<typeof projectResources>;
  let pypi: Promise<string | undefined>;
  const cleanup: { project: string; images: string[] }[] = [];
  const dirs: string[] = [];

  /** The template written into a fresh folder through the extension's own scaffold. */
  function scaffold(label: string): string {
    const template = loadCatalog(templatesDir).templates.find((t) => t.id === ID);
    assert.ok(template, `${ID} is in the catalog`);
    const dir = tempDir(`compose-template-${label}`);
    dirs.push(dir);
    applyScaffold(planScaffold(template, dir), 'keep');
    return dir;
  }

  function projectFor(label: string) {
    const name = uniqueProjectName(label);
    // 1.29 names the images it builds <project>_<service>.
    cleanup.push({ project: name, images: [`${name}_greet`, `${name}_img2vid`] });
    return name;
  }

  /** Runs a command in a running container as its own user; its exit code and output. */
  async function exec(id: string, command: string[]): Promise<{ code: number; output: string }> {
    const session = await engine.exec(id, command, { tty: false });
    session.input.end();
    let output = '';
    session.output.on('data', (chunk: Buffer | string) => (output += chunk.toString()));
    const code = await session.done;
    return { code, output };
  }

  before(async () => {
    engine = await realEngine();
    resources = projectResources(engine);
    pypi = pypiProblem();
  });

  after(async () => {
    for (const { project, images } of cleanup) await resources.removeProject(project, images);
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('with real Gradio: builds both apps and serves both pages', { timeout: 30 * 60_000 }, async (t) => {
    const problem = await pypi;
    if (problem) {
      t.skip(`PyPI is not reachable from this machine: ${problem}; both apps install gradio from it while building`);
      return;
    }
    const dir = scaffold('real');
    const name = projectFor('real');
    const ports = { GREET_PORT: String(await freePort()), IMG2VID_PORT: String(await freePort()) };
    const target = { files: [path.join(dir, 'compose.yaml')], projectName: name };
    assertSucceeded(await compose(engine, target, { kind: 'up', build: true }, { env: ports }), 'up --build');
    const logs = async () => (await compose(engine, target, { kind: 'logs' })).stdout;
    for (const [port, title] of [
      [ports.GREET_PORT, 'Greet App'],
      [ports.IMG2VID_PORT, 'Images to video'],
    ]) {
      const body = await pageAt(`http://127.0.0.1:${port}/`, 120, logs);
      assert.match(body, /gradio/i, 'a Gradio page');
      assert.ok(body.includes(title), `the page carries "${title}"`);
    }
    assertSucceeded(await compose(engine, target, { kind: 'down', volumes: true }), 'down');
  });

  it(
    'with the stand-in gradio (PyPI unreachable): both apps build and run together, each port answers, the outputs volume is shared',
    { timeout: 20 * 60_000 },
    async () => {
      const dir = scaffold('standin');
      swapPipForStandIn(path.join(dir, 'greet-gradio'), 'greet-gradio');
      swapPipForStandIn(path.join(dir, 'img2vid-gradio'), 'img2vid-gradio');
      // An override file, as a person would add one: the stand-in serves where Gradio would.
      const override = path.join(dir, 'standin.compose.yaml');
      fs.writeFileSync(
        override,
        'services:\n  greet:\n    environment:\n      GRADIO_STANDIN_SERVE: "1"\n  img2vid:\n    environment:\n      GRADIO_STANDIN_SERVE: "1"\n',
      );
      const name = projectFor('standin');
      const ports = { GREET_PORT: String(await freePort()), IMG2VID_PORT: String(await freePort()) };
      const target = { files: [path.join(dir, 'compose.yaml'), override], projectName: name };
      const up = await compose(engine, target, { kind: 'up', build: true }, { env: ports });
      assertSucceeded(up, 'up --build');
      const logs = async () => (await compose(engine, target, { kind: 'logs' })).stdout;

      // Each app on its own port, on this machine's loopback, with its own title.
      assert.match(await pageAt(`http://127.0.0.1:${ports.GREET_PORT}/`, 60, logs), /gradio stand-in serving Greet App/);
      assert.match(await pageAt(`http://127.0.0.1:${ports.IMG2VID_PORT}/`, 60, logs), /gradio stand-in serving Images to video/);

      const group = groupByComposeProject(await engine.listContainers({ all: true })).projects.find((p) => p.name === name);
      assert.ok(group);
      assert.deepEqual(
        group.members.map((m) => [m.label, m.container.state]),
        [
          ['greet', 'running'],
          ['img2vid', 'running'],
          ['prepare-outputs', 'exited'],
        ],
      );
      assert.match(group.members[2].container.status, /^Exited \(0\)/, 'the volume was prepared');
      assert.deepEqual(await resources.volumes(name), [`${name}_outputs`]);
      assert.ok((await resources.networks(name)).includes(`${name}_apps`));
      const [greet, img2vid] = group.members.map((m) => m.container.id);

      // The user network: each app reaches the other by its service name.
      const reach = (host: string, port: number) => [
        'python3',
        '-c',
        `import urllib.request; print(urllib.request.urlopen("http://${host}:${port}/", timeout=10).read().decode())`,
      ];
      const fromGreet = await exec(greet, reach('img2vid', 7861));
      assert.equal(fromGreet.code, 0, fromGreet.output);
      assert.match(fromGreet.output, /serving Images to video/);
      assert.match((await exec(img2vid, reach('greet', 7860))).output, /serving Greet App/);

      // The img2vid app makes a video with its own handler: it lands in the shared volume...
      const make = await exec(img2vid, [
        'python3',
        '-c',
        [
          'import subprocess, app',
          'subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=1", "-frames:v", "3", "/tmp/f%d.png"], check=True)',
          'video, _, _ = app.make_video(["/tmp/f1.png", "/tmp/f2.png", "/tmp/f3.png"], 2)',
          'print("VIDEO " + video)',
        ].join('\n'),
      ]);
      assert.equal(make.code, 0, make.output);
      const video = /VIDEO (\S+)/.exec(make.output)?.[1];
      assert.ok(video?.startsWith('/outputs/img2vid/'), `the video is in the outputs volume: ${make.output}`);
      // ...and the greet app's container sees it there, written by the apps' user.
      const seen = await exec(greet, ['python3', '-c', `import os; s = os.stat("${video}"); print(s.st_size, s.st_uid)`]);
      assert.equal(seen.code, 0, seen.output);
      const [size, uid] = seen.output.trim().split(' ').map(Number);
      assert.ok(size > 0, seen.output);
      assert.equal(uid, APP_UID);
      // And the other way: what greet writes to its folder, img2vid reads.
      assert.equal((await exec(greet, ['sh', '-c', 'echo hi > /outputs/greet/note.txt'])).code, 0);
      assert.match((await exec(img2vid, ['cat', '/outputs/greet/note.txt'])).output, /^hi$/m);

      assertSucceeded(await compose(engine, target, { kind: 'down', volumes: true }), 'down --volumes');
      assert.deepEqual(await resources.volumes(name), []);
    },
  );
});
