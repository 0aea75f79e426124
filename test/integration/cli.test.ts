/**
 * The headless CLI, built (dist/cli.js), end to end on the real engine: run as a child
 * process with pipes (no TTY), as a script or CI would run it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { PURPOSE_LABEL } from '../../src/engine/engine';
import { CONVERT_PURPOSE } from '../../src/workflows/convertFolder';
import { STAGING_LABEL, parseStagingName } from '../../src/workflows/convertStaging';
import { CLI_PATH, type StderrLineHandler, runCli } from '../support/cliProcess';
import { realEngine, repoRoot } from '../support/realEngine';
import { convertContainersUnder, copyFixtures, folderIn } from '../support/convertFixtures';
import { pngBomb } from '../support/craftedImages';
import { ffmpeg, probeVideo, solidImage } from '../support/frames';

const cli = CLI_PATH;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-cli-'));
fs.chmodSync(root, 0o755);

/** `container-workflows convert …`, run in the scratch folder. */
const runConvert = (args: string[], onStderrLine?: StderrLineHandler) => runCli(['convert', ...args], root, onStderrLine);

/** What these tests check of a video (duration to the hundredth). */
function probe(file: string): { codec: string; width: number; height: number; frames: number; duration: number } {
  const { codec, width, height, frames, duration } = probeVideo(file);
  return { codec, width, height, frames, duration: Math.round(duration * 100) / 100 };
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/**
 * The newest of the sources the CLI bundle is built from: the project files its source map
 * names (dist/cli.js.map), or every file under src/ when there is no map.
 */
function newestSource(): { file: string; mtimeMs: number } {
  const map = `${cli}.map`;
  let files: string[];
  if (fs.existsSync(map)) {
    const sources = (JSON.parse(fs.readFileSync(map, 'utf8')) as { sources: string[] }).sources;
    files = sources.map((s) => path.resolve(path.dirname(cli), s)).filter((f) => f.startsWith(path.join(repoRoot, 'src') + path.sep));
  } else {
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    files = walk(path.join(repoRoot, 'src'));
  }
  let newest = { file: '', mtimeMs: 0 };
  for (const file of files) {
    const mtimeMs = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

describe('container-workflows convert (dist/cli.js)', { timeout: 180_000 }, () => {
  let engine: ContainerEngine;

  before(async () => {
    engine = await realEngine();
  });

  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('is built', (t) => {
    assert.ok(fs.existsSync(cli), `${cli} exists (run "node esbuild.js")`);
    const built = fs.statSync(cli).mtimeMs;
    const newest = newestSource();
    t.diagnostic(
      newest.mtimeMs > built
        ? `STALE: dist/cli.js is older than ${path.relative(repoRoot, newest.file)}; run "node esbuild.js"`
        : `dist/cli.js is newer than its sources (newest: ${path.relative(repoRoot, newest.file)})`,
    );
  });

  it('converts a copy of the fixtures: exit 0, the output path is the last stdout line, plain progress lines on stderr', async () => {
    const folder = copyFixtures(root, 'main');
    const run = await runConvert([folder]);
    assert.equal(run.code, 0, `exit ${run.code}\n${run.stderr}`);
    const output = path.join(root, 'main', 'mba.mp4');
    assert.equal(lines(run.stdout).at(-1), output);
    assert.deepEqual(lines(run.stdout), [output], 'stdout holds only the path, for scripts');

    // No terminal: plain lines, no carriage returns or escape codes.
    assert.ok(!run.stderr.includes('\r'), 'no carriage returns');
    assert.ok(!run.stderr.includes('\x1b'), 'no escape codes');
    const err = lines(run.stderr);
    assert.ok(err.includes('Converting 50 images (1920x1080)'), run.stderr);
    const frameLines = err.filter((l) => /^frame \d+ of 50$/.test(l));
    assert.ok(frameLines.length >= 1 && frameLines.length <= 11, `a frame line every 10%: ${frameLines.join(' | ')}`);
    assert.equal(frameLines.at(-1), 'frame 50 of 50');
    assert.match(err.at(-1) ?? '', /^50 frames, 1920x1080, 10\.0 s at 5 fps, in [\d.]+ s$/);

    assert.deepEqual(probe(output), { codec: 'h264', width: 1920, height: 1080, frames: 50, duration: 10 });
    assert.deepEqual(fs.readdirSync(path.join(root, 'main')).sort(), ['mba', 'mba.mp4']);
  });

  it('-o (relative to the working folder) and --fps 10', async () => {
    const folder = path.join(root, 'main', 'mba');
    assert.ok(fs.existsSync(folder), 'the previous test made the copy');
    const run = await runConvert([folder, '-o', 'custom.mp4', '--fps', '10']);
    assert.equal(run.code, 0, `exit ${run.code}\n${run.stderr}`);
    const output = path.join(root, 'custom.mp4');
    assert.equal(lines(run.stdout).at(-1), output);
    assert.deepEqual(probe(output), { codec: 'h264', width: 1920, height: 1080, frames: 50, duration: 5 });
  });

  it('--fps 0 exits 2 with a message and the usage, and converts nothing', async () => {
    const folder = path.join(root, 'main', 'mba');
    const run = await runConvert([folder, '--fps', '0']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /--fps must be a whole number from 1 to 120 \(got "0"\)/);
    assert.match(run.stderr, /Usage: container-workflows convert/);
  });

  it('a folder with no images exits non-zero with the message, and writes nothing', async () => {
    const folder = folderIn(root, 'text', 'notes');
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not an image\n');
    const run = await runConvert([folder]);
    assert.notEqual(run.code, 0);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^error: .*no images/im);
    assert.deepEqual(fs.readdirSync(path.join(root, 'text')), ['notes']);
    assert.deepEqual(await convertContainersUnder(engine, root), []);
  });

  it('SIGINT mid-run exits 130, leaves no container and no partial file', async (t) => {
    const folder = folderIn(root, 'cancel', 'big');
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-frames:v', '400', path.join(folder, 'img%03d.jpg')]);
    let interruptedAt = '';
    const run = await runConvert([folder], (line, kill) => {
      if (!interruptedAt && /^frame \d+ of 400$/.test(line)) {
        interruptedAt = line;
        kill('SIGINT');
      }
    });
    t.diagnostic(`interrupted at "${interruptedAt}"`);
    assert.ok(interruptedAt, `a frame line arrived before the end:\n${run.stderr}`);
    assert.notEqual(interruptedAt, 'frame 400 of 400');
    assert.equal(run.code, 130, `exit ${run.code} (signal ${run.signal})\n${run.stderr}`);
    assert.match(run.stderr, /Cancelled: no video was written\./);
    assert.equal(run.stdout, '', 'no output path is printed');
    assert.deepEqual(fs.readdirSync(path.join(root, 'cancel')), ['big'], 'no video and no hidden partial file');
    assert.deepEqual(await convertContainersUnder(engine, root), [], 'no container left');
  });
  it('skipped files: the count once on stderr, then each name once, not between the progress lines', async () => {
    const folder = folderIn(root, 'skips', 'mixed');
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(folder, `junk${i}.jpg`), 'not a jpeg');
    fs.writeFileSync(path.join(folder, 'tiny.tif'), 'II*\0');
    ['red', 'green', 'blue'].forEach((c, i) => solidImage(path.join(folder, `ok${i}.png`), c, 64, 48));
    const run = await runConvert([folder]);
    assert.equal(run.code, 0, run.stderr);
    const err = lines(run.stderr);
    assert.deepEqual(
      err.filter((l) => /could not be read/.test(l)),
      ['warning: 31 files in mixed could not be read and were skipped.'],
    );
    for (const name of [...Array.from({ length: 30 }, (_, i) => `junk${i}.jpg`), 'tiny.tif']) {
      assert.equal(err.filter((l) => l.startsWith(`  ${name}: `)).length, 1, `${name} is listed once:\n${run.stderr}`);
    }
    const firstName = err.findIndex((l) => l.startsWith('  junk'));
    const lastFrame = err.map((l) => /^frame \d+ of \d+$/.test(l)).lastIndexOf(true);
    assert.ok(lastFrame < firstName, 'the names come after the progress');
    assert.match(err.at(-1) ?? '', /^3 frames, 31 skipped, 64x48/);
  });

  it('"--" ends the options: a folder named "-frames" converts', async () => {
    const folder = folderIn(root, 'dash', '-frames');
    ['red', 'green'].forEach((c, i) => solidImage(path.join(folder, `f${i}.png`), c, 32, 32));
    const run = await runConvert(['--fps', '2', '--', path.relative(root, folder)]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(lines(run.stdout).at(-1), path.join(root, 'dash', '-frames.mp4'));
    assert.equal(probe(path.join(root, 'dash', '-frames.mp4')).duration, 1);
  });

  it('--memory 256 on a decompression bomb: exit 1, says it ran out of memory and what to do', async () => {
    const folder = folderIn(root, 'bomb', 'frames');
    await pngBomb(path.join(folder, 'bomb.png'), 16384, 6000);
    const run = await runConvert([folder, '--memory', '256']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^error: The converter ran out of memory \(its limit is 256 MiB\) and was stopped; no video was written\.$/m);
    assert.match(run.stderr, /^Give it more with --memory <MiB> \(now 256\), or convert smaller images\.$/m);
    assert.deepEqual(fs.readdirSync(path.join(root, 'bomb')), ['frames']);
    assert.deepEqual(await convertContainersUnder(engine, root), []);
  });

  it('a SIGKILLed CLI and a SIGKILLed converter leave no video; the next convert into that folder removes the staging folder', async (t) => {
    const parent = path.join(root, 'killed');
    const folder = folderIn(root, 'killed', 'big');
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-frames:v', '400', path.join(folder, 'img%03d.jpg')]);
    let killedAt = '';
    const run = await runConvert([folder], (line, kill) => {
      if (!killedAt && /^frame \d+ of 400$/.test(line)) {
        killedAt = line;
        kill('SIGKILL'); // no chance to clean up: the container goes on alone
      }
    });
    t.diagnostic(`CLI killed at "${killedAt}"`);
    assert.equal(run.signal, 'SIGKILL');
    const orphans = (await engine.listContainers({ all: true, label: `${PURPOSE_LABEL}=${CONVERT_PURPOSE}` })).filter(
      (c) => path.dirname(c.labels[STAGING_LABEL] ?? '') === parent,
    );
    assert.equal(orphans.length, 1, 'the converter outlived the CLI');
    assert.equal(orphans[0].state, 'running', 'and was still converting');
    await engine.kill(orphans[0].id);
    await engine.wait(orphans[0].id);
    const staging = fs.readdirSync(parent).filter((n) => parseStagingName(n));
    assert.equal(staging.length, 1, `one staging folder left: ${fs.readdirSync(parent).join(', ')}`);
    assert.ok(
      fs.readdirSync(path.join(parent, staging[0])).some((n) => /^\.big\.mp4\..*\.partial$/.test(n)),
      'the partial video is inside it',
    );
    assert.deepEqual(
      fs.readdirSync(parent).filter((n) => !parseStagingName(n)),
      ['big'],
      'no video or partial file beside the folder',
    );

    const few = folderIn(root, 'killed', 'few');
    ['red', 'green', 'blue'].forEach((c, i) => solidImage(path.join(few, `f${i}.png`), c, 32, 32));
    const next = await runConvert([few]);
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(fs.readdirSync(parent).sort(), ['big', 'few', 'few.mp4'], 'the staging folder of the killed run is gone');
    assert.deepEqual(await convertContainersUnder(engine, root), [], 'and so is its container');
  });
});
