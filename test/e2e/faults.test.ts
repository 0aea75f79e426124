/**
 * The engine killed and started again, seen in a real VS Code: the extension talks to a
 * dockerd of this test's own (test/support/killableEngine.ts, through the machine setting
 * containerWorkflows.engine.host), which is SIGKILLed while a log terminal follows a
 * `--restart always` container. The status bar says the engine is away; once it runs
 * again, the status bar and the Containers view come back by themselves, and the terminal
 * follows the container the engine restarted. Then the engine hangs (a socket proxy of the
 * test's stops passing requests on): Inspect and Run Image… show a progress notification
 * whose Cancel ends them quietly, and left alone they end with "did not answer". Screenshots are kept. The
 * shared engine is only read from (the image is copied from it).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KillableEngine } from '../support/killableEngine';
import { realEngine, testRunId } from '../support/realEngine';
import { EngineSocketProxy } from '../support/socketProxy';
import {
  clickNotificationButton,
  makeWorkspace,
  notificationTexts,
  openActivityBarContainer,
  openWorkbench,
  poll,
  rowContextMenu,
  screenshot,
  terminalText,
  viewPane,
  waitForEngineStatus,
  waitForNotification,
  withDiagnostics,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

/** "run <uuid>" lines the container prints, one per start. */
async function runMarkers(page: Workbench['page']): Promise<string[]> {
  return [
    ...new Set(
      [...(await terminalText(page)).matchAll(/run ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/g)].map((m) => m[1]),
    ),
  ];
}

describe('faults in a real VS Code: its engine killed and started again', () => {
  let killable: KillableEngine;
  let server: VSCodeServer;
  let workbench: Workbench | undefined;
  const name = `cw-e2e-faults-${testRunId}`;

  before(async () => {
    await realEngine();
    killable = await KillableEngine.start(['debian:bookworm-slim']);
    execFileSync(
      'docker',
      [
        'run',
        '-d',
        '--name',
        name,
        '--restart',
        'always',
        '--network',
        'none',
        'debian:bookworm-slim',
        'sh',
        '-c',
        'echo "run $(cat /proc/sys/kernel/random/uuid)"; trap "exit 0" TERM; while :; do sleep 1; done',
      ],
      { env: { ...process.env, DOCKER_HOST: killable.host }, encoding: 'utf8' },
    );
    server = await startVSCodeServer({ machineSettings: { 'containerWorkflows.engine.host': killable.host } });
    workbench = await openWorkbench(server, { folder: makeWorkspace('faults') });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await killable?.dispose();
  });

  it('kill: the status bar says the engine is away; start: the status bar, the Containers view and the log terminal come back by themselves', async () => {
    const page = workbench!.page;
    await waitForEngineStatus(page, /Docker \d/);
    await openActivityBarContainer(page, 'Container Workflows');
    const row = viewPane(page, 'Containers').locator(`.monaco-list-row[aria-label^="${name},"]`);
    await row.waitFor({ timeout: 60_000 });
    await rowContextMenu(page, row, 'View Logs');
    const [first] = await withDiagnostics(page, 'the first run in the log terminal', () =>
      poll(
        "the first run's line in the terminal",
        async () => {
          const markers = await runMarkers(page);
          return markers.length === 1 ? markers : undefined;
        },
        60_000,
      ),
    );
    await screenshot(page, 'faults-following');

    await killable.kill();
    const away = await waitForEngineStatus(page, /Engine not running/, 60_000);
    assert.match(away, /Engine not running/);
    await poll('the terminal to say the engine stopped', async () => /engine stopped/.test(await terminalText(page)), 60_000);
    await poll('the container row to leave the view', async () => (await row.count()) === 0, 30_000);
    await screenshot(page, 'faults-engine-away');

    // Nobody clicks Retry from here on.
    await killable.startDaemon();
    const back = await waitForEngineStatus(page, /Docker \d/, 90_000);
    assert.match(back, /Docker \d/);
    await withDiagnostics(page, 'the row back in the Containers view', () => row.waitFor({ timeout: 60_000 }));
    assert.match((await row.getAttribute('aria-label')) ?? '', /Up /);
    const markers = await withDiagnostics(page, 'the restarted run in the log terminal', () =>
      poll(
        "the restarted container's line in the terminal",
        async () => {
          const found = await runMarkers(page);
          return found.length === 2 ? found : undefined;
        },
        90_000,
      ),
    );
    assert.equal(markers[0], first);
    assert.notEqual(markers[1], first, 'the new run, followed again');
    assert.match(await terminalText(page), /started again/);
    assert.doesNotMatch(await terminalText(page), /stopped following/);
    await screenshot(page, 'faults-recovered');
  });

  it('an engine that stops answering: Inspect and Run Image… offer Cancel in their progress notification, and left alone say the engine did not answer', async () => {
    await workbench?.close();
    workbench = undefined;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-hang-'));
    const proxy = new EngineSocketProxy(path.join(dir, 'engine.sock'), killable.socketPath);
    await proxy.start();
    try {
      fs.writeFileSync(server.machineSettingsFile, JSON.stringify({ 'containerWorkflows.engine.host': `unix://${proxy.socketPath}` }));
      workbench = await openWorkbench(server, { folder: makeWorkspace('hang') });
      const page = workbench.page;
      await waitForEngineStatus(page, /Docker \d/);
      await openActivityBarContainer(page, 'Container Workflows');
      const row = viewPane(page, 'Containers').locator(`.monaco-list-row[aria-label^="${name},"]`);
      const imageRow = viewPane(page, 'Images').locator('.monaco-list-row', { hasText: 'debian:bookworm-slim' }).first();
      await row.waitFor({ timeout: 60_000 });
      await imageRow.waitFor({ timeout: 60_000 });

      proxy.answering = false;
      const cancelQuietly = async (entryRow: typeof row, entry: string, waiting: RegExp, shot: string) => {
        await rowContextMenu(page, entryRow, entry);
        await withDiagnostics(page, `the progress notification of ${entry}`, () => waitForNotification(page, waiting, 30_000));
        await screenshot(page, shot);
        await clickNotificationButton(page, waiting, 'Cancel');
        await poll(
          `the progress notification of ${entry} to go`,
          async () => !(await notificationTexts(page)).some((t) => waiting.test(t)),
          30_000,
        );
        assert.ok(!(await notificationTexts(page)).some((t) => /Could not/.test(t)), `a cancelled ${entry} is quiet`);
      };
      await cancelQuietly(row, 'Inspect', new RegExp(`Inspecting ${name}: waiting for the engine`), 'faults-inspect-waiting');
      assert.equal(await page.locator('.tabs-container .tab', { hasText: `${name}.json` }).count(), 0, 'no inspect document opened');
      await cancelQuietly(imageRow, 'Run Image…', /Run debian:bookworm-slim: reading the image/, 'faults-run-waiting');
      // (The quick input may be open on the palette's "Show Notifications" line: look for the form's title.)
      assert.equal(
        await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Run debian:bookworm-slim' }).count(),
        0,
        'no run form',
      );

      // Left alone, the requests' deadline ends them, with what to do (both asked before
      // either ends: the first failure tells the views, and their rows give way to help).
      await rowContextMenu(page, row, 'Inspect');
      await rowContextMenu(page, imageRow, 'Run Image…');
      const inspectFailed = await withDiagnostics(page, 'the "did not answer" message of Inspect', () =>
        waitForNotification(page, /Could not inspect .*did not answer/, 90_000),
      );
      assert.match(inspectFailed, /restart it/);
      const runFailed = await withDiagnostics(page, 'the "did not answer" message of Run Image…', () =>
        waitForNotification(page, /Could not read the image debian:bookworm-slim: .*did not answer/, 90_000),
      );
      assert.match(runFailed, /restart it/);
      await screenshot(page, 'faults-did-not-answer');
    } finally {
      proxy.answering = true;
      await proxy.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
