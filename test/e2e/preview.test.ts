/**
 * The preview panel on its own: "Preview Video" from the Explorer, frame stepping, the
 * panel coming back after a window reload (the serializer keeps only the path), a clear
 * message when the video is gone, and a clear way out when a video cannot be decoded.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { explorerContextMenu, withDiagnostics, makeWorkspace, openWorkbench, poll, runCommand, screenshot, videoLoaded, webviewFrame, type Workbench } from './harness/workbench';
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
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=5', '-frames:v', '10', '-c:v', codec, ...pixfmt, '-y', file]);
}

describe('the video preview panel', () => {
  let server: VSCodeServer;
  let workbench: Workbench;
  let workspace: string;

  const videoState = () =>
    webviewFrame(workbench.page)
      .locator('#video')
      .evaluate((v: { readyState: number; videoWidth: number; duration: number; currentTime: number; error: { code: number } | null }) => ({ readyState: v.readyState, width: v.videoWidth, duration: v.duration, currentTime: v.currentTime, error: v.error?.code ?? 0 }), undefined, { timeout: 1000 }) as Promise<VideoState>;

  before(async () => {
    workspace = makeWorkspace('preview');
    makeVideo(path.join(workspace, 'clip.mp4'), 'libx264');
    makeVideo(path.join(workspace, 'legacy-mp4v.mp4'), 'mpeg4');
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
    await frame.locator('#frame-forward').click();
    await frame.locator('#frame-forward').click();
    const stepped = await poll('two frames forward', async () => {
      const s = await videoState();
      return Math.abs(s.currentTime - 0.4) < 0.01 ? s : undefined;
    }, 10_000);
    assert.ok(Math.abs(stepped.currentTime - 0.4) < 0.01);
  });

  it('comes back after a window reload, from the path alone', async () => {
    await runCommand(workbench.page, 'Developer: Reload Window');
    await workbench.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const state = await poll('the restored preview to play', async () => ((await videoState()).readyState >= 2 ? videoState() : undefined), 90_000, 500);
    assert.equal(state.width, 320);
    await videoLoaded(webviewFrame(workbench.page).locator('#video'));
    await screenshot(workbench.page, 'preview-restored');
  });

  it('says so when the video is gone', async () => {
    fs.rmSync(path.join(workspace, 'clip.mp4'));
    await runCommand(workbench.page, 'Developer: Reload Window');
    await workbench.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const message = await poll('the missing-video message', () => webviewFrame(workbench.page).locator('#missing').innerText({ timeout: 1000 }), 90_000, 500);
    assert.match(message, /not there any more/);
    assert.match(message, /clip\.mp4/);
  });

  it('offers a way out when the codec cannot play (MPEG-4 Part 2)', async () => {
    await explorerContextMenu(workbench.page, 'legacy-mp4v.mp4', 'Preview Video');
    const error = webviewFrame(workbench.page).locator('#error');
    const text = await withDiagnostics(workbench.page, 'the playback error', async () => {
      try {
        return await poll('the playback error', async () => ((await error.isVisible()) ? error.innerText() : undefined), 60_000);
      } catch (err) {
        const shown = await webviewFrame(workbench.page).locator('#app').innerText({ timeout: 1000 }).catch((e: Error) => `(no app: ${e.message.split('\n')[0]})`);
        const frames = await workbench.page.locator('iframe.webview').count();
        throw new Error(`${(err as Error).message}; ${frames} webview iframes; the panel shows: ${shown.replace(/\s+/g, ' ').slice(0, 400)}`);
      }
    });
    assert.match(text, /cannot be played/);
    assert.match(text, /Open in VS Code's Video Preview/);
    assert.match(text, /Open with System Player/);
    assert.match(await webviewFrame(workbench.page).locator('[data-fact="codec"]').innerText(), /MPEG-4 Part 2/);
    await screenshot(workbench.page, 'preview-undecodable');
  });
});
