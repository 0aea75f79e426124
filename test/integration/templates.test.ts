/**
 * The bundled templates, built through the project's engine and run as the article runs
 * them. The Gradio templates need PyPI while building: where PyPI does not answer, their
 * tests are skipped with the reason (never passed without running).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { ContainerEngine } from '../../src/engine/engine';
import { loadTemplate } from '../../src/templates/catalog';
import { templateBuildContext } from '../../src/templates/templateContext';
import { jsonLines, probeVideo, tempDir } from '../support/frames';
import {
  buildFolder,
  fixturesDir,
  realEngine,
  removeTestContainers,
  runToCompletion,
  templatesDir,
  testLabels,
} from '../support/realEngine';

const NON_ROOT = 1234;
const tagFor = (id: string) => `cw-test/${id}:latest`;

/** Undefined when PyPI answers; otherwise why not. */
async function pypiProblem(): Promise<string | undefined> {
  try {
    const response = await fetch('https://pypi.org/simple/gradio/', {
      signal: AbortSignal.timeout(8000),
      headers: { Accept: 'application/vnd.pypi.simple.v1+json' },
    });
    return response.ok ? undefined : `https://pypi.org/simple/gradio/ answered HTTP ${response.status}`;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return `https://pypi.org/simple/gradio/ gave ${cause?.code ?? cause?.message ?? (err as Error).message}`;
  }
}

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

describe('bundled templates', () => {
  let engine: ContainerEngine;
  const made: string[] = [];
  let pypi: Promise<string | undefined>;

  async function build(id: string): Promise<string> {
    const tag = tagFor(id);
    const previous = await engine.inspectImage(tag);
    // The folder with its shared files in place (img2vid-gradio's converter), as the extension builds it.
    const context = templateBuildContext(loadTemplate(path.join(templatesDir, id), true));
    const { imageId, output } = await buildFolder(engine, context.dir, tag).finally(() => context.dispose());
    if (previous && previous.id !== imageId) {
      // The earlier build of this tag is now untagged; it may still be used by a run elsewhere.
      await engine.removeImage(previous.id).catch(() => undefined);
    }
    const config = await engine.inspectImage(tag);
    assert.ok(config, `${tag} exists after the build:\n${output}`);
    assert.ok(config.user && !/^(root|0)(:|$)/.test(config.user), `${id} runs as a non-root user (USER ${config.user})`);
    return tag;
  }

  before(async () => {
    engine = await realEngine();
    pypi = pypiProblem();
  });

  after(async () => {
    if (engine) {
      await removeTestContainers(engine);
    }
    for (const dir of made) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('greet prints "hello world"', async () => {
    const image = await build('greet');
    const run = await runToCompletion(engine, { image });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(run.stdout, 'hello world \n');
  });

  it('greet-args prints its greeting the given number of times, and explains bad arguments', async () => {
    const image = await build('greet-args');
    const run = await runToCompletion(engine, { image, args: ['hello earthling ', '2'] });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(run.stdout, 'hello earthling hello earthling \n');

    // As any user, even one the image does not know and that has no home folder.
    const stranger = await runToCompletion(engine, { image, args: ['hi ', '3'], user: '4321:4321' });
    assert.equal(stranger.exitCode, 0, stranger.stderr);
    assert.equal(stranger.stdout, 'hi hi hi \n');

    for (const args of [[], ['hello'], ['hello', 'two'], ['hello', '0'], ['hello', '2', 'extra']]) {
      const bad = await runToCompletion(engine, { image, args });
      assert.equal(bad.exitCode, 2, `${JSON.stringify(args)} is a usage error`);
      assert.match(bad.stderr, /^error: .+\n\nusage: greet GREETING TIMES/);
      assert.equal(bad.stdout, '');
    }
  });

  it(`greet-volume stores the greeting in the mounted folder as ${NON_ROOT}:${NON_ROOT}, and a second run shows it`, async () => {
    const image = await build('greet-volume');
    const config = await engine.inspectImage(image);
    assert.ok(config?.volumes.includes('/output'), `VOLUME /output (got ${config?.volumes.join(', ')})`);
    assert.equal(config?.env.OUTPUT_DIR, '/output');

    const output = tempDir('greetings', { owner: NON_ROOT });
    made.push(output);
    const mount = [{ hostPath: output, containerPath: '/output', readOnly: false }];
    const user = `${NON_ROOT}:${NON_ROOT}`;

    const first = await runToCompletion(engine, { image, args: ['hello alien ', '3', 'local_output'], volumes: mount, user });
    assert.equal(first.exitCode, 0, first.stderr);
    assert.match(first.stdout, /No greetings in \/output yet\./);
    const file = path.join(output, 'local_output.txt');
    assert.equal(fs.readFileSync(file, 'utf8'), 'hello alien hello alien hello alien ');
    const stat = fs.statSync(file);
    assert.equal(stat.uid, NON_ROOT, 'the file belongs to the user who ran the container');
    assert.equal(stat.gid, NON_ROOT);

    const second = await runToCompletion(engine, { image, args: ['hi ', '2'], volumes: mount, user });
    assert.equal(second.exitCode, 0, second.stderr);
    assert.match(second.stdout, /Greetings already in \/output:\n {2}local_output\.txt: hello alien hello alien hello alien \n/);
    assert.equal(fs.readFileSync(path.join(output, 'output.txt'), 'utf8'), 'hi hi ', 'NAME defaults to "output"');
    assert.deepEqual(fs.readdirSync(output).sort(), ['local_output.txt', 'output.txt']);

    const bad = await runToCompletion(engine, { image, args: ['hi', '2', '../escape'], volumes: mount, user });
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /NAME must be a plain file name/);
  });

  it("img2vid converts the article's frames (mba) into a playable H.264 video, and prints usage without arguments", async () => {
    const image = await build('img2vid');
    const config = await engine.inspectImage(image);
    assert.equal(config?.env.INPUT_DIR, '/input');
    assert.equal(config?.env.OUTPUT_DIR, '/output');

    const help = await runToCompletion(engine, { image });
    assert.equal(help.exitCode, 0, help.stderr);
    assert.match(help.stdout, /usage: img2vid \[-h\] \[--fps N\] IMAGE_DIR OUTPUT_NAME/);

    const output = tempDir('aquarium', { writable: true });
    made.push(output);
    const run = await runToCompletion(engine, {
      image,
      args: ['.', 'aquarium-docker.mp4'],
      volumes: [
        { hostPath: fixturesDir, containerPath: '/input', readOnly: true },
        { hostPath: output, containerPath: '/output', readOnly: false },
      ],
    });
    assert.equal(run.exitCode, 0, run.stderr);
    const done = jsonLines(run.stdout).find((e) => e.event === 'done');
    assert.equal(done?.frames, 50);
    const info = probeVideo(path.join(output, 'aquarium-docker.mp4'));
    assert.equal(info.codec, 'h264', "H.264, which browsers play (the article's mp4v does not)");
    assert.equal(info.pixFmt, 'yuv420p');
    assert.equal(info.frames, 50);
  });

  for (const app of [
    { id: 'greet-gradio', port: 7860, title: 'Greet App' },
    { id: 'img2vid-gradio', port: 7861, title: 'Images to video' },
  ]) {
    it(`${app.id} serves its Gradio app on port ${app.port}`, { timeout: 20 * 60_000 }, async (t) => {
      const problem = await pypi;
      if (problem) {
        t.skip(`PyPI is not reachable from this machine: ${problem}; ${app.id} installs gradio from it while building`);
        return;
      }
      const image = await build(app.id);
      const config = await engine.inspectImage(image);
      assert.ok(
        config?.exposedPorts.some((p) => p.port === app.port),
        `EXPOSE ${app.port}`,
      );
      assert.equal(config?.env.SERVER_NAME, '0.0.0.0');
      assert.equal(config?.env.SERVER_PORT, String(app.port));

      const hostPort = await freePort();
      // As a user with no home folder: Gradio must find everything it writes under /tmp.
      const id = await engine.run({
        image,
        ports: [{ containerPort: app.port, protocol: 'tcp', hostPort, hostIp: '127.0.0.1' }],
        user: '4321:4321',
        labels: testLabels,
      });
      try {
        const deadline = Date.now() + 120_000;
        let body = '';
        let last = '';
        for (;;) {
          try {
            const response = await fetch(`http://127.0.0.1:${hostPort}/`, { signal: AbortSignal.timeout(5000) });
            body = await response.text();
            if (response.ok) break;
            last = `HTTP ${response.status}`;
          } catch (err) {
            last = (err as Error).message;
          }
          let logs = '';
          if (Date.now() > deadline) {
            await engine.logs(id, { follow: false }, (text) => {
              logs += text;
            });
            assert.fail(`${app.id} did not answer on port ${hostPort} within 120 s (${last}):\n${logs}`);
          }
          await new Promise((r) => setTimeout(r, 1000));
        }
        assert.match(body, /gradio/i, 'a Gradio page');
        assert.ok(body.includes(app.title), `the page carries the app's title "${app.title}"`);
      } finally {
        await engine.remove(id, { force: true });
      }
    });
  }
});
