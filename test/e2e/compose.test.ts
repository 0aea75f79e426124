/**
 * Compose in a real VS Code, with Debian's docker-compose 1.29 on the test engine. An
 * invalid compose file opened from the Explorer shows its Problem on its line. Compose Up…
 * from the compose file's Explorer context menu, with one of the two services (local base
 * image, no pulls) unticked, runs only the other; the Containers view shows it under a
 * project node, which Stop and Start stop and start; a second Up… offers last time's choice,
 * and with both ticked brings both up, each row named by service; Compose Down from the
 * project node's context menu (keeping volumes) removes its containers and the node.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMPOSE_LABELS } from '../../src/compose/composeProjects';
import type { ContainerEngine } from '../../src/engine/engine';
import { projectResources, uniqueProjectName } from '../support/composeRig';
import { TEST_RUN_LABEL, realEngine, testRunId } from '../support/realEngine';
import {
  clickDialogButton,
  explorerContextMenu,
  makeWorkspace,
  openActivityBarContainer,
  openWorkbench,
  quickPickRows,
  runCommand,
  poll,
  rowContextMenu,
  screenshot,
  treeRows,
  viewPane,
  waitForQuickInputPrompt,
  withDiagnostics,
  type Workbench,
} from './harness/workbench';
import type { Page } from 'playwright-core';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

const service = (name: string) => `  ${name}:
    image: debian:bookworm-slim
    init: true
    command: ["sh", "-c", "echo ${name} ready; while true; do sleep 1; done"]
    labels: { ${TEST_RUN_LABEL}: "${testRunId}" }
`;

/** The rows under the project node (level 2, until the next level-1 row), or undefined while the node is not shown. */
async function projectRows(workbench: Workbench, project: string): Promise<string[] | undefined> {
  const rows = await treeRows(workbench.page, 'Containers');
  const at = rows.findIndex((r) => r.level === 1 && r.label.startsWith(`${project}, compose project`));
  if (at < 0) return undefined;
  const end = rows.findIndex((r, i) => i > at && r.level === 1);
  return rows.slice(at + 1, end < 0 ? undefined : end).map((r) => r.label);
}

/** The quick pick row of a service, by its accessible name ("web, debian:bookworm-slim"). */
function serviceRow(page: Page, service: string) {
  return page.locator(`.quick-input-widget .quick-input-list .monaco-list-row[aria-label^="${service},"]`).first();
}

/** Whether the row is ticked: the list says so on the row (aria-checked), as a screen reader reads it. */
async function isTicked(page: Page, service: string): Promise<boolean> {
  const row = serviceRow(page, service);
  const aria = await row.getAttribute('aria-checked', { timeout: 10_000 });
  if (aria !== null) return aria === 'true';
  return row.locator('input[type="checkbox"]').first().isChecked();
}

/** Ticks or unticks a service in the multi-select quick pick, until it shows the wanted state. */
async function setTicked(page: Page, service: string, ticked: boolean): Promise<void> {
  await poll(
    `${service} ${ticked ? 'ticked' : 'unticked'}`,
    async () => {
      if ((await isTicked(page, service)) === ticked) return true;
      await serviceRow(page, service).locator('.monaco-checkbox, [role="checkbox"], input[type="checkbox"]').first().click();
      return false;
    },
    20_000,
    300,
  );
}

/**
 * The Explorer in the side bar, where the Container Workflows view container may be. By its
 * command, which only ever shows it: clicking the active container's icon would hide the bar.
 */
async function showExplorer(page: Page): Promise<void> {
  if (await page.locator('.explorer-folders-view').isVisible()) return;
  await runCommand(page, 'View: Show Explorer');
  await page.locator('.explorer-folders-view').waitFor({ timeout: 30_000 });
}

/** Compose Up… from the Explorer: the services step, each service ticked as wanted, accepted. */
async function upFromExplorer(page: Page, wanted: Record<string, boolean>, expectTicked: Record<string, boolean>): Promise<void> {
  await showExplorer(page);
  await explorerContextMenu(page, 'compose.yaml', 'Compose Up…');
  await waitForQuickInputPrompt(page, 'Compose Up: services of compose.yaml');
  await withDiagnostics(page, 'the services ticked as wanted', async () => {
    const rows = await quickPickRows(page);
    assert.equal(rows.length, 2, rows.join(' | '));
    for (const [name, ticked] of Object.entries(expectTicked))
      assert.equal(await isTicked(page, name), ticked, `${name} offered ticked: ${ticked}`);
    for (const [name, ticked] of Object.entries(wanted)) await setTicked(page, name, ticked);
  });
  await page.locator('.quick-input-widget input').press('Enter');
}

describe('Compose in a real VS Code', () => {
  let engine: ContainerEngine;
  let server: VSCodeServer;
  let workbench: Workbench | undefined;
  // Sorts first among the engine's compose projects; the .env names the project, as a person would.
  const project = uniqueProjectName('e2e');

  before(async () => {
    engine = await realEngine();
    server = await startVSCodeServer();
    const folder = makeWorkspace('compose', {
      'compose.yaml': `services:\n${service('web')}${service('worker')}`,
      '.env': `COMPOSE_PROJECT_NAME=${project}\n`,
      // A key compose does not know, on line 4: `compose config` names it, the Problem lands there.
      'broken.compose.yml': 'services:\n  web:\n    image: debian:bookworm-slim\n    portz: ["80"]\n',
    });
    workbench = await openWorkbench(server, { folder });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    if (engine) await projectResources(engine).removeProject(project);
  });

  const containersOfProject = async () =>
    (await engine.listContainers({ all: true, label: `${COMPOSE_LABELS.project}=${project}` })).map((c) => c.name).sort();

  it('an invalid compose file opened from the Explorer shows a Problem on the line compose names', async () => {
    const page = workbench!.page;
    await showExplorer(page);
    const row = page.locator('.explorer-folders-view .monaco-list-row', {
      has: page.locator('.label-name', { hasText: 'broken.compose.yml' }),
    });
    await row.first().click();
    await runCommand(page, 'Focus Problems (Errors, Warnings, Infos)');
    const problems = page.locator('.markers-panel .monaco-list-row');
    const problem = await poll(
      'the unknown key in the Problems panel',
      async () => (await problems.allInnerTexts()).find((t) => /portz/.test(t)),
      90_000,
    );
    assert.match(problem, /Ln 4\b/, problem);
    await screenshot(page, 'compose-problem');
  });

  it('Compose Up… with one service ticked runs only it; Stop and Start from the project node; Up… again with both; Down from the node', async () => {
    const page = workbench!.page;
    await upFromExplorer(page, { worker: false }, { web: true, worker: true });
    await poll(
      'web running on the engine',
      async () => (await engine.listContainers({ all: false, label: `${COMPOSE_LABELS.project}=${project}` })).length === 1,
      120_000,
    );
    assert.deepEqual(await containersOfProject(), [`${project}_web_1`], 'only the ticked service was created');

    await openActivityBarContainer(page, 'Container Workflows');
    const node = viewPane(page, 'Containers').locator(`.monaco-list-row[aria-label^="${project}, compose project"]`);
    await poll('the project node with web', async () => (await projectRows(workbench!, project))?.length === 1, 60_000);
    assert.match((await node.getAttribute('aria-label')) ?? '', /1\/1 running/);

    await rowContextMenu(page, node, 'Compose Stop');
    await poll(
      'web stopped on the engine',
      async () => (await engine.listContainers({ all: false, label: `${COMPOSE_LABELS.project}=${project}` })).length === 0,
      120_000,
    );
    await poll('the node to say 0/1 running', async () => /0\/1 running/.test((await node.getAttribute('aria-label')) ?? ''), 60_000);
    assert.deepEqual(await containersOfProject(), [`${project}_web_1`], 'Stop keeps the container');

    await rowContextMenu(page, node, 'Compose Start');
    await poll(
      'web running again',
      async () => (await engine.listContainers({ all: false, label: `${COMPOSE_LABELS.project}=${project}` })).length === 1,
      120_000,
    );
    await poll('the node to say 1/1 running', async () => /1\/1 running/.test((await node.getAttribute('aria-label')) ?? ''), 60_000);

    // Last time's choice is offered again (worker unticked); ticking it brings both up.
    await upFromExplorer(page, { worker: true }, { web: true, worker: false });
    const names = await poll(
      'both services running on the engine',
      async () => {
        const list = await engine.listContainers({ all: false, label: `${COMPOSE_LABELS.project}=${project}` });
        return list.length === 2 ? list.map((c) => c.name).sort() : undefined;
      },
      120_000,
    );
    assert.deepEqual(names, [`${project}_web_1`, `${project}_worker_1`]);

    await openActivityBarContainer(page, 'Container Workflows');
    const rows = await poll(
      'the project node with its two services',
      async () => {
        const under = await projectRows(workbench!, project);
        return under?.length === 2 ? under : undefined;
      },
      60_000,
    );
    assert.match(rows[0], /^web, debian:bookworm-slim · Up /);
    assert.match(rows[1], /^worker, debian:bookworm-slim · Up /);
    assert.match((await node.getAttribute('aria-label')) ?? '', /2\/2 running/);
    await screenshot(page, 'compose-project-up');

    await rowContextMenu(page, node, 'Compose Down…');
    const question = await clickDialogButton(page, 'Keep Volumes');
    assert.match(question, /Compose Down project /);
    await poll('the engine to have no container of the project', async () => (await containersOfProject()).length === 0, 120_000);
    await poll('the project node gone from the view', async () => (await projectRows(workbench!, project)) === undefined, 60_000);
    await screenshot(page, 'compose-project-down');
  });
});
