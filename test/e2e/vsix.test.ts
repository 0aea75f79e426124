/**
 * The packaged extension: `npm run package` makes a .vsix, the VS Code server installs it
 * with --install-extension, and it activates there (no development path involved). The
 * package carries the listing's icon, the README's pictures and the walkthrough's pages and images.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { realEngine } from '../support/realEngine';
import { makeWorkspace, launchBrowser, poll, screenshot, waitForEngineStatus } from './harness/workbench';
import { installVsix, repoRoot, startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

describe('the packaged .vsix', () => {
  let server: VSCodeServer | undefined;
  const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-vsix-ext-'));

  after(async () => {
    await server?.stop();
    fs.rmSync(extensionsDir, { recursive: true, force: true });
    // The package script minifies dist/: put the development bundle back for the other tests.
    execFileSync('node', ['esbuild.js'], { cwd: repoRoot });
  });

  it('installs with --install-extension and activates in VS Code', async () => {
    execFileSync('npm', ['run', 'package', '--silent'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
    const vsix = path.join(repoRoot, 'dist', 'container-workflows.vsix');
    assert.ok(fs.existsSync(vsix), 'npm run package wrote the .vsix');

    const log = installVsix(vsix, extensionsDir);
    assert.match(log, /successfully installed/i);
    const installed = fs.readdirSync(extensionsDir).find((d) => d.startsWith('container-workflows.container-workflows-'));
    assert.ok(installed, `installed into ${extensionsDir}`);
    const listing = ['media/icon.png', 'media/readme/preview.png', 'media/readme/run-form.png', 'media/readme/sidebar.png'];
    const walkthroughMedia = fs.readdirSync(path.join(repoRoot, 'media', 'walkthrough')).map((f) => `media/walkthrough/${f}`);
    assert.ok(walkthroughMedia.length >= 12, 'a page and an image for each of the six steps');
    // The engine client's libraries are bundles of their own, loaded on first engine use (the status bar below needs them).
    for (const part of [
      'dist/extension.js',
      'dist/vendor/dockerode.js',
      'dist/vendor/tar-fs.js',
      'dist/webview.js',
      'dist/stats.js',
      'dist/cli.js',
      // Our own parts loaded on first use (esbuild.js LAZY): the engine adapter (the status bar below), every command.
      'dist/engine-adapter.js',
      'dist/command-table.js',
      'templates/img2vid/template.json',
      'media/preview.css',
      ...listing,
      ...walkthroughMedia,
    ]) {
      assert.ok(fs.existsSync(path.join(extensionsDir, installed, part)), `${part} is in the package`);
    }
    assert.ok(!fs.existsSync(path.join(extensionsDir, installed, 'src')), 'sources stay out of the package');
    // One converter: img2vid-gradio names it as shared in its manifest, the package carries it once.
    assert.ok(fs.existsSync(path.join(extensionsDir, installed, 'templates', 'img2vid', 'img2vid.py')));
    assert.ok(fs.existsSync(path.join(extensionsDir, installed, 'templates', 'img2vid-gradio', 'app.py')));
    assert.ok(
      !fs.existsSync(path.join(extensionsDir, installed, 'templates', 'img2vid-gradio', 'img2vid.py')),
      'no second copy of the converter',
    );

    server = await startVSCodeServer({ extensionsDir });
    const { context, userDataDir } = await launchBrowser();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${server.origin}/?folder=${encodeURIComponent(makeWorkspace('vsix'))}`);
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      const version = (await (await realEngine()).version()).version;
      const text = await waitForEngineStatus(page, /Docker \d/, 90_000);
      assert.ok(text.includes(version), `status bar "${text}" names ${version}`);
      await poll('no development-host title', async () => !(await page.title()).includes('Extension Development Host'));
      await screenshot(page, 'vsix-installed');
    } finally {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});
