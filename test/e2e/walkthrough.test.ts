/**
 * The walkthrough in a real VS Code: "Get Started with Container Workflows" opens it; step 1
 * is completed with its own Retry button against the real engine; step 5, in a workspace
 * without images, makes the sample frames with its button, converts them with its other
 * button (Convert a Folder of Images…, which offers the folder it found), the preview plays,
 * and the step is checked.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  hideSecondarySideBar,
  makeWorkspace,
  openWorkbench,
  pick,
  poll,
  quickPickRows,
  readmeScreenshot,
  runCommand,
  screenshot,
  videoLoaded,
  waitForEngineStatus,
  webviewFrame,
  withDiagnostics,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

/** A step of the open walkthrough, by its id in package.json. */
function step(page: Page, id: string): Locator {
  return page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
}

/** Expands a step (a click on its header) and clicks one of its buttons by its label. */
async function clickStepButton(page: Page, id: string, label: string): Promise<void> {
  const header = step(page, id);
  await header.waitFor({ timeout: 30_000 });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  const button = header.locator('.button-link, .monaco-button, a', { hasText: label }).first();
  await withDiagnostics(page, `the "${label}" button of step ${id}`, () => button.waitFor({ timeout: 15_000 }));
  await button.click();
}

async function waitForChecked(page: Page, id: string, timeoutMs = 30_000): Promise<void> {
  await withDiagnostics(page, `step ${id} checked`, () =>
    poll(`step ${id} checked`, async () => (await step(page, id).getAttribute('aria-checked', { timeout: 1000 })) === 'true', timeoutMs),
  );
}

/** The few <video> properties the test reads (the tests compile without the DOM library). */
interface VideoLike {
  readyState: number;
  currentTime: number;
  paused: boolean;
  error: { code: number } | null;
  play(): Promise<void>;
}

describe('the walkthrough in a real VS Code', () => {
  let server: VSCodeServer;
  let workbench: Workbench | undefined;
  let workspace: string;

  before(async () => {
    workspace = makeWorkspace('walkthrough');
    server = await startVSCodeServer();
    workbench = await openWorkbench(server, { folder: workspace });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('opens from the Command Palette with its six steps', async () => {
    const page = workbench!.page;
    await runCommand(page, 'Get Started with Container Workflows');
    const ids = await withDiagnostics(page, 'the walkthrough', () =>
      poll(
        'the six steps',
        async () => {
          const found = await page
            .locator('button.getting-started-step')
            .evaluateAll((els: { getAttribute(name: string): string | null }[]) => els.map((e) => e.getAttribute('data-step-id') ?? ''));
          return found.length === 6 ? found : undefined;
        },
        30_000,
      ),
    );
    assert.deepEqual(
      ids.map((id) => id.split('#').pop()),
      ['connect', 'pythonShell', 'greet', 'gradio', 'video', 'registry'],
    );
    assert.match(await page.locator('.gettingStartedContainer').innerText(), /Get Started with Container Workflows/);
  });

  it('step 1: Retry Engine Connection connects to the real engine and checks the step', async () => {
    const page = workbench!.page;
    await clickStepButton(page, 'connect', 'Retry Engine Connection');
    await waitForEngineStatus(page, /Docker \d/);
    await waitForChecked(page, 'connect');
    await screenshot(page, 'walkthrough-step1');
  });

  it('step 5: makes sample frames in an empty workspace, converts them, the preview plays, the step is checked', async () => {
    const page = workbench!.page;
    assert.equal(await step(page, 'video').getAttribute('aria-checked'), 'false', 'not done before');
    await clickStepButton(page, 'video', 'Create Sample Frames Folder');
    const frames = path.join(workspace, 'sample-frames');
    await poll(
      'the sample frames written',
      () => fs.existsSync(frames) && fs.readdirSync(frames).filter((f) => f.endsWith('.png')).length === 20,
    );

    // Its other button offers the workspace's folders of images: the sample folder is one now.
    await clickStepButton(page, 'video', 'Convert a Folder of Images');
    const offered = await withDiagnostics(page, 'the folders of images offered', () =>
      poll('the sample folder offered', async () => {
        const rows = await quickPickRows(page);
        return rows.some((r) => /sample-frames[\s\S]*20 images/.test(r)) ? rows : undefined;
      }),
    );
    assert.ok(
      offered.some((r) => r.includes('Choose Another Folder')),
      'any other folder can still be chosen',
    );
    await pick(page, 'sample-frames', /sample-frames[\s\S]*20 images/);
    const video = webviewFrame(page).locator('#video');
    await withDiagnostics(page, 'the preview video', () =>
      poll(
        'the preview video to play',
        () =>
          video.evaluate(
            async (el: VideoLike) => {
              if (el.error) throw new Error(`MediaError ${el.error.code}`);
              if (el.readyState < 2) return undefined;
              if (el.paused) await Promise.race([el.play().catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
              return !el.paused && el.currentTime > 0 ? true : undefined;
            },
            undefined,
            { timeout: 3000 },
          ),
        180_000,
        500,
      ),
    );
    assert.ok(fs.existsSync(path.join(workspace, 'sample-frames.mp4')), 'the video is next to the folder');
    await videoLoaded(video);
    await hideSecondarySideBar(page);
    await videoLoaded(video);
    await readmeScreenshot(page, 'preview');

    await page.locator('.tabs-container .tab', { hasText: 'Welcome' }).first().click();
    await waitForChecked(page, 'video');
    await screenshot(page, 'walkthrough-step5');
  });
});
