import assert from 'node:assert/strict';
import { describe, it, after } from 'node:test';
import { toHostPaths, convertFolder, sortConversionContainers, type ConvertProgress } from '../../src/workflows/convertFolder';
import { ConvertError, ConverterOutOfMemoryError, type ConvertRequest } from '../../src/workflows/convertRequest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ContainerSummary, type OutputSink, type RunRequest } from '../../src/engine/engine';
import { CancelledError } from '../../src/engine/errors';
import { STAGING_LABEL, parseStagingName, stagingName } from '../../src/workflows/convertStaging';
import { FakeEngine } from '../support/fakeEngine';

describe('toHostPaths', () => {
  it('names the host folders instead of the container mounts', () => {
    assert.equal(
      toHostPaths('No images in /input: looked for .jpg', '/home/me/shots', '/home/me'),
      'No images in /home/me/shots: looked for .jpg',
    );
    assert.equal(toHostPaths("cannot write '/output/a.mp4'", '/in', '/home/me/videos'), "cannot write '/home/me/videos/a.mp4'");
    assert.equal(toHostPaths('/input/sub/x.jpg is damaged', '/data', '/o'), '/data/sub/x.jpg is damaged');
  });

  it('leaves words that only start like the mounts alone', () => {
    assert.equal(toHostPaths('see /inputs and /output2 and a/input', '/data', '/o'), 'see /inputs and /output2 and a/input');
  });
});
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const templatesDir = path.join(repoRoot, 'templates');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-convert-safety-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fake engine whose converter writes `video` (or nothing) into its /output mount and ends as told. */
class ScriptedEngine extends FakeEngine {
  runs: RunRequest[] = [];
  outcome: { exitCode: number; oomKilled?: boolean; lines: string[]; writes?: string } = { exitCode: 0, lines: [] };
  /** The /output folder's entries as the converter saw them. */
  seen: string[] = [];

  override async run(request: RunRequest, signal?: AbortSignal): Promise<string> {
    const id = await super.run(request, signal);
    this.runs.push(request);
    const out = request.volumes?.find((v) => v.containerPath === '/output')?.hostPath ?? '';
    const name = request.args?.at(-1) ?? '';
    if (this.outcome.writes !== undefined)
      fs.writeFileSync(path.join(out, this.outcome.writes === 'partial' ? `.${name}.abcdefgh.partial` : name), 'video bytes');
    this.seen = fs.readdirSync(out);
    this.outputs.set(
      id,
      this.outcome.lines.map((text) => ({ text: `${text}\n`, stream: 'stdout' as const })),
    );
    return id;
  }

  override async logs(id: string, options: { follow: boolean }, sink: OutputSink, signal?: AbortSignal): Promise<void> {
    await super.logs(id, options, sink, signal);
  }

  override async wait(id: string, signal?: AbortSignal): Promise<number> {
    await super.wait(id, signal);
    return this.outcome.exitCode;
  }

  override async inspectRaw(kind: 'container' | 'image', id: string, signal?: AbortSignal): Promise<unknown> {
    const raw = (await super.inspectRaw(kind, id, signal)) as { State: Record<string, unknown> };
    return { ...raw, State: { ...raw.State, OOMKilled: this.outcome.oomKilled ?? false, ExitCode: this.outcome.exitCode } };
  }
}

const doneLine = (name: string) =>
  JSON.stringify({
    event: 'done',
    output: `/output/${name}`,
    frames: 3,
    skipped: 0,
    duration: 0.6,
    width: 64,
    height: 48,
    fps: 5,
    elapsed: 0.1,
  });

let cases = 0;
function setup(folderName = 'frames'): { parent: string; folder: string; request: ConvertRequest } {
  const parent = path.join(tmp, `case-${++cases}`);
  const folder = path.join(parent, folderName);
  fs.mkdirSync(folder, { recursive: true });
  return { parent, folder, request: { folder, output: path.join(parent, `${folderName}.mp4`), fps: 5, templatesDir } };
}

describe('convertFolder with a scripted converter', () => {
  it('mounts the folder read-only and a fresh staging folder as /output, never the parent; limits memory; passes "--"', async () => {
    const engine = new ScriptedEngine();
    const { parent, folder, request } = setup('-frames');
    engine.outcome = { exitCode: 0, lines: [doneLine('-frames.mp4')], writes: 'video' };
    const result = await convertFolder(engine, request);
    const run = engine.runs[0];
    const [input, output] = run.volumes ?? [];
    assert.deepEqual(input, { hostPath: folder, containerPath: '/input', readOnly: true });
    assert.equal(output.containerPath, '/output');
    assert.equal(output.readOnly, false);
    assert.notEqual(output.hostPath, parent, 'the output folder itself is not mounted');
    assert.equal(path.dirname(output.hostPath), parent, 'the staging folder is inside the output folder');
    assert.deepEqual(parseStagingName(path.basename(output.hostPath))?.pid, process.pid);
    assert.equal(run.labels?.[STAGING_LABEL], output.hostPath);
    assert.equal(run.volumes?.length, 2);
    assert.equal(run.memoryMiB, 1024, 'the default limit');
    assert.deepEqual(run.args, ['--fps', '5', '--', '.', '-frames.mp4']);
    assert.deepEqual(engine.seen, ['-frames.mp4'], 'the converter saw only its own files in /output');
    assert.equal(result.output, path.join(parent, '-frames.mp4'));
    assert.equal(fs.readFileSync(result.output, 'utf8'), 'video bytes');
    assert.deepEqual(fs.readdirSync(parent).sort(), ['-frames', '-frames.mp4'], 'the staging folder is gone');
  });

  it('the memory limit asked for is the one the container gets; below 256 MiB is refused before anything runs', async () => {
    const engine = new ScriptedEngine();
    const { request } = setup();
    engine.outcome = { exitCode: 0, lines: [doneLine('frames.mp4')], writes: 'video' };
    await convertFolder(engine, { ...request, memoryMiB: 3072 });
    assert.equal(engine.runs[0].memoryMiB, 3072);
    const { request: second } = setup();
    await assert.rejects(
      convertFolder(engine, { ...second, memoryMiB: 64 }),
      /memory limit must be a whole number of MiB, at least 256 \(got 64\)/,
    );
    assert.equal(engine.runs.length, 1);
  });

  it('killed for memory: ConverterOutOfMemoryError naming the limit; no video, no staging folder', async () => {
    const engine = new ScriptedEngine();
    const { parent, request } = setup();
    engine.outcome = {
      exitCode: 1,
      oomKilled: true,
      lines: [JSON.stringify({ event: 'error', message: 'ffmpeg was killed (SIGKILL), most likely because it ran out of memory' })],
      writes: 'partial',
    };
    await assert.rejects(convertFolder(engine, { ...request, memoryMiB: 512 }), (err: unknown) => {
      assert.ok(err instanceof ConverterOutOfMemoryError, String(err));
      assert.equal(err.limitMiB, 512);
      assert.match(err.message, /^The converter ran out of memory \(its limit is 512 MiB\) and was stopped; no video was written\.$/);
      return true;
    });
    assert.deepEqual(fs.readdirSync(parent), ['frames']);
  });

  it('SIGKILLed (exit 137, not for memory): a clear ConvertError; the partial file goes with the staging folder', async () => {
    const engine = new ScriptedEngine();
    const { parent, request } = setup();
    engine.outcome = { exitCode: 137, lines: [JSON.stringify({ event: 'progress', frame: 1, total: 3 })], writes: 'partial' };
    await assert.rejects(convertFolder(engine, request), (err: unknown) => {
      assert.ok(err instanceof ConvertError && !(err instanceof ConverterOutOfMemoryError), String(err));
      assert.match(err.message, /killed \(SIGKILL\) before it finished; no video was written/);
      return true;
    });
    assert.deepEqual(fs.readdirSync(parent), ['frames']);
    assert.equal(engine.containers.length, 0, 'the container is removed');
  });

  it('cancelled: CancelledError, and the staging folder is removed', async () => {
    const engine = new ScriptedEngine();
    const { parent, request } = setup();
    engine.outcome = { exitCode: 0, lines: [doneLine('frames.mp4')], writes: 'partial' };
    const controller = new AbortController();
    const logs = engine.logs.bind(engine);
    engine.logs = async (id, options, sink, signal) => {
      controller.abort();
      return logs(id, options, sink, signal);
    };
    await assert.rejects(convertFolder(engine, request, undefined, controller.signal), CancelledError);
    assert.deepEqual(fs.readdirSync(parent), ['frames']);
  });

  it('the video is in place and said "written" as soon as the converter is done, before its container has exited', async () => {
    const engine = new ScriptedEngine();
    const { parent, request } = setup();
    engine.outcome = { exitCode: 0, lines: [doneLine('frames.mp4')], writes: 'video' };
    const progress: ConvertProgress[] = [];
    const atWait: { kinds: string[]; video: boolean }[] = [];
    const wait = engine.wait.bind(engine);
    engine.wait = async (id, signal) => {
      atWait.push({
        kinds: progress.map((p) => p.kind).filter((k) => k !== 'build'),
        video: fs.existsSync(path.join(parent, 'frames.mp4')),
      });
      return wait(id, signal);
    };
    const result = await convertFolder(engine, request, (p) => progress.push(p));
    assert.deepEqual(atWait, [{ kinds: ['preparing', 'preparing', 'written'], video: true }]);
    const written = progress.find((p) => p.kind === 'written');
    assert.deepEqual(written && { ...written, elapsedMs: 0 }, {
      kind: 'written',
      output: path.join(parent, 'frames.mp4'),
      frames: 3,
      width: 64,
      height: 48,
      durationSeconds: 0.6,
      elapsedMs: 0,
    });
    assert.equal(progress.filter((p) => p.kind === 'written').length, 1, 'said once');
    assert.equal(result.output, path.join(parent, 'frames.mp4'));
    assert.equal(engine.containers.length, 0, 'the container is removed all the same');
  });

  it('once the video is in place it is the outcome: a cancel or an odd exit code after "done" keeps it', async () => {
    for (const ending of ['cancel', 'exit 137'] as const) {
      const engine = new ScriptedEngine();
      const { parent, request } = setup();
      engine.outcome = { exitCode: ending === 'cancel' ? 0 : 137, lines: [doneLine('frames.mp4')], writes: 'video' };
      const controller = new AbortController();
      const wait = engine.wait.bind(engine);
      engine.wait = async (id, signal) => {
        if (ending === 'cancel') controller.abort();
        return wait(id, signal);
      };
      const result = await convertFolder(engine, request, undefined, controller.signal);
      assert.equal(result.output, path.join(parent, 'frames.mp4'), ending);
      assert.equal(fs.readFileSync(result.output, 'utf8'), 'video bytes', ending);
      assert.deepEqual(fs.readdirSync(parent).sort(), ['frames', 'frames.mp4'], `${ending}: the staging folder is gone`);
      assert.equal(engine.containers.length, 0, `${ending}: the container is removed`);
    }
  });

  it('a staging folder of a run that was killed is removed first; a live one and foreign folders stay', async () => {
    const engine = new ScriptedEngine();
    const { parent, request } = setup();
    const stale = stagingName(2 ** 22 + 12345); // above Linux's pid_max: certainly no process
    fs.mkdirSync(path.join(parent, stale));
    fs.writeFileSync(path.join(parent, stale, '.frames.mp4.abcdefgh.partial'), 'half');
    const live = stagingName(process.pid);
    fs.mkdirSync(path.join(parent, live));
    fs.mkdirSync(path.join(parent, '.container-workflows-cache'));
    engine.outcome = { exitCode: 0, lines: [doneLine('frames.mp4')], writes: 'video' };
    await convertFolder(engine, request);
    assert.deepEqual(fs.readdirSync(parent).sort(), ['.container-workflows-cache', live, 'frames', 'frames.mp4'].sort());
  });

  it('a name over 255 bytes is refused, saying so, before anything runs; 240 bytes and non-ASCII are fine', async () => {
    const engine = new ScriptedEngine();
    const { parent, request } = setup();
    await assert.rejects(
      convertFolder(engine, { ...request, output: path.join(parent, `${'é'.repeat(126)}.mp4`) }),
      /name is too long: 256 bytes, and a file name can have at most 255/,
    );
    assert.equal(engine.runs.length, 0);
    const name = `${'ü'.repeat(118)}.mp4`; // 240 bytes
    assert.equal(Buffer.byteLength(name), 240);
    engine.outcome = { exitCode: 0, lines: [doneLine(name)], writes: 'video' };
    const result = await convertFolder(engine, { ...request, output: path.join(parent, name) });
    assert.equal(result.output, path.join(parent, name));
    assert.deepEqual(engine.runs[0].args?.slice(-2), ['.', name]);
  });
});

describe('the conversion containers listed before a run', () => {
  const container = (id: string, state: ContainerSummary['state'], staging?: string): ContainerSummary => ({
    id,
    name: id,
    image: 'container-workflows/img2vid:latest',
    imageId: 'sha256:1',
    state,
    status: '',
    ports: [],
    labels: staging ? { [STAGING_LABEL]: staging } : {},
    created: new Date(0),
  });

  it('one listing gives both the leftovers to remove and the staging folders of running conversions to keep', () => {
    const sorted = sortConversionContainers([
      container('old', 'exited', '/work/.cw-staging-1'),
      container('dead', 'dead'),
      container('busy', 'running', '/work/.cw-staging-2'),
      container('busy-unlabelled', 'running'),
    ]);
    assert.deepEqual(sorted, { leftovers: ['old', 'dead'], stagingInUse: ['/work/.cw-staging-2'] });
    assert.deepEqual(sortConversionContainers([]), { leftovers: [], stagingInUse: [] });
  });
});
