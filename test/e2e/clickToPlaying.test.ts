/**
 * Click to playing (issue 12), measured in a real VS Code: the Explorer's "Convert Folder
 * to Video" on the 50 fixture frames until the preview's <video> is playing, with a
 * breakdown. The image is warm (a first run builds it if needed and is not counted), the
 * preview is closed and the video deleted before each run, so every run opens a new panel.
 * The times are printed for bench/RESULTS.md, never asserted; what is asserted is that each
 * run ends with the video playing.
 *
 * The extension's side comes from its own log file (the lines runConversion writes when
 * the command starts and when the video is written, with their timestamps); the page's
 * side (tab shown, the webview showing the progress, first frame, playing) from polling the
 * workbench every 25 ms. The panel opens as the conversion starts, so the tab and the webview's
 * load fall inside the conversion.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type FixturesWorkbench, openFixturesWorkbench } from './harness/fixturesWorkbench';
import { explorerContextMenu, poll, runCommand, webviewFrame, type Workbench } from './harness/workbench';
import type { VSCodeServer } from './harness/vscodeServer';

const RUNS = Number(process.env.CW_CLICK_RUNS ?? 5);

interface VideoLike {
  readyState: number;
  paused: boolean;
  currentTime: number;
}

/** The extension's log file (a LogOutputChannel writes one under the server's data). */
function findLog(dir: string): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findLog(full);
      if (found) return found;
    } else if (entry.name.endsWith('Container Workflows.log')) return full;
  }
  return undefined;
}

/** The time of the last line matching `pattern` after `since`, from "YYYY-MM-DD HH:MM:SS.mmm [level] text". */
function logTime(file: string, pattern: RegExp, since: number): number | undefined {
  let found: number | undefined;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[\w+\] (.*)$/.exec(line);
    if (!m || !pattern.test(m[3])) continue;
    const t = new Date(`${m[1]}T${m[2]}`).getTime();
    if (t >= since - 5) found = t;
  }
  return found;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

describe('click to playing (measured)', () => {
  let opened: FixturesWorkbench | undefined;
  let server: VSCodeServer;
  let workbench: Workbench | undefined;
  let workspace: string;

  before(async () => {
    opened = await openFixturesWorkbench('click-to-playing');
    ({ server, workbench, workspace } = opened);
  });

  after(async () => {
    await opened?.close();
  });

  it(`Convert Folder to Video on the 50 fixtures plays in the preview, ${RUNS} runs after a warm-up, with a breakdown`, async () => {
    const page = workbench!.page;
    const tab = page.locator('.tabs-container .tab', { hasText: 'Preview:' });
    const video = webviewFrame(page).locator('#video');
    const converting = webviewFrame(page).locator('#converting');
    const rows: Record<string, number[]> = { command: [], tab: [], progress: [], conversion: [], firstFrame: [], playing: [], total: [] };
    for (let run = -1; run < RUNS; run++) {
      fs.rmSync(path.join(workspace, 'mba.mp4'), { force: true });
      if ((await tab.count()) > 0) await runCommand(page, 'View: Close All Editors');
      await poll('no preview tab', async () => (await tab.count()) === 0);
      const beforeMenu = Date.now();
      // Returns right after the menu entry is chosen (Enter): that is the click.
      await explorerContextMenu(page, 'mba', 'Convert Folder to Video');
      const clicked = Date.now();
      await poll('the preview tab', async () => (await tab.count()) > 0, 300_000, 25);
      const tabShown = Date.now();
      // The panel opens as the conversion starts: its webview loads and shows the progress
      // while the container works (or, at once, the video if the conversion was quicker).
      await poll(
        'the webview showing the conversion or the video',
        async () => (await converting.count()) + (await video.count()) > 0,
        60_000,
        25,
      );
      const webviewShown = Date.now();
      const state = (v: VideoLike) => ({ readyState: v.readyState, paused: v.paused, currentTime: v.currentTime });
      await poll('the first frame', async () => (await video.evaluate(state, undefined, { timeout: 1000 })).readyState >= 2, 60_000, 25);
      const firstFrame = Date.now();
      await poll(
        'the video playing',
        async () => {
          const s = await video.evaluate(state, undefined, { timeout: 1000 });
          return !s.paused && s.currentTime > 0;
        },
        60_000,
        25,
      );
      const playing = Date.now();
      const log = findLog(path.dirname(server.logFile));
      assert.ok(log, 'the extension wrote its log file');
      // The log service writes its file a moment after the line: wait for both lines.
      const { commandStarted, written, containerAsked, converterStarted } = await poll(
        'the log lines of this run',
        () => {
          const commandStarted = logTime(log, /^Converting .* at \d+ fps$/, beforeMenu);
          const written = logTime(log, /^Wrote .*mba\.mp4/, beforeMenu);
          // Inside the conversion: the image check and listing end, the converter's first line.
          const containerAsked = logTime(log, /^Starting the converter/, beforeMenu);
          const converterStarted = logTime(log, /^The converter started/, beforeMenu);
          return commandStarted !== undefined && written !== undefined && { commandStarted, written, containerAsked, converterStarted };
        },
        20_000,
        100,
      );
      const inside =
        containerAsked !== undefined && converterStarted !== undefined
          ? ` [image check ${containerAsked - commandStarted} ms, container create + start + Python to its first line ${converterStarted - containerAsked} ms, first line → written ${written - converterStarted} ms]`
          : '';
      const line = `run ${run + 1}: click → command ${commandStarted - clicked} ms, command → preview tab ${tabShown - commandStarted} ms, tab → webview showing progress ${webviewShown - tabShown} ms; conversion (command → video written) ${written - commandStarted} ms${inside}, written → first frame ${firstFrame - written} ms, → playing ${playing - firstFrame} ms; total ${playing - clicked} ms`;
      process.stdout.write(`# ${run < 0 ? 'warm-up, not counted: ' : ''}${line}\n`);
      if (run < 0) continue;
      rows.command.push(commandStarted - clicked);
      rows.tab.push(tabShown - commandStarted);
      rows.progress.push(webviewShown - tabShown);
      rows.conversion.push(written - commandStarted);
      rows.firstFrame.push(firstFrame - written);
      rows.playing.push(playing - firstFrame);
      rows.total.push(playing - clicked);
    }
    process.stdout.write(
      `# medians of ${RUNS}: click → command starts ${median(rows.command)} ms; command → preview tab ${median(rows.tab)} ms; tab → webview showing progress ${median(rows.progress)} ms (both inside the conversion now); conversion (image check, container, ffmpeg) ${median(rows.conversion)} ms; video written → first frame ${median(rows.firstFrame)} ms; → playing ${median(rows.playing)} ms; click → playing ${median(rows.total)} ms\n`,
    );
    assert.equal(rows.total.length, RUNS, 'every run played');
  });
});
