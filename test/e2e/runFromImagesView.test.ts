/**
 * "Run Image…" the other way it is reached: from an image in the Images view. The run
 * form opens for that image (no image picker), and the run's output shows in a terminal.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { buildFolder, realEngine, templatesDir } from '../support/realEngine';
import {
  makeWorkspace,
  openActivityBarContainer,
  openWorkbench,
  pick,
  poll,
  quickPickRows,
  rowContextMenu,
  screenshot,
  terminalText,
  typeIntoQuickInput,
  viewPane,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

describe('Run Image… from the Images view', () => {
  let engine: ContainerEngine;
  let server: VSCodeServer;
  let workbench: Workbench;
  // Sorts first among the images, so its row is on screen.
  const repository = `aaa-cw-e2e-greet-args-${process.pid}`;
  const tag = `${repository}:latest`;

  before(async () => {
    engine = await realEngine();
    await buildFolder(engine, path.join(templatesDir, 'greet-args'), tag);
    server = await startVSCodeServer();
    workbench = await openWorkbench(server, { folder: makeWorkspace('images-view') });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    for (const c of await engine.listContainers({ all: true })) {
      if (c.image === tag) await engine.remove(c.id, { force: true });
    }
    await engine.removeImage(tag, { force: true }).catch(() => undefined);
  });

  it('opens the run form for the right-clicked image and runs it', async () => {
    const page = workbench.page;
    await openActivityBarContainer(page, 'Container Workflows');
    const row = viewPane(page, 'Images').locator('.monaco-list-row', { hasText: repository }).first();
    await rowContextMenu(page, row, 'Run Image…');

    const rows = await poll(
      'the run form of the image',
      async () => {
        const r = await quickPickRows(page);
        return r.some((x) => x.includes('Run') && x.includes(tag)) ? r : undefined;
      },
      30_000,
    );
    assert.ok(
      rows.some((r) => r.startsWith('Arguments') || r.includes('Arguments:')),
      `an Arguments row in ${JSON.stringify(rows)}`,
    );

    await pick(page, 'Arguments');
    await typeIntoQuickInput(page, 'Quote words with spaces', '"hi from the sidebar " 2');
    await pick(page, 'Run', /Run(?! as)/);
    const text = await poll(
      'the greeting in the terminal',
      async () => {
        const t = await terminalText(page);
        return /hi from the sidebar hi from the sidebar/.test(t) ? t : undefined;
      },
      60_000,
    );
    assert.match(text, /hi from the sidebar hi from the sidebar/);
    await screenshot(page, 'run-from-images-view');
  });
});
