/**
 * The Containers sidebar in a real VS Code: a container the test starts shows in the
 * Running group; "Stop" from its context menu stops it on the engine and the row moves
 * to the Stopped group (through the engine's events). Screenshots are kept.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { realEngine, removeTestContainers, testLabels, testRunId } from '../support/realEngine';
import { makeWorkspace, openActivityBarContainer, openWorkbench, poll, rowContextMenu, runCommand, screenshot, treeRows, viewPane, type Workbench } from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

/** Exits at once on SIGTERM, so Stop does not wait the engine's 10 s grace period. */
const IDLE = "trap 'exit 0' TERM; while :; do sleep 0.2; done";

/** The group row (level 1) above the row whose label starts with `name`, or undefined when the row is not shown. */
async function groupOf(workbench: Workbench, name: string): Promise<string | undefined> {
  let group: string | undefined;
  for (const row of await treeRows(workbench.page, 'Containers')) {
    if (row.level === 1) group = row.label;
    else if (row.label.startsWith(`${name},`)) return group;
  }
  return undefined;
}

describe('Containers sidebar in a real VS Code', () => {
  let engine: ContainerEngine;
  let server: VSCodeServer;
  let workbench: Workbench | undefined;
  // Sorts before the other test files' containers, so the row is on screen.
  const name = `cw-e2e-sidebar-${testRunId}`;
  let containerId: string;

  before(async () => {
    engine = await realEngine();
    containerId = await engine.run({ image: 'debian:bookworm-slim', name, args: ['sh', '-c', IDLE], labels: testLabels });
    server = await startVSCodeServer();
    workbench = await openWorkbench(server, { folder: makeWorkspace('sidebar') });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await removeTestContainers(engine);
  });

  it('shows the running container, and Stop from its context menu moves it to Stopped', async () => {
    const page = workbench!.page;
    await openActivityBarContainer(page, 'Container Workflows');
    // Only this extension's containers (the test's carry its owner label): fewer rows, and the toggle is exercised.
    await runCommand(page, 'Containers: Show Only Containers Started by Container Workflows');
    await poll('the view to say it shows only containers started here', async () => (await viewPane(page, 'Containers').locator('.pane-header').innerText({ timeout: 1000 })).includes('started here'), 30_000);

    const group = await poll('the container in the Running group', async () => (await groupOf(workbench!, name)) ?? false, 60_000);
    assert.match(group, /^Running/);
    const row = viewPane(page, 'Containers').locator(`.monaco-list-row[aria-label^="${name},"]`);
    assert.match((await row.getAttribute('aria-label')) ?? '', /debian:bookworm-slim · Up /);
    await screenshot(page, 'sidebar-running');

    await rowContextMenu(page, row, 'Stop');
    await poll('the engine to report the container stopped', async () => (await engine.inspectContainer(containerId))?.state === 'exited', 30_000);
    const after = await poll('the row in the Stopped group', async () => {
      const g = await groupOf(workbench!, name);
      return g?.startsWith('Stopped') ? g : undefined;
    }, 30_000);
    assert.match(after, /^Stopped/);
    assert.match((await row.getAttribute('aria-label')) ?? '', /Exited \(0\)/);
    await screenshot(page, 'sidebar-stopped');
  });
});
