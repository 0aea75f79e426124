/**
 * What keeps a conversion safe, without an engine: the converter's arguments ("--" before
 * names), its memory limit as the engine and `docker run` get it, the out-of-memory
 * verdict, the skip summary, and convertFolder's mounts and staging folder against a fake
 * engine whose "converter" writes into the mounted /output as the real one does.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { OutputSink, RunRequest } from '../../src/engine/engine';
import { CancelledError } from '../../src/engine/errors';
import { toCreateOptions, toDockerRunCommand } from '../../src/engine/runArgs';
import { skipReport } from '../../src/cli';
import { ConvertError, ConverterOutOfMemoryError, convertFolder, type ConvertRequest } from '../../src/workflows/convertFolder';
import { converterArgs, isEchoedSkip, wasOutOfMemory } from '../../src/workflows/converterProtocol';
import { STAGING_LABEL, parseStagingName, stagingName } from '../../src/workflows/convertStaging';
import { skipHeadline, skipLines } from '../../src/workflows/skipSummary';
import { FakeEngine } from '../support/fakeEngine';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const templatesDir = path.join(repoRoot, 'templates');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-convert-safety-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('converterArgs', () => {
  it('puts the options first and "--" before the names, so a name may start with "-"', () => {
    assert.deepEqual(converterArgs('-draft.mp4', 12), ['--fps', '12', '--', '.', '-draft.mp4']);
    assert.deepEqual(converterArgs('--fps.mp4', 5), ['--fps', '5', '--', '.', '--fps.mp4']);
  });
});

describe('memory limit in the run request', () => {
  it('becomes HostConfig.Memory and MemorySwap in bytes, and --memory/--memory-swap on the docker run line', () => {
    const request: RunRequest = { image: 'img2vid', memoryMiB: 1024 };
    assert.equal(toCreateOptions(request).HostConfig?.Memory, 1024 * 1024 * 1024);
    assert.equal(toCreateOptions(request).HostConfig?.MemorySwap, 1024 * 1024 * 1024);
    assert.equal(toDockerRunCommand(request), 'docker run --memory 1024m --memory-swap 1024m img2vid');
  });

  it('no limit asked: none set', () => {
    const options = toCreateOptions({ image: 'x' });
    assert.equal('Memory' in (options.HostConfig ?? {}), false);
    assert.equal('MemorySwap' in (options.HostConfig ?? {}), false);
    assert.equal(toDockerRunCommand({ image: 'x' }), 'docker run x');
  });
});

describe('wasOutOfMemory', () => {
  it('reads State.OOMKilled of the inspect document, and nothing else', () => {
    assert.equal(wasOutOfMemory({ State: { OOMKilled: true, ExitCode: 137 } }), true);
    assert.equal(wasOutOfMemory({ State: { OOMKilled: false, ExitCode: 137 } }), false, 'a SIGKILL from someone else is not an OOM');
    for (const junk of [undefined, null, {}, { State: null }, { State: { OOMKilled: 'true' } }, 'x']) {
      assert.equal(wasOutOfMemory(junk), false, JSON.stringify(junk));
    }
  });
});

describe('isEchoedSkip', () => {
  it('recognises the converter repeating a skip on stderr', () => {
    assert.equal(isEchoedSkip('warning: skipped a.tif: damaged or not an image (unpack requires a buffer of 4 bytes)'), true);
    assert.equal(isEchoedSkip('warning: ffmpeg decoded 3 of the 4 images it was given'), false);
    assert.equal(isEchoedSkip('ffmpeg: error'), false);
  });
});

describe('skip summary', () => {
  const many = Array.from({ length: 2500 }, (_, i) => ({ file: `broken${i}.jpg`, reason: 'not a JPEG' }));

  it('a headline with the count and no names, however many files', () => {
    assert.equal(skipHeadline(1, 'holiday'), '1 file in holiday could not be read and was skipped.');
    assert.equal(skipHeadline(2500, 'holiday'), '2,500 files in holiday could not be read and were skipped.');
    assert.ok(skipHeadline(many.length, 'holiday').length < 80);
  });

  it('the names with their reasons, one line each, in order', () => {
    assert.deepEqual(
      skipLines([
        { file: 'a.tif', reason: 'truncated TIFF' },
        { file: 'b.png', reason: 'empty file' },
      ]),
      ['  a.tif: truncated TIFF', '  b.png: empty file'],
    );
  });

  it('the CLI says the count once, then lists each name once', () => {
    const report = skipReport(many, 'holiday');
    const lines = report.trimEnd().split('\n');
    assert.equal(lines[0], 'warning: 2,500 files in holiday could not be read and were skipped.');
    assert.equal(lines.length, 2501);
    assert.equal(lines.filter((l) => l.includes('broken7.jpg:')).length, 1);
    assert.equal(skipReport([], 'holiday'), '', 'nothing skipped, nothing said');
  });
});

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
