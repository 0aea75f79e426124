/**
 * The extension in a real VS Code: it activates, the status bar names the real engine's
 * version, and with the engine unreachable it says so and recovers on retry once the
 * engine answers. The "unreachable engine" is a test-owned socket proxy in front of the
 * real engine, so no engine is ever stopped or changed by this test.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { realEngine } from '../support/realEngine';
import { EngineSocketProxy, engineSocketPath, makeStaleSocket } from '../support/socketProxy';
import { engineStatusItem, makeWorkspace, openWorkbench, screenshot, waitForEngineStatus, type Workbench } from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

describe('engine status in a real VS Code', () => {
  let server: VSCodeServer;
  let workbench: Workbench | undefined;
  let expectedVersion: string;

  before(async () => {
    expectedVersion = (await (await realEngine()).version()).version;
    server = await startVSCodeServer();
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
  });

  it('activates and names the real engine version in the status bar', async () => {
    workbench = await openWorkbench(server, { folder: makeWorkspace('status') });
    const text = await waitForEngineStatus(workbench.page, /Docker \d/);
    assert.match(text, new RegExp(`Docker ${escapeRegExp(expectedVersion)}`));
    await screenshot(workbench.page, 'engine-status-connected');
    await workbench.close();
    workbench = undefined;
  });

  it('tells a missing engine from a stopped one, and recovers on retry once it answers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-proxy-'));
    const proxy = new EngineSocketProxy(path.join(dir, 'engine.sock'), engineSocketPath());
    fs.writeFileSync(server.machineSettingsFile, JSON.stringify({ 'containerWorkflows.engine.host': `unix://${proxy.socketPath}` }));
    try {
      workbench = await openWorkbench(server, { folder: makeWorkspace('unreachable') });
      const page = workbench.page;
      await waitForEngineStatus(page, /No engine/);
      await screenshot(page, 'engine-status-unreachable');

      // A socket file with nothing behind it: installed, but not running.
      await makeStaleSocket(proxy.socketPath);
      await engineStatusItem(page).click();
      await waitForEngineStatus(page, /Engine not running/, 30_000);

      // The engine answers again: one click on the item reconnects.
      await proxy.start();
      await engineStatusItem(page).click();
      const text = await waitForEngineStatus(page, /Docker \d/, 30_000);
      assert.match(text, new RegExp(escapeRegExp(expectedVersion)));
      await screenshot(page, 'engine-status-recovered');
    } finally {
      await proxy.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
