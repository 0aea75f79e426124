/**
 * The article's last steps in the real VS Code, on a real password registry (Debian's
 * docker-registry with htpasswd on 127.0.0.1): tag an image from the Images view for the
 * registry, push it (the registry refuses, the notification offers Log In…, the login is
 * checked and the push retried), see it in the Registries view down to its tag, remove the
 * local copy and pull it back from the tag's context menu. Then no file the server wrote
 * (its log, the extension host's, the output channel's) holds the password.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { buildFolder, realEngine } from '../support/realEngine';
import type { TestRegistry } from '../support/registry';
import { loggedInWithoutLeaking, pushWithLogIn, startPasswordRegistry } from './harness/registrySteps';
import {
  makeWorkspace,
  openActivityBarContainer,
  openWorkbench,
  poll,
  rowContextMenu,
  screenshot,
  treeRows,
  typeIntoQuickInput,
  viewPane,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

describe('Tag, push, log in, see it in the Registries view, pull it back', () => {
  let engine: ContainerEngine;
  let registry: TestRegistry;
  let password: string;
  let server: VSCodeServer;
  let workbench: Workbench;
  // Sorts first among the images, so its row is on screen.
  const repository = `aaa-cw-e2e-registry-${process.pid}`;
  let target: string;

  before(async () => {
    engine = await realEngine();
    ({ registry, password } = await startPasswordRegistry());
    target = `${registry.address}/you/${repository}:e2e`;
    // A tiny image (one file on scratch), so the push and the pull are quick on a busy machine.
    const context = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-registry-image-'));
    fs.writeFileSync(path.join(context, 'hello.txt'), `made by ${repository}\n`);
    fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /\n');
    await buildFolder(engine, context, `${repository}:latest`);
    fs.rmSync(context, { recursive: true, force: true });
    server = await startVSCodeServer();
    workbench = await openWorkbench(server, { folder: makeWorkspace('registry') });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await registry?.remove();
    for (const ref of [`${repository}:latest`, target]) {
      await engine.removeImage(ref, { force: true }).catch(() => undefined);
    }
  });

  it('pushes after Log In…, lists the tag and pulls it back from there, and logs no password', async () => {
    const page = workbench.page;
    await openActivityBarContainer(page, 'Container Workflows');
    const imageRow = viewPane(page, 'Images').locator('.monaco-list-row', { hasText: repository }).first();

    await rowContextMenu(page, imageRow, 'Tag Image…');
    await typeIntoQuickInput(page, 'New reference', target);
    await poll('the new tag on the engine', async () => ((await engine.inspectImage(target)) ? true : undefined), 30_000);

    await rowContextMenu(page, imageRow, 'Push Image…');
    const pushed = await pushWithLogIn(page, server, target, password, 120_000);
    assert.ok(pushed.includes(target), pushed);

    // The Registries view: the registry, its repository, the tag.
    const registries = viewPane(page, 'Registries');
    await registries.locator('.monaco-list-row', { hasText: registry.address }).first().click();
    await registries
      .locator('.monaco-list-row', { hasText: `you/${repository}` })
      .first()
      .click();
    const tagRow = registries.locator('.monaco-list-row', { hasText: /^e2e$/ }).first();
    await tagRow.waitFor({ timeout: 30_000 });
    const rows = await treeRows(page, 'Registries');
    assert.ok(
      // A tag row's accessible name is its tooltip, the full reference.
      rows.some((r) => r.label.startsWith(registry.address) && r.level === 1) &&
        rows.some((r) => r.label.startsWith(target) && r.level === 3),
      JSON.stringify(rows),
    );

    await engine.removeImage(target);
    assert.equal(await engine.inspectImage(target), undefined);
    await rowContextMenu(page, tagRow, 'Pull Image…');
    await poll('the image pulled back', async () => ((await engine.inspectImage(target)) ? true : undefined), 120_000);
    await screenshot(page, 'registry-pulled-back');

    // The output channel said who logged in where, and nothing the server wrote holds the password.
    assert.deepEqual(await loggedInWithoutLeaking(server, registry, password), []);
  });
});
