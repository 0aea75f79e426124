/**
 * Ports in the run form, in a real VS Code: an EXPOSEd port whose number is taken on the
 * host is seeded with the next free one; typing a taken port is refused with the reason;
 * once the container answers HTTP, VS Code offers to open it.
 */
import * as assert from 'node:assert/strict';

import * as net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { answersHttp } from '../../src/workflows/httpProbe';
import { realEngine } from '../support/realEngine';
import {
  makeWorkspace,
  openWorkbench,
  pick,
  poll,
  quickPickRows,
  runCommand,
  screenshot,
  typeIntoQuickInput,
  waitForNotification,
  waitForQuickInputPrompt,
  type Workbench,
} from './harness/workbench';
import { freePort, startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

describe('ports in the run form', () => {
  let server: VSCodeServer;
  let workbench: Workbench;
  let engine: ContainerEngine;
  let blocker: net.Server;
  let exposed: number;
  const tag = `cw-e2e-http:${process.pid}`;

  before(async () => {
    engine = await realEngine();
    exposed = await freePort();
    // Someone else holds the image's port on this machine.
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(exposed, '0.0.0.0', () => resolve()));
    const workspace = makeWorkspace('ports', {
      Dockerfile: `FROM python:3.11-slim\nEXPOSE ${exposed}\nCMD ["python", "-m", "http.server", "${exposed}"]\n`,
    });
    server = await startVSCodeServer();
    workbench = await openWorkbench(server, { folder: workspace });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    blocker?.close();
    for (const c of await engine.listContainers({ all: true })) {
      if (c.image === tag) await engine.remove(c.id, { force: true });
    }
    await engine.removeImage(tag, { force: true }).catch(() => undefined);
  });

  it('seeds the next free port, refuses a taken one, and offers the browser once it answers', async () => {
    const page = workbench.page;
    await runCommand(page, 'Container Workflows: Build Image…');
    await typeIntoQuickInput(page, 'Tag for the image', tag);
    // The build options form: build as the Dockerfile says.
    await pick(page, 'Build');
    await poll('the built image', () => engine.inspectImage(tag), 300_000, 1000);

    await runCommand(page, 'Container Workflows: Run Image…');
    await pick(page, tag);
    const portRow = await poll(
      'the run form with the exposed port',
      async () => (await quickPickRows(page)).find((r) => r.includes(`${exposed}/tcp →`)),
      30_000,
    );
    const seeded = Number(/localhost:(\d+)/.exec(portRow)![1]);
    assert.notEqual(seeded, exposed, 'the taken host port is not offered');
    assert.ok(seeded > exposed, `the next free port (${seeded}) after ${exposed}`);

    // Type the taken port: the input refuses it and says why.
    await pick(page, `${exposed}/tcp`);
    await waitForQuickInputPrompt(page, `Host port for container port ${exposed}/tcp`);
    const input = page.locator('.quick-input-widget input');
    await input.fill(String(exposed));
    const message = await poll(
      'the validation message',
      async () => {
        const text = await page
          .locator('.quick-input-widget .quick-input-message')
          .innerText()
          .catch(() => '');
        return /in use/.test(text) ? text : undefined;
      },
      10_000,
    );
    assert.match(message, new RegExp(`Port ${exposed} is in use on this machine`));
    await screenshot(page, 'run-form-port-refused');
    await input.fill(String(seeded));
    await input.press('Enter');

    await pick(page, 'Run', /Run(?! as)/);
    // "<name> answers on localhost:<port>." (the engine's host for a remote engine).
    const offer = await waitForNotification(page, /answers on \S+:\d+/, 120_000);
    assert.match(offer, new RegExp(`answers on localhost:${seeded}\\.`));
    assert.ok(await answersHttp(`http://127.0.0.1:${seeded}/`), 'the container answers on the host port');
    await screenshot(page, 'run-http-offer');
  });
});
