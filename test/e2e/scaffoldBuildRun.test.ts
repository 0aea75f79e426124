/**
 * A person's way through in a real VS Code: add the greet-volume template to the
 * workspace (and be asked before anything is overwritten), build it, and run it through
 * the run form, typed into the quick input; the greeting lands in the host folder and the
 * container's output shows in a terminal.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { realEngine, templatesDir } from '../support/realEngine';
import {
  clickDialogButton,
  makeWorkspace,
  openWorkbench,
  pick,
  poll,
  runCommand,
  screenshot,
  terminalText,
  typeIntoQuickInput,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

describe('scaffold, build and run in a real VS Code', () => {
  let server: VSCodeServer;
  let workbench: Workbench;
  let workspace: string;
  let engine: ContainerEngine;
  const tag = `cw-e2e-greet-volume:${process.pid}`;

  before(async () => {
    engine = await realEngine();
    workspace = makeWorkspace('greet');
    server = await startVSCodeServer();
    workbench = await openWorkbench(server, { folder: workspace });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    for (const c of await engine.listContainers({ all: true })) {
      if (c.image === tag) await engine.remove(c.id, { force: true });
    }
    await engine.removeImage(tag, { force: true }).catch(() => undefined);
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('writes the template into the workspace and opens its Dockerfile', async () => {
    const page = workbench.page;
    await runCommand(page, 'Container Workflows: Add Docker Files to Workspace…');
    await pick(page, 'greet-volume');
    await pick(page, path.basename(workspace));
    await poll(
      'the Dockerfile editor',
      () =>
        page
          .locator('.tabs-container .tab', { hasText: 'Dockerfile' })
          .count()
          .then((n) => n > 0),
      30_000,
    );
    for (const file of ['Dockerfile', '.dockerignore']) {
      assert.ok(fs.existsSync(path.join(workspace, file)), `${file} was written`);
    }
    const script = fs.readdirSync(path.join(templatesDir, 'greet-volume')).find((f) => f.endsWith('.py'))!;
    assert.equal(
      fs.readFileSync(path.join(workspace, script), 'utf8'),
      fs.readFileSync(path.join(templatesDir, 'greet-volume', script), 'utf8'),
    );
  });

  it('asks before overwriting: Keep Mine keeps the changed file, Overwrite restores it', async () => {
    const page = workbench.page;
    const dockerfile = path.join(workspace, 'Dockerfile');
    const original = fs.readFileSync(dockerfile, 'utf8');
    fs.writeFileSync(dockerfile, `${original}\n# my own change\n`);

    await runCommand(page, 'Container Workflows: Add Docker Files to Workspace…');
    await pick(page, 'greet-volume');
    await pick(page, path.basename(workspace));
    const dialog = await clickDialogButton(page, 'Keep Mine');
    assert.match(dialog, /Dockerfile already exists/);
    await poll('the kept file', () => fs.readFileSync(dockerfile, 'utf8').includes('# my own change'));
    assert.ok(fs.readFileSync(dockerfile, 'utf8').includes('# my own change'), 'Keep Mine left the change');

    await runCommand(page, 'Container Workflows: Add Docker Files to Workspace…');
    await pick(page, 'greet-volume');
    await pick(page, path.basename(workspace));
    await clickDialogButton(page, 'Overwrite');
    await poll('the overwritten Dockerfile', () => fs.readFileSync(dockerfile, 'utf8') === original, 20_000);
  });

  it('builds the image with the tag typed into the input', async () => {
    const page = workbench.page;
    await runCommand(page, 'Container Workflows: Build Image…');
    await typeIntoQuickInput(page, 'Tag for the image', tag);
    const image = await poll('the built image', () => engine.inspectImage(tag), 300_000, 1000);
    assert.equal(image.labels['dev.container-workflows.template'], 'greet-volume', 'the image knows its template');
  });

  it('runs it through the run form; the greeting lands in the host folder and the output in a terminal', async () => {
    const page = workbench.page;
    await runCommand(page, 'Container Workflows: Run Image…');
    await pick(page, tag);
    // The form: change the arguments, then Run.
    await pick(page, 'Arguments');
    await typeIntoQuickInput(page, 'Quote words with spaces', '"hello alien " 3 local_output');
    await pick(page, 'Run', /Run(?! as)/);
    // The template's output folder does not exist yet: the form offers to create it.
    await clickDialogButton(page, 'Create');

    const file = path.join(workspace, 'output', 'local_output.txt');
    const text = await poll('the greeting file on the host', () => fs.existsSync(file) && fs.readFileSync(file, 'utf8'), 60_000);
    assert.equal(text.trim(), 'hello alien hello alien hello alien');
    const owner = fs.statSync(file).uid;
    assert.equal(owner, process.getuid!(), 'the file belongs to the person who ran it');

    await screenshot(page, 'run-greet-volume-started');
    const terminal = await poll(
      'the output in the terminal',
      async () => {
        const t = await terminalText(page);
        return /hello alien hello alien/.test(t) ? t : undefined;
      },
      30_000,
    );
    assert.match(terminal, /hello alien/);
    await screenshot(page, 'run-greet-volume');
  });
});
