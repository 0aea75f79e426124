/**
 * The smoke set on the oldest VS Code the extension allows (engines.vscode ^1.96.0): VS Code
 * 1.96 from code-server 4.96.4, which the test command installs next to today's. It activates,
 * the status bar names the real engine, the sidebar lists a container the test starts, and
 * "Convert Folder to Video" from the Explorer ends in a preview that plays. The rest of the e2e
 * tier runs on the current VS Code.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { copyFixtures } from '../support/convertFixtures';
import { realEngine, removeTestContainers, testLabels, testRunId } from '../support/realEngine';
import {
  explorerContextMenu,
  openActivityBarContainer,
  openWorkbench,
  poll,
  screenshot,
  viewPane,
  waitForEngineStatus,
  webviewFrame,
  withDiagnostics,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, toolPaths, type VSCodeServer } from './harness/vscodeServer';

/** Exits at once on SIGTERM, so removing it does not wait the engine's grace period. */
const IDLE = "trap 'exit 0' TERM; while :; do sleep 0.2; done";
const FRAMES = 10;

/** The commit the running server reports at /version. */
function serverCommit(origin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(`${origin}/version`, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body.trim()));
      })
      .on('error', reject);
  });
}

/** The few <video> properties the test reads (the tests compile without the DOM library). */
interface VideoLike {
  readyState: number;
  currentTime: number;
  paused: boolean;
  error: { code: number } | null;
  play(): Promise<void>;
}

describe('smoke set on VS Code 1.96, the minimum version', () => {
  let engine: ContainerEngine;
  let server: VSCodeServer;
  let workbench: Workbench | undefined;
  let root: string;
  const name = `cw-e2e-min-${testRunId}`;

  before(async () => {
    engine = await realEngine();
    await engine.run({ image: 'debian:bookworm-slim', name, args: ['sh', '-c', IDLE], labels: testLabels });
    root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'cw-ws-min-'));
    copyFixtures(root, 'workspace', 'frames', FRAMES);
    server = await startVSCodeServer({ vscode: 'minimum' });
    workbench = await openWorkbench(server, { folder: path.join(root, 'workspace') });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await removeTestContainers(engine);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('runs on the VS Code 1.96 server', async () => {
    const vscodeDir = path.dirname(path.dirname(toolPaths().serverMainMinimum));
    const product = JSON.parse(fs.readFileSync(path.join(vscodeDir, 'product.json'), 'utf8')) as { commit: string };
    const pkg = JSON.parse(fs.readFileSync(path.join(vscodeDir, 'package.json'), 'utf8')) as { version: string };
    assert.match(pkg.version, /^1\.96\./, 'the minimum server is VS Code 1.96');
    assert.equal(await serverCommit(server.origin), product.commit, 'the server under test is that one');
  });

  it('activates and names the real engine in the status bar', async () => {
    const expected = (await engine.version()).version;
    const text = await waitForEngineStatus(workbench!.page, /Docker \d/, 90_000);
    assert.ok(text.includes(expected), `status bar "${text}" names ${expected}`);
  });

  it('lists a running container in the sidebar', async () => {
    const page = workbench!.page;
    await openActivityBarContainer(page, 'Container Workflows');
    const row = viewPane(page, 'Containers').locator(`.monaco-list-row[aria-label^="${name},"]`);
    await withDiagnostics(page, 'the container row', () => row.waitFor({ timeout: 60_000 }));
    assert.match((await row.getAttribute('aria-label')) ?? '', /debian:bookworm-slim · Up /);
    await screenshot(page, 'minimum-version-sidebar');
  });

  it('converts a folder from the Explorer and the preview plays the video', async () => {
    const page = workbench!.page;
    await page.locator('.activitybar .action-label[aria-label^="Explorer"]').first().click();
    await explorerContextMenu(page, 'frames', 'Convert Folder to Video');
    const video = webviewFrame(page).locator('#video');
    await withDiagnostics(page, 'the preview video', () =>
      poll(
        'the preview video to load',
        async () => {
          const v = await video.evaluate((el: VideoLike) => ({ readyState: el.readyState, error: el.error?.code ?? 0 }), undefined, {
            timeout: 1000,
          });
          if (v.error) throw new Error(`MediaError ${v.error}`);
          return v.readyState >= 2;
        },
        180_000,
        500,
      ),
    );
    // Playing: the clock moves. play() is raced against a timeout: in a webview it can hang.
    const time = await poll(
      'the video to play',
      () =>
        video.evaluate(
          async (el: VideoLike) => {
            if (el.paused) await Promise.race([el.play().catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
            return !el.paused && el.currentTime > 0 ? el.currentTime : undefined;
          },
          undefined,
          { timeout: 3000 },
        ),
      60_000,
      300,
    );
    assert.ok(time > 0);
    assert.match(await webviewFrame(page).locator('#facts').innerText(), /H\.264/);
    assert.ok(fs.existsSync(path.join(root, 'workspace', 'frames.mp4')), 'the video is next to the folder');
    await screenshot(page, 'minimum-version-preview');
  });
});
