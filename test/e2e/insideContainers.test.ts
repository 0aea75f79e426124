/**
 * Inside containers in a real VS Code (issue 15): an interactive python in a terminal that
 * is the container's TTY, runs a line and shows its output, and leaves no container once
 * the terminal is closed; bash in a debian image lists `/` and `exit` ends it; the Volumes
 * view with a volume created and removed from it; the Files node of a stopped container of
 * an image without a shell: a file opened read-only, a workspace file uploaded into a
 * folder (shown there and opened), a file and a folder downloaded into the workspace (and
 * downloaded again: asked before replacing, Keep Them and Replace); a volume's read-only
 * Files node (a file opened, the volume downloaded), with no helper container left.
 * Screenshots are kept.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PURPOSE_LABEL } from '../../src/engine/engine';
import { statPath } from '../../src/engine/files/archiveClient';
import type { ContainerEngine } from '../../src/engine/engine';
import { INTERACTIVE_PURPOSE } from '../../src/engine/interactive/interactiveOptions';
import { uploadFromHost } from '../../src/engine/files/uploadFromHost';
import { createVolume, inspectVolume, removeVolume } from '../../src/engine/volumes/volumes';
import { README_TEXT, createStopped, ensureNoShellImage, removeContainer } from '../support/engineApi';
import { realEngine, removeTestContainers, testLabels, testRunId } from '../support/realEngine';
import {
  acceptFolderInFileDialog,
  clickDialogButton,
  enterPathInFileDialog,
  makeWorkspace,
  notificationTexts,
  openActivityBarContainer,
  openWorkbench,
  pick,
  poll,
  rowContextMenu,
  runCommand,
  screenshot,
  setViewExpanded,
  showOnlyViews,
  terminalText,
  typeIntoQuickInput,
  viewPane,
  waitForNotification,
  withDiagnostics,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';
import { expandAlong, openFileRow, treeRow } from './fileTreeSteps';

const PYTHON = 'python:3.11-slim';
const DEBIAN = 'debian:bookworm-slim';
const UPLOADED = 'cw-uploaded.txt';
const UPLOADED_TEXT = 'uploaded from the workspace';
/** In the no-shell image (test/support/engineApi.ts): /data/big.txt is 300000 bytes of "x". */
const BIG_SIZE = 300_000;
const VOLUME_NOTE = 'kept in a volume';

/** `text` as a regular expression that matches it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function interactiveContainers(engine: ContainerEngine): Promise<string[]> {
  return (await engine.listContainers({ all: true, label: `${PURPOSE_LABEL}=${INTERACTIVE_PURPOSE}` })).map((c) => c.id);
}

/** Helper containers (of any run) that mount the volume. */
async function helpersMounting(engine: ContainerEngine, volume: string): Promise<string[]> {
  const all = await engine.api.json<{ Id: string; Mounts?: { Name?: string }[] }[]>({
    method: 'GET',
    path: '/containers/json',
    query: { all: true, filters: JSON.stringify({ label: [`${PURPOSE_LABEL}=volume-browser`] }) },
  });
  return all.filter((c) => c.Mounts?.some((m) => m.Name === volume)).map((c) => c.Id);
}

/** The text of any editor in the page that contains `text` (the editor renders spaces as no-break spaces). */
async function editorShowing(page: Workbench['page'], what: string, text: string): Promise<string> {
  const editors = page.locator('.editor-instance .monaco-editor .view-lines');
  return withDiagnostics(page, what, () =>
    poll(
      what,
      async () => (await editors.allInnerTexts().catch(() => [])).map((t) => t.replace(/\u00a0/g, ' ')).find((t) => t.includes(text)),
      60_000,
    ),
  );
}

/** Typing into the active editor is refused with VS Code's read-only notice. */
async function refusesTyping(page: Workbench['page']): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.type('x');
  await poll(
    'the read-only notice',
    async () =>
      (await page.locator('.monaco-editor-overlaymessage, .message-widget').allInnerTexts()).some((t) => /read-only|readonly/i.test(t)),
    10_000,
  );
}

describe('Inside containers in a real VS Code', () => {
  let engine: ContainerEngine;
  let server: VSCodeServer;
  let workbench: Workbench;
  const volumeName = `aaa-cw-e2e-volume-${testRunId.slice(0, 8)}`;
  const stoppedName = `aaa-cw-e2e-files-${testRunId.slice(0, 8)}`;
  const filesVolume = `aaa-cw-e2e-volfiles-${testRunId.slice(0, 8)}`;
  let before0: string[];
  let workspace: string;

  before(async () => {
    engine = await realEngine();
    before0 = await interactiveContainers(engine);
    // The image the integration tests use: FROM scratch, no shell, nothing that could run `ls`.
    const noShell = await ensureNoShellImage(engine);
    await engine.create({ image: noShell, name: stoppedName, args: ['/data/tool.bin'], labels: testLabels });
    // A volume with one known file, filled through a container that mounts it and never starts.
    await createVolume(engine.api, { name: filesVolume, labels: testLabels });
    const writer = await createStopped(engine.api, noShell, {
      HostConfig: { Mounts: [{ Type: 'volume', Source: filesVolume, Target: '/store' }] },
    });
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-volume-'));
    try {
      fs.writeFileSync(path.join(scratch, 'note.txt'), `${VOLUME_NOTE}\n`);
      await uploadFromHost(engine.api, writer, '/store', [path.join(scratch, 'note.txt')]);
    } finally {
      await removeContainer(engine.api, writer);
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    server = await startVSCodeServer();
    workspace = makeWorkspace('inside-containers', { [UPLOADED]: `${UPLOADED_TEXT}\n` });
    workbench = await openWorkbench(server, { folder: workspace });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await removeTestContainers(engine);
    await removeVolume(engine.api, volumeName).catch(() => undefined);
    await removeVolume(engine.api, filesVolume).catch(() => undefined);
    // An interactive container this window left (only on failure): by label, not one that was there before.
    for (const id of await interactiveContainers(engine)) {
      if (!before0.includes(id)) await engine.remove(id, { force: true }).catch(() => undefined);
    }
  });

  it('Run Interactive… runs python in a terminal: a typed line shows its output; closing the terminal leaves no container', async () => {
    const page = workbench.page;
    await runCommand(page, 'Container Workflows: Run Interactive…');
    await pick(page, PYTHON);
    await pick(page, 'python', /^python/);
    const terminal = page.locator('.terminal-wrapper.active .xterm').first();
    await withDiagnostics(page, 'the python prompt', () =>
      poll('the python prompt in the terminal', async () => /^>>>/m.test(await terminalText(page)), 120_000),
    );
    const started = await poll(
      'the interactive container on the engine',
      async () => {
        const now = (await interactiveContainers(engine)).filter((id) => !before0.includes(id));
        return now.length ? now : undefined;
      },
      30_000,
    );
    await terminal.click();
    await page.keyboard.type('import os; print(os.listdir("/"))');
    await page.keyboard.press('Enter');
    const text = await poll(
      'the listing of / in the terminal',
      async () => {
        const t = await terminalText(page);
        return /'bin'|'etc'/.test(t) && /'usr'/.test(t) ? t : undefined;
      },
      60_000,
    );
    assert.match(text, /'etc'/);
    await screenshot(page, 'interactive-python');

    await runCommand(page, 'Terminal: Kill the Active Terminal Instance');
    await poll(
      'the interactive container gone from the engine',
      async () => {
        const left = await interactiveContainers(engine);
        return started.every((id) => !left.includes(id));
      },
      60_000,
    );
  });

  it('Run Interactive… runs bash in a debian image: `ls /` lists it; `exit` ends the run and leaves no container', async () => {
    const page = workbench.page;
    await runCommand(page, 'Container Workflows: Run Interactive…');
    await pick(page, DEBIAN);
    await pick(page, 'bash', /^bash/);
    const started = await poll(
      'the interactive container on the engine',
      async () => {
        const now = (await interactiveContainers(engine)).filter((id) => !before0.includes(id));
        return now.length ? now : undefined;
      },
      60_000,
    );
    const terminal = page.locator('.terminal-wrapper.active .xterm').first();
    await withDiagnostics(page, 'the bash prompt', () =>
      poll('the bash prompt in the terminal', async () => /[#$] *$/m.test(await terminalText(page)), 120_000),
    );
    await terminal.click();
    await page.keyboard.type('ls /');
    await page.keyboard.press('Enter');
    const text = await poll(
      'the listing of / in the terminal',
      async () => {
        const t = await terminalText(page);
        return /\betc\b/.test(t) && /\busr\b/.test(t) && /\bproc\b/.test(t) ? t : undefined;
      },
      60_000,
    );
    assert.match(text, /\bbin\b/);
    await screenshot(page, 'interactive-bash');

    await page.keyboard.type('exit');
    await page.keyboard.press('Enter');
    await poll(
      'the interactive container gone from the engine after exit',
      async () => {
        const left = await interactiveContainers(engine);
        return started.every((id) => !left.includes(id));
      },
      60_000,
    );
    // The run is over: close its terminal if the window keeps it (press any key, or kill it).
    await runCommand(page, 'Terminal: Kill the Active Terminal Instance').catch(() => undefined);
  });

  it('the Volumes view shows a volume created from it, and removes it after asking', async () => {
    const page = workbench.page;
    await openActivityBarContainer(page, 'Container Workflows');
    await setViewExpanded(page, 'Volumes', true);
    await runCommand(page, 'Volumes: Create Volume…');
    await typeIntoQuickInput(page, 'The name of the new volume', volumeName);
    const row = viewPane(page, 'Volumes').locator('.monaco-list-row', { hasText: volumeName }).first();
    await withDiagnostics(page, 'the new volume in the Volumes view', () => row.waitFor({ timeout: 60_000 }));
    assert.ok(await inspectVolume(engine.api, volumeName), 'the volume is on the engine');
    await poll('the row to say the volume is unused', async () => /unused/.test(await row.innerText()), 30_000);
    await screenshot(page, 'volumes-created');

    await rowContextMenu(page, row, 'Remove…');
    const question = await clickDialogButton(page, 'Remove');
    assert.match(question, new RegExp(`Remove the volume ${volumeName}\\?`));
    await poll('the volume gone from the engine', async () => (await inspectVolume(engine.api, volumeName)) === undefined, 30_000);
    await poll('the row gone from the view', async () => (await row.count()) === 0, 30_000);
  });

  /** The Containers view open with the others collapsed, listing only this extension's containers. */
  async function showContainersView(): Promise<void> {
    const page = workbench.page;
    const pane = viewPane(page, 'Containers');
    // The tree renders only the rows in sight: with five views open, a container's Files node and the
    // folders under it can fall below the Containers view's bottom edge.
    await showOnlyViews(page, ['Containers']);
    // Only this extension's containers (the test's carry its owner label): fewer rows on a shared engine.
    if (!(await pane.locator('.pane-header').innerText()).includes('started here')) {
      await runCommand(page, 'Containers: Show Only Containers Started by Container Workflows');
    }
  }

  /** The rows down to a folder of the stopped no-shell container's Files node, expanded. */
  function alongFiles(...folders: string[]): RegExp[] {
    return [/^Stopped$/, new RegExp(`^${stoppedName}$`), /^Files$/, ...folders.map((f) => new RegExp(`^${literal(f)}$`))];
  }

  // A click lands where a row was measured, and the list redraws on every reload of the containers: the steps
  // look again and click again (fileTreeSteps.ts). Listing `/` of this image is one small tar (≈ 300 KB).
  it("a stopped container's file, of an image without a shell, opens read-only from its Files node", async () => {
    const page = workbench.page;
    await showContainersView();
    await expandAlong(page, 'Containers', alongFiles('data', 'docs'));
    await openFileRow(page, 'Containers', /^readme\.txt$/, 'readme.txt');
    const content = await editorShowing(page, 'readme.txt in an editor', README_TEXT.trim());
    assert.match(content, /hello from an image without a shell/);
    await refusesTyping(page);
    await screenshot(page, 'container-file-open');
  });

  it("Upload… puts a workspace file into the stopped container's folder; the folder shows it and it opens", async () => {
    const page = workbench.page;
    await showContainersView();
    await expandAlong(page, 'Containers', alongFiles('data'));
    await rowContextMenu(page, treeRow(page, 'Containers', /^data$/), 'Upload…');
    await enterPathInFileDialog(page, path.join(workspace, UPLOADED));
    await poll(
      'the file in the container',
      async () => (await statPath(engine.api, stoppedName, `/data/${UPLOADED}`))?.kind === 'file',
      60_000,
    );
    // The folder reads the container again after an upload.
    await expandAlong(page, 'Containers', alongFiles('data'));
    await openFileRow(page, 'Containers', new RegExp(`^${literal(UPLOADED)}$`), UPLOADED);
    const content = await editorShowing(page, 'the uploaded file in an editor', UPLOADED_TEXT);
    assert.match(content, new RegExp(UPLOADED_TEXT));
    await screenshot(page, 'container-file-uploaded');
  });

  it('Download… puts a folder and a file of the stopped container into the workspace; again, it asks before replacing', async () => {
    const page = workbench.page;
    const docs = path.join(workspace, 'docs');
    const big = path.join(workspace, 'big.txt');
    fs.rmSync(docs, { recursive: true, force: true });
    fs.rmSync(big, { force: true });
    const download = async (row: RegExp, title: string) => {
      await expandAlong(page, 'Containers', alongFiles('data', 'docs'));
      await rowContextMenu(page, treeRow(page, 'Containers', row), 'Download…');
      await acceptFolderInFileDialog(page, workspace, title);
    };
    await showContainersView();

    // A folder: everything below it arrives, byte for byte.
    await download(/^docs$/, 'Download /data/docs into…');
    await withDiagnostics(page, 'the downloaded folder on disk', () =>
      poll('the downloaded folder on disk', () => fs.existsSync(path.join(docs, 'deep', 'leaf.txt')), 60_000),
    );
    assert.equal(fs.readFileSync(path.join(docs, 'readme.txt'), 'utf8'), README_TEXT);
    assert.equal(fs.readFileSync(path.join(docs, 'deep', 'leaf.txt'), 'utf8'), 'leaf\n');
    await waitForNotification(page, new RegExp(`Downloaded to ${literal(docs)} \\(2 files\\)`));

    // Again, with one file changed here and one gone: asked first; Keep Them keeps the changed one, brings the gone one back.
    fs.writeFileSync(path.join(docs, 'readme.txt'), 'changed here\n');
    fs.rmSync(path.join(docs, 'deep', 'leaf.txt'));
    await download(/^docs$/, 'Download /data/docs into…');
    const question = await clickDialogButton(page, 'Keep Them');
    assert.match(question, new RegExp(`Replace ${literal(path.join(docs, 'readme.txt'))}\\?`));
    await withDiagnostics(page, 'the gone file downloaded again', () =>
      poll('the gone file downloaded again', () => fs.existsSync(path.join(docs, 'deep', 'leaf.txt')), 60_000),
    );
    assert.equal(fs.readFileSync(path.join(docs, 'readme.txt'), 'utf8'), 'changed here\n', 'Keep Them left the file here as it was');
    await waitForNotification(page, /Kept 1 existing file/);

    // A file, then again: Replace puts the container's bytes back.
    await expandAlong(page, 'Containers', alongFiles('data'));
    await rowContextMenu(page, treeRow(page, 'Containers', /^big\.txt$/), 'Download…');
    await acceptFolderInFileDialog(page, workspace, 'Download /data/big.txt into…');
    await withDiagnostics(page, 'the downloaded file on disk', () =>
      poll('the downloaded file on disk', () => fs.existsSync(big) && fs.statSync(big).size === BIG_SIZE, 60_000),
    );
    assert.equal(fs.readFileSync(big, 'utf8'), 'x'.repeat(BIG_SIZE));
    fs.writeFileSync(big, 'changed here\n');
    await rowContextMenu(page, treeRow(page, 'Containers', /^big\.txt$/), 'Download…');
    await acceptFolderInFileDialog(page, workspace, 'Download /data/big.txt into…');
    const again = await clickDialogButton(page, 'Replace');
    assert.match(again, /Replace .*big\.txt\?/);
    await withDiagnostics(page, 'the replaced file on disk', () =>
      poll('the replaced file on disk', () => fs.statSync(big).size === BIG_SIZE, 60_000),
    );
    assert.equal(fs.readFileSync(big, 'utf8'), 'x'.repeat(BIG_SIZE));
    // The file is in place a moment before the download says it is done: its progress goes then.
    await poll(
      "the download's progress gone",
      async () => !(await notificationTexts(page)).some((text) => /^Downloading \/data\/big\.txt/.test(text)),
      30_000,
    );
    await screenshot(page, 'container-files-downloaded');
  });

  it("a volume's Files node lists its file, which opens read-only, and downloads the volume into the workspace; no helper container is left", async () => {
    const page = workbench.page;
    await showOnlyViews(page, ['Volumes']);
    await expandAlong(page, 'Volumes', [new RegExp(`^${filesVolume}$`), /^Files$/]);
    await openFileRow(page, 'Volumes', /^note\.txt$/, 'note.txt');
    const content = await editorShowing(page, "the volume's file in an editor", VOLUME_NOTE);
    assert.match(content, new RegExp(VOLUME_NOTE));
    await refusesTyping(page);
    await screenshot(page, 'volume-file-open');
    // Download… on the Files node: the whole volume, into a folder of the workspace named after it.
    await rowContextMenu(page, treeRow(page, 'Volumes', /^Files$/), 'Download…');
    await acceptFolderInFileDialog(page, workspace, `Download the volume ${filesVolume} into…`);
    const note = path.join(workspace, filesVolume, 'note.txt');
    await withDiagnostics(page, "the volume's file downloaded", () =>
      poll("the volume's file downloaded", () => fs.existsSync(note) && fs.readFileSync(note, 'utf8') === `${VOLUME_NOTE}\n`, 60_000),
    );
    // Each look had its own helper, removed when it ended.
    await poll('no helper container mounting the volume', async () => (await helpersMounting(engine, filesVolume)).length === 0, 30_000);
  });
});
