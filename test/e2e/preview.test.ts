/**
 * The preview panel on its own: "Preview Video" from the Explorer, frame stepping, the
 * panel coming back after a window reload (the serializer keeps only the path), a clear
 * message when the video is gone or not known after a reload, a clear way out when a video
 * cannot be decoded, and the host turning away messages of the wrong shape.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  enterPathInFileDialog,
  explorerContextMenu,
  withDiagnostics,
  makeWorkspace,
  openWorkbench,
  poll,
  runCommand,
  screenshot,
  videoLoaded,
  waitForNotification,
  waitForQuickInputPrompt,
  webviewFrame,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

interface VideoState {
  readyState: number;
  width: number;
  duration: number;
  currentTime: number;
  error: number;
}

function makeVideo(file: string, codec: 'libx264' | 'mpeg4'): void {
  const pixfmt = codec === 'libx264' ? ['-pix_fmt', 'yuv420p'] : [];
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x240:rate=5',
    '-frames:v',
    '10',
    '-c:v',
    codec,
    ...pixfmt,
    '-y',
    file,
  ]);
}

/**
 * The preview webview's outer frame: VS Code's own host page, which carries the page's
 * postMessage and setState to the extension host. Calling its channel is what the page's
 * `acquireVsCodeApi()` object does; the page has taken that object already, so a test
 * reaches the host this way with messages the page itself would never send.
 */
function webviewHostFrame(page: Page): Locator {
  return page.locator('iframe.webview.ready').last().contentFrame().locator('html');
}

async function postFromWebview(page: Page, channel: 'onmessage' | 'do-update-state', data: unknown[]): Promise<void> {
  await webviewHostFrame(page).evaluate(
    (root: { ownerDocument: { defaultView: unknown } }, args: { channel: string; data: unknown[] }) => {
      const post = (root.ownerDocument.defaultView as Record<string, (channel: string, data: unknown) => void>).__vscode_post_message__;
      for (const item of args.data) post(args.channel, args.channel === 'onmessage' ? { message: item } : item);
    },
    { channel, data },
  );
}

/** Everything the extension wrote to its "Container Workflows" log, over every window reload. */
function extensionLog(server: VSCodeServer): string {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('Container Workflows.log')) found.push(p);
    }
  };
  walk(server.runDir);
  return found.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

describe('the video preview panel', () => {
  let server: VSCodeServer;
  let workbench: Workbench;
  let workspace: string;

  const videoState = () =>
    webviewFrame(workbench.page)
      .locator('#video')
      .evaluate(
        (v: { readyState: number; videoWidth: number; duration: number; currentTime: number; error: { code: number } | null }) => ({
          readyState: v.readyState,
          width: v.videoWidth,
          duration: v.duration,
          currentTime: v.currentTime,
          error: v.error?.code ?? 0,
        }),
        undefined,
        { timeout: 1000 },
      ) as Promise<VideoState>;

  before(async () => {
    workspace = makeWorkspace('preview');
    makeVideo(path.join(workspace, 'clip.mp4'), 'libx264');
    makeVideo(path.join(workspace, 'legacy-mp4v.mp4'), 'mpeg4');
    makeVideo(path.join(workspace, 'another.mp4'), 'libx264');
    server = await startVSCodeServer();
    workbench = await openWorkbench(server, { folder: workspace });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('opens any .mp4 from the Explorer and steps frame by frame', async () => {
    await explorerContextMenu(workbench.page, 'clip.mp4', 'Preview Video');
    const state = await poll('a playable video', async () => ((await videoState()).readyState >= 2 ? videoState() : undefined), 60_000);
    assert.equal(state.width, 320);
    assert.ok(Math.abs(state.duration - 2) < 0.05, `duration ${state.duration}`);
    const frame = webviewFrame(workbench.page);
    assert.match(await frame.locator('[data-fact="frames"]').innerText(), /^10$/);
    assert.match(await frame.locator('[data-fact="frame-rate"]').innerText(), /^5 fps$/);
    // A fresh video plays by itself (muted, looping); stepping pauses it and moves from where it is.
    const video = frame.locator('#video');
    type Playing = { paused: boolean; currentTime: number };
    await poll('the video to play by itself', async () =>
      video.evaluate((v: Playing) => !v.paused && v.currentTime > 0, undefined, { timeout: 1000 }),
    );
    await frame.locator('#frame-back').click();
    const paused = await poll('paused by the step', async () => {
      const s = await video.evaluate((v: Playing) => ({ paused: v.paused, currentTime: v.currentTime }), undefined, { timeout: 1000 });
      return s.paused ? s : undefined;
    });
    // Back to the start, as a person would drag the bar there, to step from a known frame.
    await video.evaluate((v: Playing) => {
      v.currentTime = 0;
    });
    await poll('at the start', async () => (await videoState()).currentTime === 0);
    assert.ok(paused.paused);
    await frame.locator('#frame-forward').click();
    await frame.locator('#frame-forward').click();
    const stepped = await poll(
      'two frames forward',
      async () => {
        const s = await videoState();
        return Math.abs(s.currentTime - 0.4) < 0.01 ? s : undefined;
      },
      10_000,
    );
    assert.ok(Math.abs(stepped.currentTime - 0.4) < 0.01);
  });

  it('comes back after a window reload, from the path alone', async () => {
    await runCommand(workbench.page, 'Developer: Reload Window');
    await workbench.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const state = await poll(
      'the restored preview to play',
      async () => ((await videoState()).readyState >= 2 ? videoState() : undefined),
      90_000,
      500,
    );
    assert.equal(state.width, 320);
    await videoLoaded(webviewFrame(workbench.page).locator('#video'));
    await screenshot(workbench.page, 'preview-restored');
  });

  it('ignores a message of the wrong shape from the webview, and logs it in brief', async () => {
    const page = workbench.page;
    const bad = [
      { type: 'convertAgain', fps: 999 },
      { type: 'copyPath', path: '/etc/passwd' },
      { type: 'openExternal' },
      { type: 'playback', state: { event: 'loadeddata', readyState: 'four' } },
      { type: 'revealInExplorer', payload: 'P'.repeat(1_000_000) },
    ];
    // The last, well-formed message shows that the host read all of them, in order.
    await postFromWebview(page, 'onmessage', [...bad, { type: 'copyPath' }]);
    await waitForNotification(page, /Copied .*clip\.mp4/);
    const ignored = await poll(
      'the five ignored messages in the log',
      () => {
        const lines = extensionLog(server)
          .split('\n')
          .filter((l) => l.includes('ignored a message from the webview'));
        return lines.length >= bad.length ? lines : undefined;
      },
      30_000,
      500,
    );
    assert.equal(ignored.length, bad.length, ignored.join('\n'));
    assert.match(ignored[0], /convertAgain: fps must be a whole number from 1 to 120.*"fps": 999/);
    assert.match(ignored[1], /copyPath: unexpected field "path"/);
    assert.match(ignored[2], /unknown type "openExternal"/);
    assert.match(ignored[3], /playback: state: missing "videoWidth", "videoHeight", "duration"/);
    assert.match(ignored[4], /revealInExplorer: unexpected field "payload".*a string of 1000000 characters/);
    for (const line of ignored) assert.ok(line.length < 400, `a short log line, not the payload: ${line.slice(0, 200)}…`);
    await page.keyboard.press('Escape');
  });

  it('says so when the video is gone', async () => {
    fs.rmSync(path.join(workspace, 'clip.mp4'));
    await runCommand(workbench.page, 'Developer: Reload Window');
    await workbench.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const message = await poll(
      'the missing-video message',
      () => webviewFrame(workbench.page).locator('#missing').innerText({ timeout: 1000 }),
      90_000,
      500,
    );
    assert.match(message, /not there any more/);
    assert.match(message, /clip\.mp4/);
    assert.equal(await webviewFrame(workbench.page).locator('#open-video').innerText(), 'Open a Video…');
  });

  it('offers a way out when the codec cannot play (MPEG-4 Part 2)', async () => {
    await explorerContextMenu(workbench.page, 'legacy-mp4v.mp4', 'Preview Video');
    const error = webviewFrame(workbench.page).locator('#error');
    const text = await withDiagnostics(workbench.page, 'the playback error', async () => {
      try {
        return await poll('the playback error', async () => ((await error.isVisible()) ? error.innerText() : undefined), 60_000);
      } catch (err) {
        const shown = await webviewFrame(workbench.page)
          .locator('#app')
          .innerText({ timeout: 1000 })
          .catch((e: Error) => `(no app: ${e.message.split('\n')[0]})`);
        const frames = await workbench.page.locator('iframe.webview').count();
        throw new Error(
          `${(err as Error).message}; ${frames} webview iframes; the panel shows: ${shown.replace(/\s+/g, ' ').slice(0, 400)}`,
          { cause: err },
        );
      }
    });
    assert.match(text, /cannot be played/);
    assert.match(text, /Open in VS Code's Video Preview/);
    // In the browser no app on this computer can reach the server's file: not offered.
    assert.doesNotMatch(text, /Open in Default App/);
    assert.match(await webviewFrame(workbench.page).locator('[data-fact="codec"]').innerText(), /MPEG-4 Part 2/);
    await screenshot(workbench.page, 'preview-undecodable');
  });

  it('in the browser, Open in Default App is not offered, and asking anyway explains why instead of navigating away', async () => {
    const page = workbench.page;
    const frame = webviewFrame(page);
    assert.equal(await frame.locator('#reveal').innerText(), 'Reveal in Explorer');
    assert.equal(await frame.locator('#open-default-app').count(), 0);
    // VS Code for the web would hand a file: address to the page (location.href): the host must not ask it to.
    await postFromWebview(page, 'onmessage', [{ type: 'openInDefaultApp' }]);
    const text = await waitForNotification(page, /runs in a browser here/);
    assert.match(text, /no app on this computer can open legacy-mp4v\.mp4 where it is, on the server\. Download it from the Explorer/);
    const file = path.join(workspace, 'legacy-mp4v.mp4');
    await poll('the log line', () => extensionLog(server).includes(`preview: not opening ${file} with a default app`), 30_000, 500);
    assert.ok(!extensionLog(server).includes(`preview: opening ${file} with the system's default app`));
    assert.match(page.url(), /^http:\/\/127\.0\.0\.1:/, 'the workbench is still the page');
  });

  it('a restored preview without saved state says it has nothing to show, and opens a video from there', async () => {
    const page = workbench.page;
    // What `vscode.setState(undefined)` does in the page: VS Code then restores the panel
    // with no state, as it does for a panel saved before its page said what it showed.
    await postFromWebview(page, 'do-update-state', [undefined]);
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await withDiagnostics(page, 'the window to reload', () => reloaded);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const frame = webviewFrame(page);
    const text = await poll(
      'the nothing-to-show message',
      () => frame.locator('#no-video').innerText({ timeout: 1000 }),
      90_000,
      500,
    ).catch(async (err: Error) => {
      const shown = await frame
        .locator('#app')
        .innerText({ timeout: 1000 })
        .catch((e: Error) => `(no app: ${e.message.split('\n')[0]})`);
      const tabs = await page.locator('.tabs-container .tab').allInnerTexts();
      const frames = await page.locator('iframe.webview').count();
      const restored = extensionLog(server)
        .split('\n')
        .filter((l) => l.includes('preview: restored'));
      throw new Error(
        `${err.message}; tabs: ${JSON.stringify(tabs)}; ${frames} webview frames; the panel shows: ${shown.replace(/\s+/g, ' ').slice(0, 300)}; restores: ${restored.join(' | ')}`,
      );
    });
    assert.match(text, /This preview has nothing to show: the video it showed is not known after the reload\./);
    assert.match(text, /Convert a folder or open a video\./);
    await poll(
      'the restore without state in the log',
      () => extensionLog(server).includes('preview: restored after a reload, with no video to show'),
      30_000,
      500,
    );
    assert.equal(await frame.locator('.loading').count(), 0, 'no "Loading…" left');
    assert.equal(await frame.locator('#convert-folder').innerText(), 'Convert a Folder to Video…');
    await screenshot(page, 'preview-nothing-to-show');

    await frame.locator('#open-video').click();
    await waitForQuickInputPrompt(page, 'Preview Video').catch((err: Error) => {
      throw new Error(`${err.message}\nthe extension's log ends: ${extensionLog(server).split('\n').slice(-6).join('\n')}`);
    });
    await enterPathInFileDialog(page, path.join(workspace, 'another.mp4'));
    const state = await withDiagnostics(page, 'the chosen video', () =>
      poll('the chosen video to play', async () => ((await videoState()).readyState >= 2 ? videoState() : undefined), 60_000, 500),
    );
    assert.equal(state.width, 320);
    assert.match(await frame.locator('[data-fact="file"]').innerText(), /another\.mp4$/);
  });
});
