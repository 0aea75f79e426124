/**
 * The flagship in a real VS Code: right-click a folder of images in the Explorer, pick
 * "Convert Folder to Video", and the preview panel plays the result.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { convertContainersUnder } from '../support/convertFixtures';
import { copyFrames } from '../support/frames';
import { fixturesDir, realEngine } from '../support/realEngine';
import {
  explorerContextMenu,
  withDiagnostics,
  poll,
  runCommand,
  screenshot,
  videoLoaded,
  webviewFrame,
  type Workbench,
} from './harness/workbench';
import { type FixturesWorkbench, openFixturesWorkbench } from './harness/fixturesWorkbench';

describe('Convert Folder to Video in a real VS Code', () => {
  let opened: FixturesWorkbench | undefined;
  let workbench: Workbench | undefined;
  let workspace: string;

  before(async () => {
    opened = await openFixturesWorkbench('convert');
    ({ workbench, workspace } = opened);
  });

  after(async () => {
    await opened?.close();
  });

  it('converts the right-clicked folder and plays the video in the preview', async () => {
    const page = workbench!.page;
    await explorerContextMenu(page, 'mba', 'Convert Folder to Video');

    const video = webviewFrame(page).locator('#video');
    const state = await withDiagnostics(page, 'the preview video', () =>
      poll(
        'the preview video to be playable',
        async () => {
          const s = await video.evaluate(
            (v: VideoElementLike) => ({
              readyState: v.readyState,
              width: v.videoWidth,
              height: v.videoHeight,
              duration: v.duration,
              error: v.error?.code ?? 0,
            }),
            undefined,
            { timeout: 1000 },
          );
          if (s.error) throw new Error(`MediaError ${s.error}`);
          return s.readyState >= 2 ? s : undefined;
        },
        180_000,
        500,
      ),
    );
    assert.equal(state.width, 1920);
    assert.equal(state.height, 1080);
    assert.ok(Math.abs(state.duration - 10) < 0.05, `duration ${state.duration}`);

    const facts = webviewFrame(page).locator('#facts');
    assert.match(await facts.innerText(), /1920 × 1080/);
    assert.match(await facts.innerText(), /H\.264/);
    assert.match(await facts.locator('[data-fact="frames"]').innerText(), /^50$/);
    assert.ok(fs.existsSync(path.join(workspace, 'mba.mp4')), 'the video is next to the folder');
    await videoLoaded(video);
    await screenshot(page, 'convert-folder-preview');
  });

  it('converts again from the preview with another frame rate, in the same panel', async () => {
    const page = workbench!.page;
    const frame = webviewFrame(page);
    // The text field is a vscode-elements component: its <input> is in its shadow root.
    await frame.locator('#fps input').fill('10');
    await frame.locator('#convert-again').click();
    const facts = await poll(
      'the facts of the 10 fps video',
      async () => {
        const text = await frame.locator('#facts').innerText({ timeout: 1000 });
        return /10 fps/.test(text) ? text : undefined;
      },
      180_000,
      500,
    );
    assert.match(facts, /5\.0 s/);
    const duration = await poll(
      'the new video to play',
      async () => {
        const d = await frame
          .locator('#video')
          .evaluate((v: VideoElementLike) => (v.readyState >= 2 ? v.duration : 0), undefined, { timeout: 1000 });
        return Math.abs(d - 5) < 0.05 ? d : undefined;
      },
      60_000,
      500,
    );
    assert.ok(Math.abs(duration - 5) < 0.05);
    assert.equal(await page.locator('.tabs-container .tab', { hasText: 'Preview:' }).count(), 1, 'one preview panel, reused');
  });

  it('a window reload in the middle of a conversion stops and removes its container, and writes no video', async () => {
    const page = workbench!.page;
    const engine = await realEngine();
    // 400 full-HD frames: long enough (about 15 s of encoding here) to reload in the middle.
    const many = path.join(workspace, 'many');
    fs.mkdirSync(many);
    copyFrames(fixturesDir, many, 400);
    const converting = () => convertContainersUnder(engine, many);
    assert.deepEqual(await converting(), [], 'no conversion container before');

    await explorerContextMenu(page, 'many', 'Convert Folder to Video');
    const running = await poll(
      'the conversion container to run',
      async () => (await converting()).find((c) => c.endsWith(' (running)')),
      60_000,
      200,
    );
    await runCommand(page, 'Developer: Reload Window');
    // The extension host ends with the old window; deactivate() stops the conversion.
    const left = await poll(
      'the conversion container to be removed',
      async () => {
        const now = await converting();
        return now.length === 0 ? now : undefined;
      },
      30_000,
      250,
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}: still there: ${JSON.stringify(await converting())}`);
    });
    assert.deepEqual(left, []);
    assert.equal(await engine.inspectContainer(running.replace(/ \(running\)$/, '')), undefined, 'the container is gone, not just stopped');
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const written = fs.readdirSync(workspace).filter((n) => n.startsWith('many') && n !== 'many');
    assert.deepEqual(written, [], 'no video, and no partial file, next to the folder');
  });
});

/** The few <video> properties the test reads (the tests compile without the DOM library). */
interface VideoElementLike {
  readyState: number;
  videoWidth: number;
  videoHeight: number;
  duration: number;
  error: { code: number } | null;
}
