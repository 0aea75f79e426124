/**
 * An untrusted workspace in a real VS Code, with Workspace Trust on: the folder opens in
 * Restricted Mode, and its settings try to swap the bundled `greet` for their own files
 * and to send videos elsewhere. Gated commands refuse, saying why, with "Manage Workspace
 * Trust"; Add Docker Files writes the bundled greet; the restricted settings' workspace
 * values are not applied.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { templatesDir } from '../support/realEngine';
import {
  clickNotificationButton,
  explorerContextMenu,
  makeWorkspace,
  openWorkbench,
  pick,
  poll,
  quickPickRows,
  runCommand,
  screenshot,
  waitForNotification,
  waitForQuickInputPrompt,
  withDiagnostics,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

/** A template that claims the bundled id `greet`, with files of its own. */
function hostileGreet(marker: string): Record<string, string> {
  return {
    'greet/template.json': JSON.stringify({
      id: 'greet',
      name: 'Greet: hello world',
      description: 'Looks like the bundled one.',
      family: 'greet',
      files: ['Dockerfile', 'payload.sh'],
      dockerfile: 'Dockerfile',
    }),
    'greet/Dockerfile': `FROM busybox\n# ${marker}\nCOPY payload.sh /\nRUN sh /payload.sh\n`,
    'greet/payload.sh': `echo ${marker}\n`,
  };
}

function prefixed(prefix: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([rel, text]) => [`${prefix}/${rel}`, text]));
}

describe('Restricted Mode: an untrusted workspace in a real VS Code', () => {
  let server: VSCodeServer;
  let workbench: Workbench;
  let workspace: string;
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-restricted-output-'));
  const hostileOutput = path.join(elsewhere, 'stolen', '${folderName}.mp4');

  before(async () => {
    workspace = makeWorkspace('restricted', {
      // The repository's own settings: both are restricted configurations.
      '.vscode/settings.json': JSON.stringify(
        { 'containerWorkflows.templates.path': ['.repo-templates'], 'containerWorkflows.img2vid.output': hostileOutput },
        null,
        2,
      ),
      ...prefixed('.repo-templates', hostileGreet('FROM-THE-WORKSPACE-SETTING')),
      // Reached through the person's own, relative, template path: inside this repository.
      ...prefixed('.user-templates', hostileGreet('FROM-A-RELATIVE-USER-PATH')),
      'images/a.png': 'not really an image: converting must not even start\n',
    });
    server = await startVSCodeServer({
      workspaceTrust: 'untrusted',
      machineSettings: { 'containerWorkflows.templates.path': ['.user-templates'] },
    });
    workbench = await openWorkbench(server, { folder: workspace });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  it('the folder opens in Restricted Mode', async () => {
    const page = workbench.page;
    const status = page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first();
    await withDiagnostics(page, 'the Restricted Mode status bar item', () => status.waitFor({ timeout: 60_000 }));
    const banner = await poll('the Restricted Mode banner', () =>
      page
        .locator('.banner')
        .innerText({ timeout: 1000 })
        .then((t) => (/Restricted Mode/.test(t) ? t : undefined)),
    );
    assert.match(banner, /Restricted Mode is intended for safe code browsing/);
  });

  it('Convert Folder to Video on a folder refuses, saying why, and Manage Workspace Trust opens the trust editor', async () => {
    const page = workbench.page;
    await explorerContextMenu(page, 'images', 'Convert Folder to Video');
    const message = await waitForNotification(page, /Converting runs a container over this folder/);
    assert.match(message, /needs a trusted workspace\. This folder is open in Restricted Mode\./);
    await screenshot(page, 'restricted-mode-convert-refused');
    await clickNotificationButton(page, /Converting runs a container over this folder/, 'Manage Workspace Trust');
    // The trust editor opens as a modal editor over the workbench.
    const trustEditor = page.locator('.workspace-trust-editor', { hasText: 'You are in Restricted Mode' }).first();
    await withDiagnostics(page, 'the Workspace Trust editor', () => trustEditor.waitFor({ timeout: 30_000 }));
    await screenshot(page, 'restricted-mode-trust-editor');
    await page.keyboard.press('Escape');
    await withDiagnostics(page, 'the Workspace Trust editor to close', () => trustEditor.waitFor({ state: 'hidden', timeout: 10_000 }));
    assert.ok(!fs.existsSync(path.join(workspace, 'images.mp4')), 'no video next to the folder');
    assert.ok(!fs.existsSync(path.join(elsewhere, 'stolen')), 'nothing where the workspace setting pointed');
  });

  it('Build Image… is in the Command Palette and refuses, saying why, with Manage Workspace Trust', async () => {
    const page = workbench.page;
    await runCommand(page, 'Container Workflows: Build Image…');
    const message = await waitForNotification(page, /Building an image runs the Dockerfile's commands/);
    assert.match(message, /needs a trusted workspace/);
    const item = page.locator('.notifications-center .notification-list-item', { hasText: /Building an image/ }).first();
    assert.equal(
      await item.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).count(),
      1,
      'the notification offers Manage Workspace Trust',
    );
    assert.equal(
      await page.locator('.quick-input-widget .quick-input-title', { hasText: /Dockerfile/ }).isVisible(),
      false,
      'no Dockerfile was asked for',
    );
  });

  it('Add Docker Files offers only the bundled templates, says so, and writes the bundled greet', async () => {
    const page = workbench.page;
    await runCommand(page, 'Container Workflows: Add Docker Files to Workspace…');
    await waitForQuickInputPrompt(page, 'Restricted Mode: bundled templates only');
    const rows = await quickPickRows(page);
    assert.ok(
      rows.some((r) => r.includes('Manage Workspace Trust…')),
      `a row leads to trust: ${rows.join(' | ')}`,
    );
    assert.ok(!rows.some((r) => r.includes('(yours)')), `no template of the workspace's: ${rows.join(' | ')}`);
    await screenshot(page, 'restricted-mode-template-picker');
    await pick(page, 'Greet: hello world');
    await pick(page, path.basename(workspace));
    await poll(
      'the Dockerfile editor',
      () =>
        page
          .locator('.tabs-container .tab', { hasText: 'Dockerfile' })
          .count()
          .then((n) => n > 0),
      30_000,
    );

    const bundled = JSON.parse(fs.readFileSync(path.join(templatesDir, 'greet', 'template.json'), 'utf8')) as { files: string[] };
    for (const file of bundled.files) {
      const written = path.join(workspace, file);
      await poll(`${file} written`, () => fs.existsSync(written));
      assert.equal(
        fs.readFileSync(written, 'utf8'),
        fs.readFileSync(path.join(templatesDir, 'greet', file), 'utf8'),
        `${file} is the bundled one`,
      );
    }
    assert.ok(!fs.existsSync(path.join(workspace, 'payload.sh')), "none of the workspace template's files");
    await screenshot(page, 'restricted-mode-bundled-greet');
  });

  it('the workspace values of the restricted settings are not applied', async () => {
    const page = workbench.page;
    await runCommand(page, 'Preferences: Open Workspace Settings');
    // The Workspace tab marks a restricted setting whose workspace value is not applied.
    await withDiagnostics(page, 'the Settings editor', () =>
      page
        .locator('.settings-editor .settings-tabs-widget .action-label.checked', { hasText: 'Workspace' })
        .first()
        .waitFor({ timeout: 30_000 }),
    );
    await page.keyboard.type('containerWorkflows');
    for (const title of ['Templates: Path', 'Img2vid: Output']) {
      const row = page
        .locator('.settings-editor .setting-item-contents', { has: page.locator('.setting-item-title', { hasText: title }) })
        .first();
      const indicator = row.locator('.setting-item-workspace-trust');
      await withDiagnostics(page, `${title}: "Requires workspace trust"`, () =>
        poll(`${title} marked as not applied`, () => indicator.isVisible(), 30_000),
      );
      assert.match(await indicator.innerText(), /Requires workspace trust/);
    }
    await screenshot(page, 'restricted-mode-settings');
  });
});
