/**
 * The main job, end to end: a sample folder of images becomes a video twice, once with
 * the headless CLI and once in a real VS Code (right-click, "Convert Folder to Video",
 * the preview plays it). VS Code keeps running at the printed URL until Ctrl+C; with
 * --once, or without a terminal, it stops after the screenshot.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  explorerContextMenu,
  launchBrowser,
  poll,
  screenshot,
  videoLoaded,
  webviewFrame,
  workbenchUrl,
  artifactsDir,
} from '../../test/e2e/harness/workbench';
import { repoRoot, startVSCodeServer } from '../../test/e2e/harness/vscodeServer';

const cache =
  process.env.CW_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(process.env.HOME ?? '/root', '.cache'), 'container-workflows');
const fixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'mba');

function step(text: string): void {
  console.log(`\n\x1b[1m== ${text}\x1b[0m`);
}

/** The sample folder: the article's aquarium frames when ../shared is there, else frames made here. */
function prepareWorkspace(): { workspace: string; folder: string } {
  const workspace = path.join(cache, 'demo', 'workspace');
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.mkdirSync(workspace, { recursive: true });
  if (fs.existsSync(fixtures)) {
    const folder = path.join(workspace, 'mba');
    fs.cpSync(fixtures, folder, { recursive: true });
    return { workspace, folder };
  }
  const folder = path.join(workspace, 'sample-frames');
  fs.mkdirSync(folder);
  const made = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=5', '-frames:v', '50', path.join(folder, 'frame_%03d.jpg')],
    { stdio: 'inherit' },
  );
  if (made.status !== 0) throw new Error('could not generate the sample frames with ffmpeg');
  return { workspace, folder };
}

async function main(): Promise<void> {
  const once = process.argv.includes('--once') || !process.stdin.isTTY;
  const { workspace, folder } = prepareWorkspace();
  const name = path.basename(folder);

  step(`1. The headless CLI converts ${path.relative(repoRoot, folder) || folder}`);
  const cliOut = path.join(workspace, `${name}-cli.mp4`);
  const cli = spawnSync('node', [path.join(repoRoot, 'dist', 'cli.js'), 'convert', folder, '-o', cliOut], { stdio: 'inherit' });
  if (cli.status !== 0) throw new Error(`the CLI failed with exit code ${cli.status}`);
  const probe = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name,pix_fmt,width,height,nb_frames:format=duration',
      '-of',
      'compact=p=0:nk=0',
      cliOut,
    ],
    { encoding: 'utf8' },
  );
  console.log(`ffprobe: ${probe.stdout.trim().replace(/\n/g, ' | ')}`);

  step('2. A real VS Code (code-server 4.139.1 = VS Code 1.139.1) with the extension loaded');
  const port = Number(process.env.CW_DEMO_PORT ?? 8800);
  const server = await startVSCodeServer({ port });
  const url = workbenchUrl(server, { folder: workspace });
  console.log(`VS Code: ${url}`);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop();
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stop().then(() => process.exit(0)));

  step(`3. In VS Code: right-click ${name}, "Convert Folder to Video", watch it in the preview`);
  const { context, userDataDir } = await launchBrowser();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await explorerContextMenu(page, name, 'Convert Folder to Video');
    const started = Date.now();
    const tab = page.locator('.tabs-container .tab', { hasText: 'Preview:' });
    void tab.waitFor({ timeout: 300_000 }).then(
      () => console.log(`preview panel open ${((Date.now() - started) / 1000).toFixed(1)} s after the click`),
      () => undefined,
    );
    const video = webviewFrame(page).locator('#video');
    const state = await poll(
      'the video to play in the preview',
      async () => {
        const s = await video.evaluate(
          (v: { readyState: number; videoWidth: number; videoHeight: number; duration: number }) => ({
            readyState: v.readyState,
            width: v.videoWidth,
            height: v.videoHeight,
            duration: v.duration,
          }),
          undefined,
          { timeout: 1000 },
        );
        return s.readyState >= 2 ? s : undefined;
      },
      300_000,
      250,
    );
    console.log(
      `playing ${state.width}x${state.height}, ${state.duration.toFixed(1)} s, ${((Date.now() - started) / 1000).toFixed(1)} s after the click`,
    );
    await videoLoaded(video);
    const shot = await screenshot(page, 'demo-preview');
    console.log(`screenshot: ${shot}`);
    console.log(`video: ${path.join(workspace, `${name}.mp4`)}`);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }

  if (once) {
    await stop();
    console.log('\nDone (--once or no terminal): VS Code stopped.');
    return;
  }
  console.log(`\nVS Code keeps running at ${url}\nOpen it in a browser on this machine (or forward port ${port}). Ctrl+C stops it.`);
  await new Promise(() => undefined);
}

void artifactsDir;
main().catch((err) => {
  console.error(`demo failed: ${(err as Error).message}`);
  process.exit(1);
});
