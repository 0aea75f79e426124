/**
 * The README's pictures, taken from the real VS Code (scripts/readme-screenshots.sh shrinks
 * them into media/readme/): the run form of an image that declares a port and a volume, seeded
 * with both; the sidebar with a running container and its image. The preview playing is taken
 * by walkthrough.test.ts, which gets there by the walkthrough's own buttons.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { buildFolder, realEngine, removeTestContainers, testLabels, testRunId } from '../support/realEngine';
import {
  hideSecondarySideBar,
  makeWorkspace,
  openActivityBarContainer,
  openWorkbench,
  pick,
  poll,
  quickPickRows,
  readmeScreenshot,
  runCommand,
  viewPane,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

const IDLE = "trap 'exit 0' TERM; while :; do sleep 0.2; done";

describe('README screenshots from a real VS Code', () => {
  let engine: ContainerEngine;
  let server: VSCodeServer;
  let workbench: Workbench;
  const tag = `cw-readme-greet:${process.pid}`;
  const name = `cw-readme-web-${testRunId}`;

  before(async () => {
    engine = await realEngine();
    const context = makeWorkspace('readme-image', {
      Dockerfile: 'FROM debian:bookworm-slim\nEXPOSE 7860\nVOLUME /output\nENV OUTPUT_DIR=/output\nCMD ["sleep", "infinity"]\n',
    });
    await buildFolder(engine, context, tag);
    await engine.run({ image: tag, name, args: ['sh', '-c', IDLE], labels: testLabels });
    server = await startVSCodeServer();
    workbench = await openWorkbench(server, { folder: makeWorkspace('readme') });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await removeTestContainers(engine);
    await engine.removeImage(tag, { force: true }).catch(() => undefined);
  });

  it('the run form, seeded with the port and the volume the image declares', async () => {
    const page = workbench.page;
    await hideSecondarySideBar(page);
    await runCommand(page, 'Container Workflows: Run Image…');
    await pick(page, tag);
    const rows = await poll(
      'the run form with the port and the volume',
      async () => {
        const shown = await quickPickRows(page);
        return shown.some((r) => r.includes('7860/tcp →')) && shown.some((r) => r.includes('/output')) ? shown : undefined;
      },
      30_000,
    );
    assert.ok(
      rows.some((r) => /7860\/tcp → localhost:\d+/.test(r)),
      `a port row in ${JSON.stringify(rows)}`,
    );
    await readmeScreenshot(page, 'run-form');
    await page.keyboard.press('Escape');
  });

  it('the sidebar with the running container and its image', async () => {
    const page = workbench.page;
    await openActivityBarContainer(page, 'Container Workflows');
    // Only this extension's containers (the test's carry its owner label): others share the engine.
    await runCommand(page, 'Containers: Show Only Containers Started by Container Workflows');
    const container = viewPane(page, 'Containers').locator(`.monaco-list-row[aria-label^="${name},"]`);
    await container.waitFor({ timeout: 60_000 });
    const image = viewPane(page, 'Images')
      .locator('.monaco-list-row', { hasText: tag.split(':')[0] })
      .first();
    await image.waitFor({ timeout: 60_000 });
    assert.match((await container.getAttribute('aria-label')) ?? '', / · Up /);
    await readmeScreenshot(page, 'sidebar');
  });
});
