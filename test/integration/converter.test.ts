/**
 * The img2vid converter (templates/img2vid), built and run through the project's engine on
 * real frames: the fixtures and frames generated here with the host's ffmpeg. Videos are
 * checked with ffprobe and by decoding frames back, never by trusting the converter's word.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContainerEngine, RunRequest } from '../../src/engine/engine';
import {
  FRAME_COLOURS,
  copyFrames,
  hashTree,
  jsonLines,
  nearestColour,
  patternSequence,
  probeVideo,
  sampleColours,
  solidImage,
  tempDir,
} from '../support/frames';
import { parserBreakers, pngBomb, pngClaimingSize } from '../support/craftedImages';
import {
  buildFolder,
  fixturesDir,
  realEngine,
  removeTestContainers,
  runToCompletion,
  templatesDir,
  testLabels,
  type Completed,
} from '../support/realEngine';

const IMAGE = 'cw-test/img2vid:latest';
/** The img2vid image plus a measuring wrapper (memory, speed); removed at the end. */
const MEASURE_IMAGE = 'cw-test/img2vid-measure:latest';
const NON_ROOT = 1234;

// Runs inside MEASURE_IMAGE. "memory ARGS": runs the converter with ARGS while sampling the
// container's anonymous memory (cgroup), then prints one JSON line with the peaks.
// "speed N": N alternating runs of bare ffmpeg and of the converter on /input.
const MEASURE_PY = String.raw`
import json, resource, statistics, subprocess, sys, threading, time

def cgroup_rss():
    for path, key in (("/sys/fs/cgroup/memory/memory.stat", "total_rss"), ("/sys/fs/cgroup/memory.stat", "anon")):
        try:
            with open(path) as f:
                return int(dict(line.split() for line in f)[key])
        except (OSError, KeyError):
            continue
    return 0

if sys.argv[1] == "memory":
    peak = [0]
    stop = threading.Event()
    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], cgroup_rss())
            stop.wait(0.005)
    sampler = threading.Thread(target=sample)
    sampler.start()
    run = subprocess.run(["python3", "/app/img2vid.py"] + sys.argv[2:], stdout=subprocess.PIPE)
    stop.set()
    sampler.join()
    sys.stdout.write(run.stdout.decode())
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({"event": "measure", "cgroupRssPeak": peak[0], "largestProcessPeak": largest}))
    sys.exit(run.returncode)

if sys.argv[1] == "speed":
    bare = ["ffmpeg", "-loglevel", "error", "-y", "-framerate", "5", "-pattern_type", "glob", "-i", "/input/*.jpg",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "/output/bare.mp4"]
    ours = ["python3", "/app/img2vid.py", ".", "ours"]
    times = {"bare": [], "img2vid": []}
    for _ in range(int(sys.argv[2])):
        for name, command in (("bare", bare), ("img2vid", ours)):
            started = time.monotonic()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times[name].append(round(time.monotonic() - started, 3))
    print(json.dumps({"event": "speed", "runs": times, "median": {k: statistics.median(v) for k, v in times.items()}}))
`;

interface Conversion extends Completed {
  events: Record<string, unknown>[];
  output: string;
}

function eventsOf(events: Record<string, unknown>[], kind: string): Record<string, unknown>[] {
  return events.filter((e) => e.event === kind);
}

function only(events: Record<string, unknown>[], kind: string): Record<string, unknown> {
  const found = eventsOf(events, kind);
  assert.equal(found.length, 1, `expected one "${kind}" event, got ${found.length}: ${JSON.stringify(events)}`);
  return found[0];
}

/** Every stdout line must be one JSON object: that is the protocol the extension reads. */
function protocolEvents(stdout: string): Record<string, unknown>[] {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  const events = jsonLines(stdout);
  assert.equal(events.length, lines.length, `stdout has lines that are not JSON:\n${stdout}`);
  return events;
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

describe('img2vid converter', () => {
  let engine: ContainerEngine;
  const made: string[] = [];

  const input = (label: string) => {
    const dir = tempDir(`in-${label}`);
    made.push(dir);
    return dir;
  };
  const outputFolder = (label: string, owner?: number) => {
    const dir = owner === undefined ? tempDir(`out-${label}`, { writable: true }) : tempDir(`out-${label}`, { owner });
    made.push(dir);
    return dir;
  };

  async function convert(
    inputDir: string,
    args: string[],
    options: { output?: string; user?: string; image?: string; inputWritable?: boolean; memoryMiB?: number } = {},
  ): Promise<Conversion> {
    const output = options.output ?? outputFolder('video');
    const request: RunRequest = {
      image: options.image ?? IMAGE,
      args,
      volumes: [
        { hostPath: inputDir, containerPath: '/input', readOnly: !options.inputWritable },
        { hostPath: output, containerPath: '/output', readOnly: false },
      ],
      user: options.user,
      memoryMiB: options.memoryMiB,
    };
    const result = await runToCompletion(engine, request);
    const events = protocolEvents(result.stdout);
    return { ...result, events, output };
  }

  function assertSucceeded(run: Conversion): Record<string, unknown> {
    assert.equal(run.exitCode, 0, `converter failed (${run.exitCode}):\n${run.stdout}\n${run.stderr}`);
    return only(run.events, 'done');
  }

  before(async () => {
    engine = await realEngine();
    const previous = await engine.inspectImage(IMAGE);
    const built = await buildFolder(engine, path.join(templatesDir, 'img2vid'), IMAGE);
    if (previous && previous.id !== built.imageId) {
      // The earlier build of this tag is now untagged; it may still be used by a run elsewhere.
      await engine.removeImage(previous.id).catch(() => undefined);
    }
    const measureContext = tempDir('measure-context');
    made.push(measureContext);
    fs.writeFileSync(path.join(measureContext, 'measure.py'), MEASURE_PY);
    fs.writeFileSync(
      path.join(measureContext, 'Dockerfile'),
      `FROM ${IMAGE}\nCOPY measure.py /measure.py\nENTRYPOINT ["python3", "/measure.py"]\n`,
    );
    await buildFolder(engine, measureContext, MEASURE_IMAGE);
  });

  after(async () => {
    if (engine) {
      await removeTestContainers(engine);
      if (await engine.inspectImage(MEASURE_IMAGE)) {
        await engine.removeImage(MEASURE_IMAGE, { force: true });
      }
    }
    for (const dir of made) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns the 50 fixture frames into a 10 s H.264 yuv420p 1920x1080 MP4 with no audio, moov first', async () => {
    const run = await convert(fixturesDir, ['.', 'aquarium']);
    const done = assertSucceeded(run);
    assert.deepEqual(listing(run.output), ['aquarium.mp4'], 'only the video is left in the output folder');

    const start = only(run.events, 'start');
    assert.deepEqual(start, { event: 'start', total: 50, fps: 5, width: 1920, height: 1080, output: '/output/aquarium.mp4' });
    const progress = eventsOf(run.events, 'progress').map((e) => e.frame as number);
    assert.ok(progress.length >= 2, `progress is reported along the way: ${JSON.stringify(progress)}`);
    assert.deepEqual(
      [...progress].sort((a, b) => a - b),
      progress,
      'progress never goes backwards',
    );
    assert.equal(progress.at(-1), 50, 'the last progress event has the final count');
    assert.equal(run.events.at(-1)?.event, 'done', 'done is the last event');
    assert.equal(done.output, '/output/aquarium.mp4');
    assert.equal(done.frames, 50);
    assert.equal(done.skipped, 0);
    assert.equal(done.duration, 10);
    assert.equal(done.width, 1920);
    assert.equal(done.height, 1080);
    assert.equal(done.fps, 5);
    assert.equal(typeof done.elapsed, 'number');

    const file = path.join(run.output, 'aquarium.mp4');
    const info = probeVideo(file);
    assert.equal(info.codec, 'h264');
    assert.equal(info.pixFmt, 'yuv420p');
    assert.equal(info.width, 1920);
    assert.equal(info.height, 1080);
    assert.equal(info.frames, 50);
    assert.ok(Math.abs(info.duration - 10) < 0.05, `duration ${info.duration}`);
    assert.equal(info.audioStreams, 0, 'no audio stream');
    assert.equal(info.streams, 1, 'one stream: the video');

    // +faststart: the moov box comes before mdat, so a browser can start playing at once.
    const boxes: string[] = [];
    const bytes = fs.readFileSync(file);
    for (let at = 0; at + 8 <= bytes.length;) {
      const size = bytes.readUInt32BE(at);
      boxes.push(bytes.toString('latin1', at + 4, at + 8));
      if (size < 8) break;
      at += size;
    }
    assert.ok(boxes.indexOf('moov') >= 0 && boxes.indexOf('moov') < boxes.indexOf('mdat'), `top-level boxes: ${boxes.join(', ')}`);
  });

  it('takes unpadded names in natural order (img2 before img10), any extension case, at --fps 10', async () => {
    const dir = input('order');
    const names = [
      'img1.jpg',
      'img2.jpg',
      'img3.JPG',
      'img4.jpg',
      'img5.Jpeg',
      'img6.jpg',
      'img7.jpg',
      'img8.jpg',
      'img9.jpg',
      'img10.JPEG',
      'img11.jpg',
      'img12.jpg',
    ];
    const colours = FRAME_COLOURS.slice(0, names.length);
    names.forEach((name, i) => solidImage(path.join(dir, name), colours[i], 64, 48));

    const run = await convert(dir, ['.', 'order.mp4', '--fps', '10']);
    const done = assertSucceeded(run);
    assert.equal(done.frames, 12);
    assert.equal(done.fps, 10);
    const info = probeVideo(path.join(run.output, 'order.mp4'));
    assert.equal(info.frames, 12);
    assert.ok(Math.abs(info.duration - 1.2) < 0.05, `12 frames at 10 fps last 1.2 s, got ${info.duration}`);
    const seen = sampleColours(path.join(run.output, 'order.mp4'), 31, 23).map(nearestColour);
    assert.deepEqual(seen, colours, 'each frame is the image of its number, in numeric order');
  });

  it('sizes the video by the first image (odd sizes padded to even) and letterboxes the others', async () => {
    const dir = input('sizes');
    solidImage(path.join(dir, 'a1.png'), 'red', 321, 241); // odd: the video is 322x242
    solidImage(path.join(dir, 'a2.jpg'), 'blue', 642, 241); // twice as wide: bars above and below
    solidImage(path.join(dir, 'a3.jpg'), 'green', 100, 241); // narrow: bars left and right
    solidImage(path.join(dir, 'a4.bmp'), 'yellow', 1284, 964); // four times larger, same shape

    const run = await convert(dir, ['.', 'sizes']);
    const done = assertSucceeded(run);
    assert.equal(done.width, 322);
    assert.equal(done.height, 242);
    const file = path.join(run.output, 'sizes.mp4');
    const info = probeVideo(file);
    assert.equal(info.width, 322);
    assert.equal(info.height, 242);
    assert.equal(info.frames, 4);
    assert.equal(info.width % 2, 0);
    assert.equal(info.height % 2, 0);

    assert.deepEqual(sampleColours(file, 160, 120).map(nearestColour), ['red', 'blue', 'green', 'yellow'], 'centres');
    assert.deepEqual(
      sampleColours(file, 160, 8).map(nearestColour),
      ['red', 'black', 'green', 'yellow'],
      'near the top: only the wide image has a bar',
    );
    assert.deepEqual(
      sampleColours(file, 8, 120).map(nearestColour),
      ['red', 'blue', 'black', 'yellow'],
      'near the left: only the narrow image has a bar',
    );
  });

  it('mixes JPEG, PNG, BMP, WebP and TIFF in one video, in order', async () => {
    const dir = input('formats');
    const files = ['f1.jpg', 'f2.png', 'f3.bmp', 'f4.webp', 'f5.tiff', 'f6.jpg', 'f7.tif', 'f8.PNG', 'f9.jpeg', 'f10.WEBP'];
    const colours = FRAME_COLOURS.slice(0, files.length);
    files.forEach((name, i) => solidImage(path.join(dir, name), colours[i], 160, 120));

    const run = await convert(dir, ['.', 'formats']);
    const done = assertSucceeded(run);
    assert.equal(done.frames, files.length);
    assert.equal(done.skipped, 0);
    const file = path.join(run.output, 'formats.mp4');
    assert.equal(probeVideo(file).frames, files.length);
    assert.deepEqual(sampleColours(file, 80, 60).map(nearestColour), colours);
  });

  it('converts a folder of TIFFs only (a format ffmpeg cannot take from a stream)', async () => {
    const dir = input('tiff');
    const colours = ['orange', 'cyan', 'purple'];
    colours.forEach((c, i) => solidImage(path.join(dir, `scan${i + 1}.tif`), c, 96, 64));
    const run = await convert(dir, ['.', 'scans']);
    assert.equal(assertSucceeded(run).frames, 3);
    assert.deepEqual(sampleColours(path.join(run.output, 'scans.mp4'), 48, 32).map(nearestColour), colours);
  });

  it('skips damaged files naming them, ignores other and hidden files, and never writes the input', async () => {
    const dir = input('damaged');
    solidImage(path.join(dir, 'g1.jpg'), 'red', 160, 120);
    solidImage(path.join(dir, 'g2.png'), 'green', 160, 120);
    solidImage(path.join(dir, 'g3.jpg'), 'blue', 160, 120);
    solidImage(path.join(dir, 'g4.webp'), 'yellow', 160, 120);
    // Damaged: a JPEG cut in half, text named .png, an empty .bmp, a PNG with a bit flipped.
    patternSequence(dir, 1, '640x480', 'big%d.jpg');
    const whole = fs.readFileSync(path.join(dir, 'big1.jpg'));
    fs.rmSync(path.join(dir, 'big1.jpg'));
    fs.writeFileSync(path.join(dir, 'g2b.jpg'), whole.subarray(0, Math.floor(whole.length / 2)));
    fs.writeFileSync(path.join(dir, 'notes.png'), 'this is not an image\n');
    fs.writeFileSync(path.join(dir, 'empty.bmp'), '');
    solidImage(path.join(dir, 'g3b.png'), 'white', 160, 120);
    const png = fs.readFileSync(path.join(dir, 'g3b.png'));
    png[png.indexOf('IDAT') + 8] ^= 0x40;
    fs.writeFileSync(path.join(dir, 'g3b.png'), png);
    // Ignored: not images by name, hidden (though a valid image), and a folder named like an image.
    fs.writeFileSync(path.join(dir, 'README.txt'), 'frames\n');
    fs.writeFileSync(path.join(dir, 'Thumbs.db'), 'x');
    solidImage(path.join(dir, '.hidden.jpg'), 'magenta', 160, 120);
    fs.mkdirSync(path.join(dir, 'more.jpg'));
    solidImage(path.join(dir, 'more.jpg', 'inner.jpg'), 'cyan', 160, 120);
    for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), fs.statSync(path.join(dir, f)).isDirectory() ? 0o755 : 0o644);

    const before = hashTree(dir);
    // Mounted read-write on purpose: the converter itself must not write there.
    const run = await convert(dir, ['.', 'checked'], { inputWritable: true });
    const done = assertSucceeded(run);
    assert.equal(hashTree(dir), before, 'the input folder is unchanged');

    assert.equal(only(run.events, 'start').total, 8, 'eight files look like images by name');
    const skips = eventsOf(run.events, 'skip');
    assert.deepEqual(skips.map((s) => s.file).sort(), ['empty.bmp', 'g2b.jpg', 'g3b.png', 'notes.png']);
    for (const skip of skips) {
      assert.ok(typeof skip.reason === 'string' && skip.reason.length > 3, `a reason for ${String(skip.file)}`);
      assert.match(run.stderr, new RegExp(`skipped ${String(skip.file).replace('.', '\\.')}`), 'warnings go to stderr too');
    }
    assert.equal(done.frames, 4);
    assert.equal(done.skipped, 4);
    // The progress total counts the frames to expect, so the bar ends full despite the skips.
    const progress = eventsOf(run.events, 'progress');
    assert.deepEqual(progress.at(-1), { event: 'progress', frame: 4, total: 4 });
    assert.ok(
      progress.every(
        (p, i) => i === 0 || (Number(p.frame) >= Number(progress[i - 1].frame) && Number(p.total) <= Number(progress[i - 1].total)),
      ),
    );
    assert.ok(!/hidden|README|Thumbs|inner/.test(run.stdout), 'ignored files are not mentioned');
    const file = path.join(run.output, 'checked.mp4');
    assert.equal(probeVideo(file).frames, 4);
    assert.deepEqual(sampleColours(file, 80, 60).map(nearestColour), ['red', 'green', 'blue', 'yellow']);
  });

  for (const [label, fill] of [
    ['an empty folder', (_dir: string) => undefined],
    [
      'a folder with no images',
      (dir: string) => {
        fs.writeFileSync(path.join(dir, 'notes.txt'), 'no frames here\n');
        fs.writeFileSync(path.join(dir, 'data.csv'), 'a,b\n');
        solidImage(path.join(dir, '.hidden.png'), 'red', 32, 32);
      },
    ],
  ] as const) {
    it(`fails on ${label}, says so, and writes nothing`, async () => {
      const dir = input('none');
      fill(dir);
      const run = await convert(dir, ['.', 'nothing']);
      assert.notEqual(run.exitCode, 0);
      const error = only(run.events, 'error');
      assert.match(String(error.message), /^No images in \/input: looked for \.jpg, \.jpeg, \.png, \.bmp, \.webp, \.tif, \.tiff$/);
      assert.match(run.stderr, /No images in \/input/);
      assert.deepEqual(listing(run.output), [], 'no file, not even a partial one');
    });
  }

  it('fails when every image is unreadable, naming each, and writes nothing', async () => {
    const dir = input('all-bad');
    fs.writeFileSync(path.join(dir, 'a.jpg'), 'not a jpeg');
    fs.writeFileSync(path.join(dir, 'b.png'), '');
    const run = await convert(dir, ['.', 'nothing']);
    assert.equal(run.exitCode, 1);
    assert.deepEqual(
      eventsOf(run.events, 'skip').map((s) => s.file),
      ['a.jpg', 'b.png'],
    );
    assert.match(String(only(run.events, 'error').message), /No readable images/);
    assert.deepEqual(listing(run.output), []);
  });

  it('skips every file whose bytes break a header parser (a 4-byte .tif raised struct.error), with a reason, and converts the rest', async () => {
    const dir = input('breakers');
    const broken = parserBreakers(dir);
    solidImage(path.join(dir, 'a1.png'), 'red', 64, 48);
    solidImage(path.join(dir, 'z9.jpg'), 'blue', 64, 48);
    const run = await convert(dir, ['.', 'survived']);
    const done = assertSucceeded(run);
    assert.ok(!/Traceback/.test(run.stderr), `no exception escaped:\n${run.stderr}`);
    const skips = eventsOf(run.events, 'skip');
    assert.deepEqual(skips.map((s) => s.file).sort(), [...broken].sort());
    for (const skip of skips) assert.ok(String(skip.reason).length > 5, `a reason for ${String(skip.file)}: ${String(skip.reason)}`);
    assert.match(String(skips.find((s) => s.file === 'x01.tif')?.reason), /damaged or not an image/);
    assert.equal(done.frames, 2);
    assert.equal(done.skipped, broken.length);
    assert.deepEqual(sampleColours(path.join(run.output, 'survived.mp4'), 32, 24).map(nearestColour), ['red', 'blue']);
  });

  it('skips images over 16,384 px a side or 100 megapixels from their header, also the first one; the video takes the first kept size', async () => {
    const dir = input('cap');
    pngClaimingSize(path.join(dir, 'a0.png'), 20000, 20000); // first in order: it must not size the video
    pngClaimingSize(path.join(dir, 'a1.png'), 16385, 16); // one side over the cap
    pngClaimingSize(path.join(dir, 'a2.png'), 10001, 10000); // sides under the cap, 100.01 megapixels
    solidImage(path.join(dir, 'b1.png'), 'green', 96, 64);
    solidImage(path.join(dir, 'b2.png'), 'yellow', 96, 64);
    const run = await convert(dir, ['.', 'capped']);
    const done = assertSucceeded(run);
    const skips = eventsOf(run.events, 'skip');
    assert.deepEqual(
      skips.map((s) => s.file),
      ['a0.png', 'a1.png', 'a2.png'],
    );
    for (const skip of skips) {
      assert.match(
        String(skip.reason),
        /^too large \(\d+x\d+ px\): images up to 16,384 px a side and 100 megapixels are converted$/,
        `${String(skip.file)}: ${String(skip.reason)}`,
      );
    }
    assert.ok(!/ffmpeg:/.test(run.stderr), `nothing reached a decoder:\n${run.stderr}`);
    assert.deepEqual([done.width, done.height, done.frames], [96, 64, 2]);
    assert.deepEqual(only(run.events, 'start'), { event: 'start', total: 5, fps: 5, width: 96, height: 64, output: '/output/capped.mp4' });
    const info = probeVideo(path.join(run.output, 'capped.mp4'));
    assert.deepEqual([info.width, info.height, info.frames], [96, 64, 2]);
  });

  it('names: "--" before a name starting with "-", 240-byte and non-ASCII names convert; over 255 bytes is refused saying so', async () => {
    const dir = input('names');
    ['red', 'green'].forEach((c, i) => solidImage(path.join(dir, `n${i + 1}.png`), c, 32, 32));
    const output = outputFolder('names');
    const long = `${'ü'.repeat(118)}.mp4`;
    assert.equal(Buffer.byteLength(long), 240);
    for (const name of ['-draft.mp4', '--fps.mp4', long, 'Ürlaub café 日本 🎞.mp4']) {
      const run = await convert(dir, ['--fps', '5', '--', '.', name], { output });
      assert.equal(assertSucceeded(run).frames, 2, name);
      assert.equal(probeVideo(path.join(output, name)).frames, 2, name);
    }
    assert.deepEqual(
      listing(output),
      ['--fps.mp4', '-draft.mp4', long, 'Ürlaub café 日本 🎞.mp4'].sort(),
      'the videos and no temporary file',
    );
    const tooLong = `${'é'.repeat(126)}.mp4`;
    const refused = await convert(dir, ['--', '.', tooLong], { output });
    assert.equal(refused.exitCode, 2);
    assert.match(
      String(only(refused.events, 'error').message),
      /^The output name is too long: 256 bytes, and a file name can have at most 255\. Choose a shorter name\.$/,
    );
    assert.equal(listing(output).length, 4, 'nothing more was written');
  });

  it('under a 256 MiB memory limit, a decompression bomb within the size cap fails that conversion saying it ran out of memory', async (t) => {
    const dir = input('bomb');
    const size = await pngBomb(path.join(dir, 'bomb.png'), 16384, 6000); // 98 megapixels: 295 MB decoded
    t.diagnostic(`bomb.png: ${size} bytes on disk, ${16384 * 6000 * 3} bytes decoded`);
    solidImage(path.join(dir, 'fine.png'), 'red', 64, 48);
    const run = await convert(dir, ['.', 'bomb'], { memoryMiB: 256 });
    assert.equal(run.exitCode, 1, `${run.stdout}\n${run.stderr}`);
    assert.match(String(only(run.events, 'error').message), /ran out of memory/);
    assert.deepEqual(listing(run.output), [], 'no video, no partial file');
  });

  it('rejects --fps 0, 121 and abc, and a non-.mp4 output name, with exit code 2', async () => {
    const dir = input('args');
    solidImage(path.join(dir, 'one.png'), 'red', 32, 32);
    const output = outputFolder('args');
    for (const args of [
      ['.', 'v', '--fps', '0'],
      ['.', 'v', '--fps', '121'],
      ['.', 'v', '--fps', 'abc'],
      ['.', 'v.avi'],
    ]) {
      const run = await convert(dir, args, { output });
      assert.equal(run.exitCode, 2, `${args.join(' ')}: exit code`);
      const message = String(only(run.events, 'error').message);
      if (args.includes('--fps')) {
        assert.match(message, /--fps: must be a whole number from 1 to 120/);
        assert.ok(message.includes(`'${args[3]}'`), `names the bad value: ${message}`);
      } else {
        assert.match(message, /MP4/);
      }
    }
    assert.deepEqual(listing(output), []);
  });

  it('prints readable lines instead of JSON on a terminal', async () => {
    const dir = input('tty');
    ['red', 'green', 'blue'].forEach((c, i) => solidImage(path.join(dir, `t${i + 1}.png`), c, 64, 48));
    fs.writeFileSync(path.join(dir, 't4.jpg'), 'broken');
    fs.chmodSync(path.join(dir, 't4.jpg'), 0o644);
    const output = outputFolder('tty');
    const run = await runToCompletion(engine, {
      image: IMAGE,
      args: ['.', 'tty'],
      tty: true,
      volumes: [
        { hostPath: dir, containerPath: '/input', readOnly: true },
        { hostPath: output, containerPath: '/output', readOnly: false },
      ],
    });
    const text = run.stdout + run.stderr;
    assert.equal(run.exitCode, 0, text);
    assert.match(text, /Converting 4 images into \/output\/tty\.mp4 \(64x48, 5 fps\)/);
    assert.match(text, /warning: skipped t4\.jpg: /);
    assert.match(text, /Done: \/output\/tty\.mp4: 3 frames, 1 skipped, 0\.6 s at 5 fps, 64x48, in [0-9.]+ s/);
    assert.ok(!/^\{/m.test(text), 'no JSON on a terminal');
    assert.deepEqual(listing(output), ['tty.mp4']);
  });

  it('stops on SIGTERM (docker stop) with exit code 143 and leaves no file behind', async () => {
    const dir = input('long');
    copyFrames(fixturesDir, dir, 300); // about 12 s of work at 1080p
    const output = outputFolder('stopped');
    const id = await engine.run({
      image: IMAGE,
      args: ['.', 'long'],
      volumes: [
        { hostPath: dir, containerPath: '/input', readOnly: true },
        { hostPath: output, containerPath: '/output', readOnly: false },
      ],
      labels: testLabels,
    });
    try {
      // Wait until ffmpeg is really encoding (a progress event with frames done).
      const deadline = Date.now() + 60_000;
      let stdout = '';
      for (;;) {
        stdout = '';
        await engine.logs(id, { follow: false }, (text, stream) => {
          if (stream === 'stdout') stdout += text;
        });
        if (jsonLines(stdout).some((e) => e.event === 'progress' && (e.frame as number) > 0)) break;
        assert.ok(!jsonLines(stdout).some((e) => e.event === 'done'), 'the run must still be going when it is stopped');
        assert.ok(Date.now() < deadline, `no progress within 60 s:\n${stdout}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(
        fs.readdirSync(output).some((n) => /^\.long\.mp4\..*\.partial$/.test(n)),
        `a hidden partial file while running: ${listing(output).join(', ')}`,
      );
      await engine.stop(id); // SIGTERM, then SIGKILL after the grace period
      const exitCode = await engine.wait(id);
      assert.equal(exitCode, 143, 'the converter handled SIGTERM itself (137 would mean it was killed)');
      let all = '';
      await engine.logs(id, { follow: false }, (text) => {
        all += text;
      });
      assert.match(all, /"event":"error","message":"Stopped by SIGTERM; no video was written"/);
      assert.ok(!/"event":"done"/.test(all));
      assert.deepEqual(listing(output), [], 'no video and no partial file');
    } finally {
      await engine.remove(id, { force: true });
    }
  });

  it(`runs as --user ${NON_ROOT}:${NON_ROOT}, and the video belongs to that user`, async () => {
    const dir = input('user');
    patternSequence(dir, 5, '320x240');
    for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o644);
    const output = outputFolder('user', NON_ROOT);
    const run = await convert(dir, ['.', 'mine'], { output, user: `${NON_ROOT}:${NON_ROOT}` });
    assertSucceeded(run);
    const stat = fs.statSync(path.join(output, 'mine.mp4'));
    assert.equal(stat.uid, NON_ROOT);
    assert.equal(stat.gid, NON_ROOT);
    assert.equal(stat.mode & 0o777, 0o644, 'readable by others, like any file the user makes');
    assert.equal(probeVideo(path.join(output, 'mine.mp4')).frames, 5);
  });

  it('keeps memory flat from 50 to 600 frames (peaks recorded)', async (t) => {
    const many = input('many');
    patternSequence(many, 600, '320x240');
    const fifty = input('fifty');
    for (let i = 1; i <= 50; i++) fs.copyFileSync(path.join(many, `f${i}.jpg`), path.join(fifty, `f${i}.jpg`));
    for (const d of [many, fifty]) for (const f of fs.readdirSync(d)) fs.chmodSync(path.join(d, f), 0o644);

    const measure = async (dir: string, frames: number) => {
      const run = await convert(dir, ['memory', '.', 'measured'], { image: MEASURE_IMAGE });
      assert.equal(assertSucceeded(run).frames, frames);
      return only(run.events, 'measure') as { cgroupRssPeak: number; largestProcessPeak: number };
    };
    const small = await measure(fifty, 50);
    const large = await measure(many, 600);
    const fixtures = await measure(fixturesDir, 50);
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    const report =
      `peak memory (container anonymous memory / largest process RSS): ` +
      `50 frames 320x240: ${mb(small.cgroupRssPeak)} / ${mb(small.largestProcessPeak)}; ` +
      `600 frames 320x240: ${mb(large.cgroupRssPeak)} / ${mb(large.largestProcessPeak)}; ` +
      `50 fixture frames 1920x1080: ${mb(fixtures.cgroupRssPeak)} / ${mb(fixtures.largestProcessPeak)}`;
    t.diagnostic(report);
    assert.ok(small.largestProcessPeak > 0 && large.largestProcessPeak > 0, 'peaks were measured');
    // Twelve times the frames must not mean noticeably more memory (holding the frames would).
    assert.ok(large.largestProcessPeak < small.largestProcessPeak * 1.3, report);
    assert.ok(large.cgroupRssPeak < small.cgroupRssPeak * 1.3 + 8 * 1024 * 1024, report);
  });

  it('records its speed against bare ffmpeg on the fixtures', async (t) => {
    const run = await convert(fixturesDir, ['speed', '3'], { image: MEASURE_IMAGE });
    assert.equal(run.exitCode, 0, run.stderr);
    const speed = only(run.events, 'speed') as { runs: Record<string, number[]>; median: Record<string, number> };
    const report =
      `50 fixture frames, median of 3 alternating runs: bare ffmpeg (glob, libx264 veryfast) ${speed.median.bare} s, ` +
      `img2vid ${speed.median.img2vid} s (${(speed.median.img2vid / speed.median.bare).toFixed(2)}x); runs ${JSON.stringify(speed.runs)}`;
    t.diagnostic(report);
    assert.equal(probeVideo(path.join(run.output, 'ours.mp4')).frames, 50);
    assert.equal(probeVideo(path.join(run.output, 'bare.mp4')).frames, 50);
  });
});
