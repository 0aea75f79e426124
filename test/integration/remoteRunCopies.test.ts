/**
 * Run Image… on an engine that cannot see this machine's files (a second dockerd of this
 * test over TCP + TLS, with an empty /tmp of its own, test/support/tlsEngine.ts), with the
 * run form's two offers switched on: the input folder copied into a new named volume, the
 * output copied back when the container exits, then nothing of the run left on the
 * engine. The log terminal's follower stops at the exit with the line the copy flow gives
 * (copyRunNotes.ts), not "waiting for it to start again"; a follower that does wait ends
 * when the run's container is removed. And a cancel in the middle of the upload leaves no
 * volume and no container.
 *
 * The engine is the test's own and is stopped at the end; the shared engine is only read
 * from (to seed the image).
 */
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine, EngineEvent } from '../../src/engine/engine';
import { CancelledError } from '../../src/engine/errors';
import { EngineEventHub } from '../../src/engine/eventHub';
import { ContainerLogFollower, type EngineEventSource } from '../../src/terminals/logFollower';
import { copyRunExitNote } from '../../src/workflows/copyRunNotes';
import type { RunConfig, VolumeChoice } from '../../src/workflows/runConfig';
import { copyPlan, withCopy } from '../../src/workflows/runCopies';
import { type ReplaceAnswer, copyInForRun, copyOutputBack, removeRunCopies, runRequestWithCopies } from '../../src/workflows/runCopyWork';
import { folderBytes } from '../../src/workflows/volumeCopy';
import { testLabels } from '../support/realEngine';
import { RemoteEngines, TRANSPORTS } from '../support/remoteEngines';

const IMAGE = 'debian:bookworm-slim';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-remote-run-'));
fs.chmodSync(root, 0o755);
let remote: RemoteEngines;

/** The test engine's own docker CLI (its unix socket), to see what is left there. */
function onTestEngine(args: string[]): string[] {
  return remote.tls.docker(args).sort();
}
const volumes = () => onTestEngine(['volume', 'ls', '-q']);
const containers = () => onTestEngine(['ps', '-aq']);

function folder(name: string, files: Record<string, string | Buffer>): string;
function folder(base: string, name: string, files: Record<string, string | Buffer>): string;
function folder(...parts: [string, Record<string, string | Buffer>] | [string, string, Record<string, string | Buffer>]): string {
  const files = parts.at(-1) as Record<string, string | Buffer>;
  const dir = path.join(root, ...(parts.slice(0, -1) as string[]));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A log terminal's follower on `engine`'s real event stream, with what it wrote and how many subscriptions it holds. */
function followerOn(engine: ContainerEngine, id: string, endAtExit?: (exitCode: number) => string) {
  const hub = new EngineEventHub(() => engine, { backoffMs: [200] });
  let listening = 0;
  const events: EngineEventSource = {
    subscribe(onEvent: (event: EngineEvent) => void, onState?: Parameters<EngineEventSource['subscribe']>[1]) {
      listening++;
      const sub = hub.subscribe(onEvent, onState);
      return { dispose: () => (listening--, sub.dispose()) };
    },
  };
  const notes: string[] = [];
  let output = '';
  const follower = new ContainerLogFollower(
    () => engine,
    events,
    id,
    'the run',
    { output: (text) => (output += text), note: (text) => notes.push(text) },
    { endAtExit },
  );
  return {
    notes,
    output: () => output,
    listening: () => listening,
    streamState: () => hub.state,
    /** `ready`: the output stream is open (attach: before the start); `done`: it stopped following. */
    run(mode: 'attach' | 'follow', signal: AbortSignal) {
      let markReady!: () => void;
      const ready = new Promise<void>((resolve) => (markReady = resolve));
      const done = follower.run(mode, markReady, signal).finally(() => hub.dispose());
      return { ready, done };
    },
  };
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

function runConfig(vols: VolumeChoice[], args: string[]): RunConfig {
  return { image: IMAGE, name: '', args, env: {}, ports: [], volumes: vols, autoRemove: true, user: '' };
}

before(async () => {
  remote = await RemoteEngines.start([IMAGE]);
});

after(async () => {
  await remote?.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

for (const transport of TRANSPORTS) {
  describe(`Run Image… with copies on an engine over ${transport}`, { timeout: 300_000 }, () => {
    it('copies the input into a new volume, runs on it, copies the output back (asking before replacing), leaves nothing', async () => {
      const engine = remote.engines[transport];
      const input = folder(transport, 'input', { 'nested/hello.txt': 'hello from here\n', 'top.txt': 'top\n' });
      const output = folder(transport, 'output', { 'sub/loud.txt': 'an older result\n', 'mine.txt': 'the person’s own file\n' });
      const unique = crypto.randomBytes(3).toString('hex');
      const script =
        'cat /in/nested/hello.txt; mkdir -p /out/sub && tr a-z A-Z < /in/nested/hello.txt > /out/sub/loud.txt && cp /in/top.txt /out/';
      let config = runConfig(
        [
          { hostPath: input, containerPath: '/in', readOnly: true },
          { hostPath: output, containerPath: '/out', readOnly: false },
        ],
        ['sh', '-c', script],
      );
      config = withCopy(withCopy(config, 0, 'in', true, unique), 1, 'back', true, unique);
      const plan = copyPlan(config);
      const volumesBefore = volumes();
      const containersBefore = containers();

      const sent: number[] = [];
      await copyInForRun(engine, IMAGE, plan, (p) => sent.push(p.sent));
      assert.equal(sent.at(-1), folderBytes(input), 'upload progress counts up to every byte of the folder');
      assert.deepEqual(volumes(), [...volumesBefore, ...plan.volumes].sort(), 'the two volumes of the run, and only them, exist');
      assert.deepEqual(containers(), containersBefore, 'the helper container is gone');

      const request = runRequestWithCopies(config, plan);
      const id = await engine.create({ ...request, labels: { ...request.labels, ...testLabels } });
      const raw = (await engine.inspectRaw('container', id)) as { Mounts: { Type: string; Name?: string; Destination: string }[] };
      assert.deepEqual(
        raw.Mounts.map((m) => `${m.Type} ${m.Name} ${m.Destination}`).sort(),
        [`volume ${plan.volumes[0]} /in`, `volume ${plan.volumes[1]} /out`],
        'the container mounts the volumes, no path of this machine',
      );
      // As Run Image… does: the log terminal attaches first, and ends at the exit with the copy flow's line.
      const exitLine = (code: number) => copyRunExitNote('the run', code, plan, true, config.autoRemove);
      const log = followerOn(engine, id, exitLine);
      const stopFollowing = new AbortController();
      const following = log.run('attach', stopFollowing.signal);
      await following.ready;
      await engine.start(id);
      assert.equal(await engine.wait(id), 0);
      await following.done;
      assert.equal(log.output(), 'hello from here\n', 'it read the copied input');
      assert.deepEqual(log.notes, ['\n[the run exited with code 0; copying its output back to this machine…]']);
      assert.equal(log.listening(), 0, 'the follower holds no event subscription once it ended');

      const asked: string[][] = [];
      const placed = await copyOutputBack(engine, { image: IMAGE, volume: plan.volumes[1], folder: output }, (changed) => {
        asked.push(changed);
        return Promise.resolve<ReplaceAnswer>('replace');
      });
      assert.deepEqual(asked, [[path.join('sub', 'loud.txt')]], 'asked once, about the one file that would change');
      assert.deepEqual(placed.replaced, [path.join('sub', 'loud.txt')]);
      assert.equal(fs.readFileSync(path.join(output, 'sub', 'loud.txt'), 'utf8'), 'HELLO FROM HERE\n');
      assert.equal(fs.readFileSync(path.join(output, 'top.txt'), 'utf8'), 'top\n');
      assert.equal(fs.readFileSync(path.join(output, 'mine.txt'), 'utf8'), 'the person’s own file\n', 'nothing of the person’s lost');
      assert.deepEqual(fs.readdirSync(path.join(root, transport)).sort(), ['input', 'output'], 'no staging folder left beside it');

      const removed = await removeRunCopies(engine, id, plan);
      assert.deepEqual(removed.refused, []);
      assert.deepEqual(volumes(), volumesBefore, 'no volume of the run left on the engine');
      assert.deepEqual(containers(), containersBefore, 'no container of the run left on the engine');
    });

    it('an output folder that does not exist here arrives whole; Keep Both writes beside the person’s file', async () => {
      const engine = remote.engines[transport];
      const fresh = path.join(root, `${transport}-fresh`);
      const unique = crypto.randomBytes(3).toString('hex');
      let config = runConfig(
        [{ hostPath: path.join(fresh, 'out'), containerPath: '/out', readOnly: false }],
        ['sh', '-c', 'echo new > /out/a.txt'],
      );
      config = withCopy(config, 0, 'back', true, unique);
      const plan = copyPlan(config);
      await copyInForRun(engine, IMAGE, plan, () => undefined);
      const request = runRequestWithCopies(config, plan);
      const id = await engine.create({ ...request, labels: { ...request.labels, ...testLabels } });
      try {
        await engine.start(id);
        assert.equal(await engine.wait(id), 0);
        const first = await copyOutputBack(engine, { image: IMAGE, volume: plan.volumes[0], folder: path.join(fresh, 'out') }, () =>
          Promise.reject(new Error('nothing to ask: the folder is new')),
        );
        assert.equal(first.files, 1);
        assert.deepEqual(fs.readdirSync(fresh), ['out'], 'renamed into place, no staging folder');
        fs.writeFileSync(path.join(fresh, 'out', 'a.txt'), 'mine\n');
        const again = await copyOutputBack(engine, { image: IMAGE, volume: plan.volumes[0], folder: path.join(fresh, 'out') }, () =>
          Promise.resolve<ReplaceAnswer>('keep-both'),
        );
        assert.deepEqual(again.keptBoth, ['a (from the container).txt']);
        assert.equal(fs.readFileSync(path.join(fresh, 'out', 'a.txt'), 'utf8'), 'mine\n');
        assert.equal(fs.readFileSync(path.join(fresh, 'out', 'a (from the container).txt'), 'utf8'), 'new\n');
        // A follower that waits for a start (a run without endAtExit) ends once the run's container is removed.
        const log = followerOn(engine, id);
        const stopFollowing = new AbortController();
        const following = log.run('follow', stopFollowing.signal);
        await eventually(() => log.notes.some((n) => /waiting for it to start again/.test(n)), 'the follower to wait for a start');
        await eventually(() => log.listening() === 1 && log.streamState() === 'connected', 'the follower to listen for events');
        await removeRunCopies(engine, id, plan);
        await following.done;
        assert.match(log.notes.at(-1) ?? '', /the run exited and was removed/);
        assert.equal(log.listening(), 0, 'no subscription is left behind');
      } finally {
        await removeRunCopies(engine, id, plan).catch(() => undefined);
      }
    });

    it('cancelled in the middle of the upload: no volume, no container on the engine', async () => {
      const engine = remote.engines[transport];
      const big = folder(`${transport}-big`, {
        'a.bin': crypto.randomBytes(8 * 1024 * 1024),
        'b.bin': crypto.randomBytes(8 * 1024 * 1024),
      });
      const unique = crypto.randomBytes(3).toString('hex');
      const config = withCopy(runConfig([{ hostPath: big, containerPath: '/in', readOnly: true }], ['true']), 0, 'in', true, unique);
      const plan = copyPlan(config);
      const volumesBefore = volumes();
      const containersBefore = containers();
      const controller = new AbortController();
      let cancelledAt: { sent: number; total: number } | undefined;
      await assert.rejects(
        copyInForRun(
          engine,
          IMAGE,
          plan,
          (p) => {
            if (!controller.signal.aborted && p.sent > 0) {
              cancelledAt = { sent: p.sent, total: p.total };
              controller.abort();
            }
          },
          controller.signal,
        ),
        CancelledError,
      );
      assert.ok(cancelledAt && cancelledAt.sent < cancelledAt.total, 'cancelled while bytes were still to go');
      assert.deepEqual(volumes(), volumesBefore, 'the new volume is removed');
      assert.deepEqual(containers(), containersBefore, 'the helper container is removed');
    });
  });
}
