/**
 * The article's whole way with the converter, in the real VS Code, on a real password
 * registry: add the img2vid template (the command-line converter) to the workspace, build
 * it as `img2vid-app:exe`, tag it `127.0.0.1:<port>/you/img2vid-app:exe`, push it (refused,
 * Log In…, pushed, the digest shown), remove the local image (answering the question), pull
 * it back from the tag in the Registries view, and run the pulled image on a folder of
 * images as the article does (`-v …/data:/input -v …/output:/output img2vid-app:exe mba
 * aquarium-docker.mp4`, through Run Image…: Convert Folder to Video always uses its own
 * bundled converter). The video is H.264 yuv420p and plays in the preview.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEMPLATE_LABEL, type ContainerEngine } from '../../src/engine/engine';
import { fixturesDir, realEngine } from '../support/realEngine';
import type { TestRegistry } from '../support/registry';
import { loggedInWithoutLeaking, pushWithLogIn, scrolledToRow, startPasswordRegistry } from './harness/registrySteps';
import {
  clickDialogButton,
  explorerContextMenu,
  makeWorkspace,
  openActivityBarContainer,
  openWorkbench,
  pick,
  poll,
  quickPickRows,
  rowContextMenu,
  runCommand,
  screenshot,
  typeIntoQuickInput,
  viewPane,
  webviewFrame,
  withDiagnostics,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

const LOCAL_TAG = 'img2vid-app:exe';
const VIDEO = 'aquarium-docker.mp4';

/** The few <video> properties the test reads (the tests compile without the DOM library). */
interface VideoLike {
  readyState: number;
  videoWidth: number;
  videoHeight: number;
  duration: number;
  paused: boolean;
  currentTime: number;
  error: { code: number } | null;
}

function probe(file: string): { codec_name: string; pix_fmt: string; width: number; height: number; nb_frames: string } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_streams', '-of', 'json', file], {
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { streams: never[] }).streams[0];
}

describe("The article's way: scaffold img2vid, build, tag, push after Log In…, remove, pull back, convert", () => {
  let engine: ContainerEngine;
  let registry: TestRegistry;
  let password: string;
  let server: VSCodeServer;
  let workbench: Workbench;
  let workspace: string;
  let target: string;

  before(async () => {
    engine = await realEngine();
    ({ registry, password } = await startPasswordRegistry());
    target = `${registry.address}/you/${LOCAL_TAG}`;
    workspace = makeWorkspace('seed-flow');
    // The article keeps the frames in a folder under the one it mounts at /input.
    fs.cpSync(fixturesDir, path.join(workspace, 'images', 'mba'), { recursive: true });
    server = await startVSCodeServer();
    workbench = await openWorkbench(server, { folder: workspace });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await registry?.remove();
    for (const c of (await engine?.listContainers({ all: true })) ?? []) {
      if (c.image === target || c.image === LOCAL_TAG) await engine.remove(c.id, { force: true });
    }
    for (const ref of [LOCAL_TAG, target ?? '']) {
      if (ref) await engine?.removeImage(ref, { force: true }).catch(() => undefined);
    }
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  const imagesPane = () => viewPane(workbench.page, 'Images');
  /** The image's row, by a name it has; the list redraws on every change, so a name that just came waits for its row. */
  const imageRow = (name: string) =>
    scrolledToRow(workbench.page, imagesPane(), imagesPane().locator('.monaco-list-row', { hasText: name }));

  it('adds the img2vid template to the workspace and builds it as img2vid-app:exe', async () => {
    const page = workbench.page;
    await runCommand(page, 'Container Workflows: Add Docker Files to Workspace…');
    await pick(page, 'img2vid', /command line/);
    await pick(page, path.basename(workspace));
    await poll('the scaffolded Dockerfile', () => fs.existsSync(path.join(workspace, 'img2vid.py')), 30_000);
    assert.ok(fs.existsSync(path.join(workspace, 'Dockerfile')));

    await runCommand(page, 'Container Workflows: Build Image…');
    await typeIntoQuickInput(page, 'Tag for the image', LOCAL_TAG);
    await pick(page, 'Build');
    const image = await poll('the built image', () => engine.inspectImage(LOCAL_TAG), 480_000, 1000);
    assert.equal(image.labels[TEMPLATE_LABEL], 'img2vid', 'the image knows its template');
  });

  it('tags it for the registry from the Images view and pushes it after Log In…, showing the digest', async () => {
    const page = workbench.page;
    await openActivityBarContainer(page, 'Container Workflows');
    await rowContextMenu(page, await imageRow(LOCAL_TAG), 'Tag Image…');
    await typeIntoQuickInput(page, 'New reference', target);
    await poll('the new tag on the engine', async () => ((await engine.inspectImage(target)) ? true : undefined), 30_000);

    // The row is now named by its first tag, the registry one, and sorts first.
    await rowContextMenu(page, await imageRow(target), 'Push Image…');
    // About 900 MB to compress and upload on a shared machine.
    const pushed = await pushWithLogIn(page, server, target, password, 540_000);
    assert.ok(pushed.includes(target), pushed);
    assert.deepEqual(await loggedInWithoutLeaking(server, registry, password), []);
  });

  it('removes the local image after asking, and pulls it back from its tag in the Registries view', async () => {
    const page = workbench.page;
    await rowContextMenu(page, await imageRow(target), 'Remove…');
    // Read before answering: Remove goes only to the question about this image.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const question = await dialog.innerText();
    if (!question.includes(`Every tag goes: ${LOCAL_TAG}, ${target}`) && !question.includes(`Every tag goes: ${target}, ${LOCAL_TAG}`)) {
      await clickDialogButton(page, 'Cancel');
      assert.fail(`the removal asked about something else: ${question}`);
    }
    await clickDialogButton(page, 'Remove');
    await poll(
      'both tags gone',
      async () => (!(await engine.inspectImage(target)) && !(await engine.inspectImage(LOCAL_TAG))) || undefined,
      60_000,
    );

    const registries = viewPane(page, 'Registries');
    await registries.locator('.monaco-list-row', { hasText: registry.address }).first().click();
    await registries.locator('.monaco-list-row', { hasText: 'you/img2vid-app' }).first().click();
    const tagRow = registries.locator('.monaco-list-row', { hasText: /^exe$/ }).first();
    await rowContextMenu(page, tagRow, 'Pull Image…');
    const pulled = await poll('the image pulled back', () => engine.inspectImage(target), 300_000, 1000);
    assert.equal(pulled.labels[TEMPLATE_LABEL], 'img2vid', 'the pulled image is the one built here');
    assert.equal(await engine.inspectImage(LOCAL_TAG), undefined, 'only the registry name came back');
  });

  it('runs the pulled image on the frames as the article does; the video is H.264 yuv420p and plays in the preview', async () => {
    const page = workbench.page;
    await rowContextMenu(page, await imageRow(target), 'Run Image…');
    // The form is seeded from the image's template: images/ at /input, output/ at /output.
    const form = await poll('the run form', async () => {
      const rows = await quickPickRows(page);
      return rows.some((r) => r.includes(target)) || rows.some((r) => r.startsWith('Arguments')) ? rows : undefined;
    });
    assert.ok(
      form.some((r) => r.includes('/input')),
      `the /input mount in ${JSON.stringify(form)}`,
    );
    await pick(page, 'Arguments');
    await typeIntoQuickInput(page, 'Quote words with spaces', `mba ${VIDEO}`);
    await pick(page, 'Run', /Run(?! as)/);
    // output/ does not exist yet: the form offers to make it.
    await clickDialogButton(page, 'Create');

    const video = path.join(workspace, 'output', VIDEO);
    await poll(
      'the converter to finish',
      async () => {
        const running = (await engine.listContainers({ all: true })).filter((c) => c.image === target && c.state === 'running');
        return fs.existsSync(video) && running.length === 0 ? true : undefined;
      },
      180_000,
      1000,
    );
    const stream = probe(video);
    assert.equal(stream.codec_name, 'h264');
    assert.equal(stream.pix_fmt, 'yuv420p');
    assert.equal(stream.width, 1920);
    assert.equal(stream.nb_frames, '50');

    // The Explorer shows the new folder; open it and preview the video.
    await runCommand(page, 'View: Show Explorer');
    await page
      .locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: /^output$/ }) })
      .first()
      .click();
    await explorerContextMenu(page, VIDEO, 'Preview Video');
    const element = webviewFrame(page).locator('#video');
    const playing = await withDiagnostics(page, 'the preview playing', () =>
      poll(
        'the video to play',
        async () => {
          const s = await element.evaluate(
            (v: VideoLike) => ({
              readyState: v.readyState,
              width: v.videoWidth,
              duration: v.duration,
              paused: v.paused,
              currentTime: v.currentTime,
              error: v.error?.code ?? 0,
            }),
            undefined,
            { timeout: 1000 },
          );
          if (s.error) throw new Error(`MediaError ${s.error}`);
          return s.readyState >= 2 && !s.paused && s.currentTime > 0 ? s : undefined;
        },
        90_000,
        500,
      ),
    );
    assert.equal(playing.width, 1920);
    assert.ok(Math.abs(playing.duration - 10) < 0.05, `duration ${playing.duration}`);
    await screenshot(page, 'registry-seed-flow-playing');
  });
});
