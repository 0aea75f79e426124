/**
 * Every workflow on an engine that is "another machine": a second dockerd of this test,
 * reached over TCP + TLS, and the same engine reached over ssh (an sshd of this test whose
 * sessions' `docker system dial-stdio` reach it). The engine runs with an empty /tmp of its
 * own, so it cannot see the folders made here: a bind mount of one fails there, and convert
 * must copy the images in and the video out.
 *
 * The shared engine is only read from (to seed the images); the engines here are the
 * test's own and are stopped at the end.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine, EngineEvent } from '../../src/engine/engine';
import { PURPOSE_LABEL } from '../../src/engine/engine';
import { CancelledError } from '../../src/engine/errors';
import { CONVERT_PURPOSE, type ConvertProgress, convertFolder } from '../../src/workflows/convertFolder';
import { defaultOutputPath } from '../../src/workflows/outputPath';
import { copyBackFromContainer, copyFolderIntoVolume } from '../../src/workflows/volumeCopy';
import { copyFixtures, folderIn } from '../support/convertFixtures';
import { probeVideo } from '../support/frames';
import { createDockerContext } from '../support/dockerContexts';
import { buildFolder, repoRoot, runToCompletion, templatesDir, testLabels } from '../support/realEngine';
import { IMG2VID_IMAGE } from '../support/serviceTools';
import { RemoteEngines, TRANSPORTS } from '../support/remoteEngines';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-remote-'));
fs.chmodSync(root, 0o755);

let remote: RemoteEngines;

function volumes(): string[] {
  return remote.tls.docker(['volume', 'ls', '-q']).sort();
}

async function convertContainers(engine: ContainerEngine): Promise<string[]> {
  return (await engine.listContainers({ all: true, label: `${PURPOSE_LABEL}=${CONVERT_PURPOSE}` })).map((c) => `${c.name} ${c.state}`);
}

/** Creates short-lived containers until the event stream reports one (it may open after the first). */
async function firstEventOfOwnContainer(engine: ContainerEngine, events: EngineEvent[]): Promise<EngineEvent> {
  const mine = new Set<string>();
  for (let attempt = 0; attempt < 50; attempt++) {
    const id = await engine.create({ image: 'debian:bookworm-slim', args: ['true'], labels: testLabels });
    mine.add(id);
    await engine.remove(id, { force: true });
    const seen = events.find((e) => e.type === 'container' && e.action === 'create' && mine.has(e.id));
    if (seen) return seen;
  }
  throw new Error('no create event of our containers arrived');
}

before(async () => {
  remote = await RemoteEngines.start(['debian:bookworm-slim', IMG2VID_IMAGE]);
});

after(async () => {
  await remote?.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

for (const transport of TRANSPORTS) {
  describe(`a remote engine over ${transport}`, { timeout: 300_000 }, () => {
    const engine = () => remote.engines[transport];

    it("answers, and cannot see this machine's folders (a bind mount of one fails there)", async () => {
      const version = await engine().version();
      assert.match(version.version, /^\d+\./);
      const here = folderIn(root, `${transport}-seen`, 'data');
      fs.writeFileSync(path.join(here, 'file.txt'), 'here');
      await assert.rejects(
        runToCompletion(engine(), {
          image: 'debian:bookworm-slim',
          args: ['cat', '/data/file.txt'],
          volumes: [{ hostPath: here, containerPath: '/data', readOnly: true }],
        }),
        /bind source path does not exist|no such file or directory/i,
      );
    });

    it('builds a context streamed from here, with the steps as progress', async () => {
      const context = folderIn(root, `${transport}-build`, 'context');
      fs.writeFileSync(
        path.join(context, 'Dockerfile'),
        'FROM debian:bookworm-slim\nCOPY greeting.txt /greeting.txt\nRUN cat /greeting.txt\n',
      );
      fs.writeFileSync(path.join(context, 'greeting.txt'), `built over ${transport}\n`);
      const tag = `cw-remote-build-${transport.toLowerCase()}:latest`;
      const built = await buildFolder(engine(), context, tag);
      assert.match(built.output, new RegExp(`built over ${transport}`), 'the context travelled and RUN saw it');
      const result = await runToCompletion(engine(), { image: tag, args: ['cat', '/greeting.txt'] });
      assert.equal(result.stdout, `built over ${transport}\n`);
    });

    it('runs with a folder copied into a new named volume, streams its logs, and copies its output back', async () => {
      const input = folderIn(root, `${transport}-volume`, 'input');
      fs.mkdirSync(path.join(input, 'nested'));
      fs.writeFileSync(path.join(input, 'nested', 'hello.txt'), 'hello from here\n');
      const volume = `cw-remote-in-${transport.toLowerCase()}-${process.pid}`;
      const outVolume = `${volume}-out`;
      try {
        const sent = await copyFolderIntoVolume(engine(), { folder: input, volume, image: 'debian:bookworm-slim', labels: testLabels });
        assert.ok(sent > 0);
        const id = await engine().run({
          image: 'debian:bookworm-slim',
          args: ['sh', '-c', 'cat /in/nested/hello.txt; mkdir -p /out/sub && tr a-z A-Z < /in/nested/hello.txt > /out/sub/loud.txt'],
          volumes: [
            { kind: 'volume', hostPath: volume, containerPath: '/in', readOnly: true },
            { kind: 'volume', hostPath: outVolume, containerPath: '/out', readOnly: false },
          ],
          labels: testLabels,
        });
        try {
          assert.equal(await engine().wait(id), 0);
          let logs = '';
          await engine().logs(id, { follow: true }, (text) => (logs += text));
          assert.equal(logs, 'hello from here\n');
          const back = path.join(root, `${transport}-volume`, 'copied-back');
          const copied = await copyBackFromContainer(engine(), id, '/out', back);
          assert.deepEqual({ files: copied.files, skipped: copied.skipped }, { files: 1, skipped: [] });
          assert.equal(fs.readFileSync(path.join(back, 'sub', 'loud.txt'), 'utf8'), 'HELLO FROM HERE\n');
        } finally {
          await engine().remove(id, { force: true });
        }
      } finally {
        remote.tls.docker(['volume', 'rm', '-f', volume, outVolume]);
      }
    });

    it('reports the events of the containers it makes', async () => {
      const controller = new AbortController();
      const events: EngineEvent[] = [];
      const streaming = engine()
        .events((e) => events.push(e), controller.signal)
        .catch((err: unknown) => err);
      const seen = await firstEventOfOwnContainer(engine(), events);
      assert.equal(seen.type, 'container');
      controller.abort();
      const ended = await streaming;
      assert.ok(ended === undefined || ended instanceof CancelledError, `the stream ends as cancelled, not with ${String(ended)}`);
    });

    it('converts the fixtures by copying: upload, convert, download; the container has no bind mount; the video lands here', async (t) => {
      const folder = copyFixtures(root, `${transport}-convert`);
      const progress: ConvertProgress[] = [];
      const mounts: Promise<unknown>[] = [];
      const result = await convertFolder(engine(), { folder, output: defaultOutputPath(folder), fps: 5, templatesDir }, (p) => {
        progress.push(p);
        if (p.kind === 'start') {
          mounts.push(
            engine()
              .listContainers({ all: true, label: `${PURPOSE_LABEL}=${CONVERT_PURPOSE}` })
              .then((cs) => Promise.all(cs.map((c) => engine().inspectRaw('container', c.id)))),
          );
        }
      });
      const inspected = (await Promise.all(mounts)).flat() as { Mounts: unknown[]; HostConfig: { Binds: unknown } }[];
      assert.ok(inspected.length >= 1, 'the running converter was inspected');
      for (const info of inspected) {
        assert.deepEqual(info.Mounts, [], 'no mounts at all');
        assert.ok(!info.HostConfig.Binds || (info.HostConfig.Binds as unknown[]).length === 0, 'no binds');
      }
      t.diagnostic(
        `over ${transport}: ${result.elapsedMs} ms in all; upload ${result.transfer?.uploadedBytes} B in ${result.transfer?.uploadMs} ms, download ${result.transfer?.downloadedBytes} B in ${result.transfer?.downloadMs} ms`,
      );
      const output = path.join(root, `${transport}-convert`, 'mba.mp4');
      assert.equal(result.output, output);
      assert.deepEqual(
        fs.readdirSync(path.dirname(output)).sort(),
        ['mba', 'mba.mp4'],
        'only the video is added: no staging folder, no partial file',
      );
      assert.equal(probeVideo(output).frames, 50);
      assert.ok(
        result.transfer &&
          result.transfer.uploadedBytes === fs.readdirSync(folder).reduce((n, f) => n + fs.statSync(path.join(folder, f)).size, 0),
      );
      assert.equal(result.transfer.downloadedBytes, fs.statSync(output).size);
      const phases = progress.flatMap((p) => (p.kind === 'transfer' ? [p.direction] : p.kind === 'frame' ? ['convert'] : []));
      const order = [...new Set(phases)];
      assert.deepEqual(order, ['upload', 'convert', 'download'], 'progress says upload, then convert, then download');
      const uploads = progress.flatMap((p) => (p.kind === 'transfer' && p.direction === 'upload' ? [p.bytes] : []));
      assert.equal(uploads.at(-1), result.transfer.uploadedBytes, 'upload progress counts up to every byte');
      assert.deepEqual(await convertContainers(engine()), [], 'the converter is removed');
    });

    for (const phase of ['upload', 'convert', 'download'] as const) {
      it(`cancelled during ${phase}: no container, no volume on the engine, no file here`, async () => {
        const folder = copyFixtures(root, `${transport}-cancel-${phase}`);
        const volumesBefore = volumes();
        const controller = new AbortController();
        const phaseOf = (p: ConvertProgress) => (p.kind === 'transfer' ? p.direction : p.kind === 'frame' ? 'convert' : undefined);
        await assert.rejects(
          convertFolder(
            engine(),
            { folder, output: defaultOutputPath(folder), fps: 5, templatesDir },
            (p) => {
              if (phaseOf(p) === phase) controller.abort();
            },
            controller.signal,
          ),
          CancelledError,
        );
        assert.ok(controller.signal.aborted, `the ${phase} phase was reached`);
        assert.deepEqual(fs.readdirSync(path.dirname(folder)), ['mba'], 'no video, no partial file, no staging folder');
        assert.deepEqual(await convertContainers(engine()), [], 'no converter left on the engine');
        assert.deepEqual(volumes(), volumesBefore, 'no volume left on the engine');
      });
    }
  });
}

/** Runs the built CLI with exactly the Docker variables given (the shared engine's DOCKER_HOST removed). */
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = { ...process.env };
  for (const name of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) delete base[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], {
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A Docker config folder of its own with one context, made by the docker CLI itself. */
function contextConfig(label: string, name: string, docker: string): string {
  const config = fs.mkdtempSync(path.join(root, `${label}-docker-config-`));
  createDockerContext(config, name, docker);
  return config;
}

describe('the headless CLI on the remote engine', { timeout: 300_000 }, () => {
  const convertWith = async (label: string, env: Record<string, string>) => {
    const folder = copyFixtures(root, `cli-${label}`, 'frames', 5);
    const exit = await runCli(['convert', folder], env);
    assert.equal(exit.code, 0, exit.stderr);
    const video = path.join(root, `cli-${label}`, 'frames.mp4');
    assert.equal(exit.stdout.trim(), video);
    assert.equal(probeVideo(video).frames, 5);
    assert.match(exit.stderr, /Uploading 5 images/);
    assert.match(exit.stderr, /downloaded \d+\.\d MB/);
  };

  it('follows DOCKER_HOST=tcp:// with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', async () => {
    await convertWith('tls-env', remote.tls.tlsEnv());
  });

  it('follows DOCKER_CONTEXT to a context made by `docker context create` (its TLS files under contexts/tls)', async () => {
    const config = contextConfig('tls', 'cw-remote-tls', remote.tls.contextEndpoint());
    await convertWith('context', { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'cw-remote-tls' });
  });

  it('follows the current context of config.json to an ssh:// engine, through the system ssh and its config', async () => {
    const config = contextConfig('ssh', 'cw-remote-ssh', 'host=ssh://cwtest');
    fs.writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'cw-remote-ssh' }));
    await convertWith('ssh-context', { DOCKER_CONFIG: config, ...remote.sshd.clientEnv() });
  });
});
