/**
 * Live stats and networks in a real VS Code (issue 15): "Show Stats" on a container that
 * burns CPU shows a CPU figure above zero that moves; the Networks view shows the engine's
 * own networks marked and without Remove, a network created from it, and removes it after
 * asking; two containers run from the run form on a user network, the second finds the
 * first by the alias picked in the form. Everything the tests make is named as theirs and
 * removed afterwards. Screenshots are kept.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { createNetwork, inspectNetwork, removeNetwork } from '../../src/engine/networks/networks';
import { realEngine, removeTestContainers, testLabels, testRunId } from '../support/realEngine';
import {
  clickDialogButton,
  makeWorkspace,
  openWorkbench,
  pick,
  poll,
  rowContextMenu,
  quickPickRows,
  runCommand,
  screenshot,
  showOnlyViews,
  terminalText,
  typeIntoQuickInput,
  webviewFrame,
  withDiagnostics,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';
import { treeRow } from './fileTreeSteps';

const DEBIAN = 'debian:bookworm-slim';

/** The CPU figure of the stats panel, e.g. "42.5 % of 2 CPU", once one has arrived. */
async function cpuFigure(workbench: Workbench): Promise<string | undefined> {
  const text = await webviewFrame(workbench.page)
    .locator('section[data-chart="CPU"] .value')
    .innerText({ timeout: 1000 })
    .catch(() => '');
  return /^\d+(\.\d+)? %/.test(text) ? text : undefined;
}

/** In the run form (open for an image), edits a row by its label's start and answers its input box. */
async function editRow(workbench: Workbench, row: string, prompt: string, text: string): Promise<void> {
  await pick(workbench.page, row);
  await typeIntoQuickInput(workbench.page, prompt, text);
}

/**
 * In the run form, picks a network in its Network step. The form's own Network row can already name the network
 * (the form starts from the last run's choices), so the step is told by its "The default bridge" row first.
 */
async function pickNetwork(workbench: Workbench, network: string): Promise<void> {
  await pick(workbench.page, 'Network:');
  await poll('the Network step', async () => (await quickPickRows(workbench.page)).some((r) => r.includes('The default bridge')));
  await pick(workbench.page, network);
}

describe('Live stats and networks in a real VS Code', () => {
  let engine: ContainerEngine;
  let server: VSCodeServer;
  let workbench: Workbench;
  const short = testRunId.slice(0, 8).replace(/-/g, '');
  const burnerName = `aaa-cw-e2e-burn-${short}`;
  const createdNetwork = `aaa-cw-e2e-net-${short}`;
  const sharedNetwork = `aaa-cw-e2e-talk-${short}`;
  const serverName = `aaa-cw-e2e-server-${short}`;
  const clientName = `aaa-cw-e2e-client-${short}`;
  const alias = `backend${short}`;

  before(async () => {
    engine = await realEngine();
    server = await startVSCodeServer();
    workbench = await openWorkbench(server, { folder: makeWorkspace('stats-networks') });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await removeTestContainers(engine);
    // The run form's containers carry the extension's labels, not the test's: by their test-unique names.
    for (const name of [serverName, clientName]) await engine.remove(name, { force: true }).catch(() => undefined);
    for (const name of [createdNetwork, sharedNetwork]) await removeNetwork(engine.api, name).catch(() => undefined);
  });

  it("Show Stats on a container that burns CPU: the panel's CPU figure is above zero and moves", async () => {
    const page = workbench.page;
    const id = await engine.create({ image: DEBIAN, name: burnerName, args: ['sh', '-c', 'while :; do :; done'], labels: testLabels });
    await engine.start(id);
    try {
      await showOnlyViews(workbench.page, ['Containers']);
      const row = treeRow(page, 'Containers', new RegExp(`^${burnerName}$`));
      await withDiagnostics(page, 'the burning container in the Containers view', () => row.waitFor({ timeout: 60_000 }));
      await rowContextMenu(page, row, 'Show Stats');
      await withDiagnostics(page, 'the stats panel of the container', () =>
        page
          .locator('.tabs-container .tab', { hasText: `Stats: ${burnerName}` })
          .first()
          .waitFor({ timeout: 60_000 }),
      );

      const first = await withDiagnostics(page, 'a CPU figure in the stats panel', () =>
        poll(
          'a CPU figure above zero',
          async () => {
            const figure = await cpuFigure(workbench);
            return figure && parseFloat(figure) > 0 ? figure : undefined;
          },
          90_000,
          500,
        ),
      );
      assert.ok(parseFloat(first) > 0, `CPU above zero: ${first}`);
      const second = await poll(
        'the CPU figure to change',
        async () => {
          const figure = await cpuFigure(workbench);
          return figure && figure !== first ? figure : undefined;
        },
        90_000,
        500,
      );
      assert.ok(parseFloat(second) > 0, `CPU still above zero: ${second}`);
      assert.notEqual(second, first);
      await screenshot(page, 'stats-cpu');
      await runCommand(page, 'View: Close All Editors');
    } finally {
      // Not a second longer than needed on a shared machine.
      await engine.remove(id, { force: true }).catch(() => undefined);
    }
  });

  it("the Networks view marks the engine's own, shows a network created from it, and removes it after asking", async () => {
    const page = workbench.page;
    await showOnlyViews(workbench.page, ['Networks']);
    for (const builtIn of ['bridge', 'host', 'none']) {
      const row = treeRow(page, 'Networks', new RegExp(`^${builtIn}$`));
      await withDiagnostics(page, `the ${builtIn} row`, () => row.waitFor({ timeout: 60_000 }));
      assert.match(await row.innerText(), /built-in/, `${builtIn} is marked`);
    }
    // The engine's own are not offered for removal: their menu has Inspect and no Remove….
    const bridge = treeRow(page, 'Networks', /^bridge$/);
    const menu = page.locator('.monaco-menu').first();
    const inspect = menu.locator('.action-item:not(.disabled) .action-label', { hasText: /^Inspect$/ });
    await withDiagnostics(page, "bridge's context menu", () =>
      poll(
        "bridge's context menu with Inspect",
        async () => {
          if (await menu.isVisible()) await page.keyboard.press('Escape');
          await bridge.click({ button: 'right' });
          return inspect
            .first()
            .waitFor({ timeout: 2000 })
            .then(
              () => true,
              () => false,
            );
        },
        45_000,
        500,
      ),
    );
    const entries = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim());
    assert.ok(!entries.includes('Remove…'), `no Remove… on a built-in network: ${JSON.stringify(entries)}`);
    await page.keyboard.press('Escape');

    await runCommand(page, 'Networks: Create Network…');
    await typeIntoQuickInput(page, 'The name of the new network', createdNetwork);
    const row = treeRow(page, 'Networks', new RegExp(`^${createdNetwork}$`));
    await withDiagnostics(page, 'the new network in the Networks view', () => row.waitFor({ timeout: 60_000 }));
    const made = await inspectNetwork(engine.api, createdNetwork);
    assert.equal(made?.Driver, 'bridge', 'a bridge network on the engine');
    assert.doesNotMatch(await row.innerText(), /built-in/);
    await screenshot(page, 'networks-created');

    await rowContextMenu(page, row, 'Remove…');
    const question = await withDiagnostics(page, 'the question before removing', () => clickDialogButton(page, 'Remove', 60_000));
    assert.match(question, new RegExp(`Remove the network ${createdNetwork}\\?`));
    await poll('the network gone from the engine', async () => (await inspectNetwork(engine.api, createdNetwork)) === undefined, 30_000);
    await poll('the row gone from the view', async () => (await row.count()) === 0, 30_000);
  });

  it('two containers run from the run form on a user network: the second finds the first by its alias', async () => {
    const page = workbench.page;
    await createNetwork(engine.api, { name: sharedNetwork, labels: testLabels });

    // The first: long-running, on the network with the alias picked in the form.
    await runCommand(page, 'Container Workflows: Run Image…');
    await pick(page, DEBIAN);
    await quickPickRows(page);
    await pickNetwork(workbench, sharedNetwork);
    await typeIntoQuickInput(page, `Other names on ${sharedNetwork}`, alias);
    await poll('the alias in the run form', async () => (await quickPickRows(page)).some((r) => r.includes(`also reached as ${alias}`)));
    await editRow(workbench, 'Name:', 'Container name', serverName);
    await editRow(workbench, 'Arguments:', 'Quote words with spaces', 'sleep 300');
    await screenshot(page, 'run-form-network');
    await pick(page, 'Run', /Run(?! as)/);
    const serverAddress = await poll(
      'the first container on the network',
      async () => {
        const network = await inspectNetwork(engine.api, sharedNetwork);
        const member = Object.values(network?.Containers ?? {}).find((c) => c.Name === serverName);
        return member?.IPv4Address?.split('/')[0];
      },
      120_000,
      500,
    );

    // The second: asks the network's name service for the alias, and prints what it answers.
    await runCommand(page, 'Container Workflows: Run Image…');
    await pick(page, DEBIAN);
    await quickPickRows(page);
    // The form starts from the last run's choices with the network but not the alias (one container answers to
    // it): the row only offers it again.
    await poll('the network without the alias in the run form', async () => {
      const rows = await quickPickRows(page);
      return (
        rows.some((r) => r.includes(`Network: ${sharedNetwork}`) && r.includes(`the last run's alias ${alias}`)) &&
        !rows.some((r) => r.includes('also reached as'))
      );
    });
    await editRow(workbench, 'Name:', 'Container name', clientName);
    await editRow(workbench, 'Arguments:', 'Quote words with spaces', `getent hosts ${alias}`);
    await pick(page, 'Run', /Run(?! as)/);
    const answer = await withDiagnostics(page, 'the resolved address in the terminal', () =>
      poll(
        `"${alias}" resolved in the terminal`,
        async () => {
          const line = (await terminalText(page))
            .split('\n')
            .find((l) => new RegExp(`^\\s*\\d+\\.\\d+\\.\\d+\\.\\d+\\s+${alias}\\b`).test(l));
          return line?.trim();
        },
        120_000,
        500,
      ),
    );
    assert.equal(answer.split(/\s+/)[0], serverAddress, 'the alias resolves to the first container');
    await screenshot(page, 'network-alias-resolved');
  });
});
