/**
 * Compose in a real VS Code, with Debian's docker-compose 1.29 on the test engine: Compose
 * Up from the compose file's Explorer context menu brings up a two-service project made of
 * a local base image (no pulls); the Containers view shows it as a project node with its
 * services under it, named by service; Compose Down from the project node's context menu
 * (keeping volumes) removes its containers from the engine and the node from the view.
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
  poll,
  rowContextMenu,
  screenshot,
  treeRows,
  viewPane,
  type Workbench,
} from './harness/workbench';
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

  it('Compose Up from the Explorer, the project node with its services, Compose Down from the node removes them', async () => {
    const page = workbench!.page;
    await explorerContextMenu(page, 'compose.yaml', 'Compose Up');
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
    const node = viewPane(page, 'Containers').locator(`.monaco-list-row[aria-label^="${project}, compose project"]`);
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
