/**
 * The Gradio templates' own code, on the real engine, where PyPI (and so gradio) is out of
 * reach. Each template's Dockerfile is built with its one PyPI step (`pip install -r
 * requirements.txt`) swapped for a stand-in `gradio` module (test/support/gradio/gradio.py)
 * that records what the app declares; a driver then calls the app's handlers as Gradio
 * would, as a user the image does not know. What this proves: the images' other layers,
 * users and folders; the handlers' results, errors and progress; the img2vid app's video.
 * What it does not: that gradio 5.49 accepts these declarations and serves the page. That
 * is templates.test.ts's "serves its Gradio app", which runs wherever PyPI answers and is
 * reported as skipped, with the reason, where it does not.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContainerEngine } from '../../src/engine/engine';
import { loadTemplate, templateSources } from '../../src/templates/catalog';
import { copyFrames, probeVideo, tempDir } from '../support/frames';
import { buildFolder, fixturesDir, realEngine, removeTestContainers, repoRoot, runToCompletion, templatesDir } from '../support/realEngine';

const STAND_IN = path.join(repoRoot, 'test', 'support', 'gradio');
const USER = 4321;

/**
 * A build context: the template's files as scaffolding writes them (its shared files, such
 * as img2vid-gradio's converter from the img2vid template, included), its Dockerfile with
 * the PyPI step replaced by copying the stand-in and the drivers. Fails when the Dockerfile
 * no longer has the lines this relies on, rather than testing something else.
 */
function contextWithStandIn(templateId: string, pipInstall: RegExp, dropFromApt?: string): string {
  const dir = tempDir(`${templateId}-standin`);
  for (const { relative, source } of templateSources(loadTemplate(path.join(templatesDir, templateId), true))) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.copyFileSync(source, path.join(dir, relative));
  }
  const dockerfile = path.join(dir, 'Dockerfile');
  let text = fs.readFileSync(dockerfile, 'utf8');
  const copyRequirements = /^COPY requirements\.txt \.\n/m;
  assert.match(text, copyRequirements, `${templateId}/Dockerfile copies requirements.txt`);
  assert.match(text, pipInstall, `${templateId}/Dockerfile installs requirements.txt with pip`);
  text = text.replace(copyRequirements, '').replace(pipInstall, 'COPY gradio.py drive_*.py ./\n');
  if (dropFromApt) {
    // Only pip needs it; without it the layer is the img2vid image's, already built.
    assert.ok(text.includes(` ${dropFromApt} `), `${templateId}/Dockerfile installs ${dropFromApt}`);
    text = text.replace(` ${dropFromApt} `, ' ');
  }
  fs.writeFileSync(dockerfile, text);
  for (const name of fs.readdirSync(STAND_IN)) {
    fs.copyFileSync(path.join(STAND_IN, name), path.join(dir, name));
  }
  fs.appendFileSync(path.join(dir, '.dockerignore'), '!gradio.py\n!drive_*.py\n');
  return dir;
}

/** What drive_greet_app.py reports. */
interface GreetReport {
  interfaces: unknown;
  fn_is_greet: boolean;
  inputs: string[];
  launched_on_import: number;
  server: unknown;
  greet: string;
  greet_float_whole: string;
  refused: Record<string, unknown>;
}

interface Component {
  kind: string;
  title?: string;
  visible?: boolean;
}

interface Conversion {
  video?: string;
  download?: unknown;
  summary: string;
  frames_in: string[];
  progress: { progress: number; desc: string }[];
}

interface Failed {
  error: string;
  work_left?: string[];
}

/** What drive_img2vid_app.py reports. */
interface Img2vidReport {
  work_root: string;
  components: Component[];
  click: unknown;
  launched_on_import: number;
  good: Conversion;
  old_work_left: boolean;
  recent_work_left: boolean;
  empty: Failed;
  none: Failed;
  only_broken: Failed;
}

/** The driver's report: its last stdout line, as JSON. */
function lastJson<T>(stdout: string): T {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    assert.fail(`the driver printed no JSON line:\n${stdout}`);
  }
}

describe("Gradio templates' handlers (gradio stood in for, PyPI unreachable)", () => {
  let engine: ContainerEngine;
  const made: string[] = [];

  before(async () => {
    engine = await realEngine();
  });

  after(async () => {
    if (engine) await removeTestContainers(engine);
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Builds the template with the stand-in as `cw-test/<id>-standin:latest`; the image and its config. */
  async function buildWithStandIn(templateId: string, pipInstall: RegExp, dropFromApt?: string) {
    const context = contextWithStandIn(templateId, pipInstall, dropFromApt);
    made.push(context);
    const image = `cw-test/${templateId}-standin:latest`;
    const { output } = await buildFolder(engine, context, image);
    const config = await engine.inspectImage(image);
    assert.ok(config, `built:\n${output}`);
    return { image, config };
  }

  it('greet-gradio: greets, refuses bad counts with a message for the page, declares its form', async () => {
    const { image, config } = await buildWithStandIn('greet-gradio', /^RUN pip install -r requirements\.txt\n/m);
    assert.equal(config.env.SERVER_NAME, '0.0.0.0');
    assert.ok(config.exposedPorts.some((p) => p.port === 7860));

    const run = await runToCompletion(engine, { image, args: ['python', 'drive_greet_app.py'], user: `${USER}:${USER}`, network: 'none' });
    assert.equal(run.exitCode, 0, run.stderr);
    const found = lastJson<GreetReport>(run.stdout);
    assert.deepEqual(found.interfaces, [
      { title: 'Greet App', description: 'A simple app that repeats a greeting a number of times.', flagging_mode: 'never' },
    ]);
    assert.equal(found.fn_is_greet, true, 'the form calls greet()');
    assert.deepEqual(found.inputs, ['Textbox', 'Number']);
    assert.equal(found.launched_on_import, 0, 'importing the module does not start a server');
    assert.deepEqual(found.server, ['0.0.0.0', 7860], 'the image makes it listen on every interface');
    assert.equal(found.greet, 'hello world hello world ');
    assert.equal(found.greet_float_whole, 'hi hi hi ', 'gr.Number gives floats; 3.0 is 3');
    for (const [label, message] of Object.entries(found.refused)) {
      assert.match(String(message), /^Times must be a whole number from 1 to 1000\.$/, `times ${label} is refused`);
    }
  });

  it('img2vid-gradio: uploads in any order become a playable video, in natural order, with progress; bad uploads say why', async () => {
    const { image, config } = await buildWithStandIn('img2vid-gradio', /^RUN pip3 install [^\n]*-r requirements\.txt\n/m, 'python3-pip');
    assert.equal(config.env.GRADIO_TEMP_DIR, '/tmp/gradio');

    // Uploads as Gradio hands them over: paths, in no particular order, one name twice, a
    // damaged image and a file that is not an image among them.
    const uploads = tempDir('gradio-uploads');
    made.push(uploads);
    copyFrames(fixturesDir, uploads, 12); // f1.jpg … f12.jpg
    fs.mkdirSync(path.join(uploads, 'same-name'), { mode: 0o755 });
    fs.copyFileSync(path.join(uploads, 'f3.jpg'), path.join(uploads, 'same-name', 'f3.jpg'));
    fs.chmodSync(path.join(uploads, 'same-name', 'f3.jpg'), 0o644);
    fs.writeFileSync(path.join(uploads, 'broken.jpg'), 'not a JPEG at all', { mode: 0o644 });
    fs.writeFileSync(path.join(uploads, 'notes.txt'), 'a note', { mode: 0o644 });
    // The app's working folder, GRADIO_TEMP_DIR, on the host: the video comes out here.
    const work = tempDir('gradio-work', { owner: USER });
    made.push(work);

    const run = await runToCompletion(engine, {
      image,
      args: ['python3', 'drive_img2vid_app.py', '/uploads'],
      user: `${USER}:${USER}`,
      network: 'none',
      volumes: [
        { hostPath: uploads, containerPath: '/uploads', readOnly: true },
        { hostPath: work, containerPath: '/tmp/gradio', readOnly: false },
      ],
    });
    assert.equal(run.exitCode, 0, run.stderr);
    const found = lastJson<Img2vidReport>(run.stdout);

    assert.equal(found.work_root, '/tmp/gradio');
    assert.deepEqual(
      found.components.map((c) => c.kind),
      ['Blocks', 'Markdown', 'File', 'Slider', 'Button', 'Video', 'DownloadButton', 'Markdown'],
    );
    assert.equal(found.components[0].title, 'Images to video');
    assert.equal(found.components.find((c) => c.kind === 'DownloadButton')?.visible, false, 'no download before a video exists');
    assert.deepEqual(found.click, { fn_is_make_video: true, inputs: ['File', 'Slider'], outputs: ['Video', 'DownloadButton', 'Markdown'] });
    assert.equal(found.launched_on_import, 0);

    const good = found.good;
    assert.ok(good.video, `a video: ${JSON.stringify(good)}`);
    assert.match(good.video, /^\/tmp\/gradio\/img2vid-[^/]+\/video\.mp4$/);
    assert.deepEqual(good.download, { kind: 'DownloadButton', label: 'Download video', value: good.video, visible: true });
    assert.match(good.summary, /^\*\*13 frames\*\*, 1\.3 s at 10 fps, 1920x1080, made in [\d.]+ s\./);
    assert.match(good.summary, /Skipped \(not readable images\):\n- broken\.jpg: /);
    assert.ok(!good.summary.includes('notes.txt'), 'a file that is not an image is not a frame, nor a complaint');
    assert.deepEqual(
      good.frames_in,
      [
        'broken.jpg',
        'f1.jpg',
        'f10.jpg',
        'f11.jpg',
        'f12.jpg',
        'f2.jpg',
        'f3 (2).jpg',
        'f3.jpg',
        'f4.jpg',
        'f5.jpg',
        'f6.jpg',
        'f7.jpg',
        'f8.jpg',
        'f9.jpg',
        'notes.txt',
      ],
      'both uploads named f3.jpg are kept',
    );
    const fractions = good.progress.map((p) => p.progress);
    assert.ok(fractions.length >= 2, `progress was reported: ${JSON.stringify(good.progress)}`);
    assert.deepEqual(
      [...fractions].sort((a, b) => a - b),
      fractions,
      'progress only moves forward',
    );
    assert.equal(fractions.at(-1), 1);
    assert.equal(good.progress.at(-1)?.desc, '13 of 13 frames');

    const video = path.join(work, path.relative('/tmp/gradio', good.video ?? ''));
    const info = probeVideo(video);
    assert.equal(info.codec, 'h264');
    assert.equal(info.pixFmt, 'yuv420p');
    assert.equal(info.frames, 13);
    assert.equal(fs.statSync(video).uid, USER, 'the video belongs to the user the app runs as');

    assert.equal(found.old_work_left, false, 'a work folder over an hour old is cleared');
    assert.equal(found.recent_work_left, true, 'a recent one is kept');
    assert.equal(found.empty.error, 'Upload some images first.');
    assert.equal(found.none.error, 'Upload some images first.');
    assert.equal(found.only_broken.error, 'No readable images in the upload: its one image file was skipped');
    assert.ok(
      !found.only_broken.error.includes('/tmp/gradio'),
      `the message names the upload, not the app's folders: ${found.only_broken.error}`,
    );
    assert.deepEqual(found.only_broken.work_left, [], 'a failed conversion leaves no work folder');
  });
});
