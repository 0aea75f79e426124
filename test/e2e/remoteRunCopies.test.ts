/**
 * Run Image… on a remote engine in a real VS Code: the window switches to a Docker context
 * whose engine is a TLS dockerd this test starts (its own data root and bridge, an empty
 * /tmp, so it cannot see this machine's folders) and stops. The run form shows the offer
 * "Copy the output back when the container exits" under the output folder; picked, the row
 * mounts a new named volume; after the run the output is in the folder here, nothing of the
 * run is left on that engine, and its log terminal says so step by step, then "Done.".
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CONTEXT_LABEL, TEMPLATE_LABEL } from '../../src/engine/engine';
import { buildFolder } from '../support/realEngine';
import { openTlsContextWorkbench, type TlsContextWorkbench } from './harness/tlsContextWorkbench';
import {
  makeWorkspace,
  pick,
  poll,
  quickPickRows,
  runCommand,
  screenshot,
  terminalText,
  waitForEngineStatus,
  waitForNotification,
} from './harness/workbench';

const CONTEXT = 'cw-e2e-copies';
const TAG = 'cw-e2e-copies:latest';

describe('Run Image… on a remote engine copies the output back', () => {
  let remote: TlsContextWorkbench | undefined;
  let root: string;
  let workspace: string;
  const onTestEngine = (args: string[]) => remote!.tls.docker(args);

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-copies-'));
    workspace = makeWorkspace('remote-run-copies');
    remote = await openTlsContextWorkbench({ context: CONTEXT, images: ['debian:bookworm-slim'], folder: workspace });
    // An image "built from" the greet-volume template in this workspace: the form seeds /output ← <workspace>/output.
    const context = path.join(root, 'image');
    fs.mkdirSync(context);
    fs.writeFileSync(
      path.join(context, 'Dockerfile'),
      [
        'FROM debian:bookworm-slim',
        `LABEL ${TEMPLATE_LABEL}="greet-volume" ${CONTEXT_LABEL}="${workspace}"`,
        'ENV OUTPUT_DIR=/output',
        'ENTRYPOINT ["sh", "-c", "echo \\"greeted on the remote engine: $*\\" > /output/greeting.txt", "greet"]',
        '',
      ].join('\n'),
    );
    await buildFolder(remote.tls.client(), context, TAG);
  });

  after(async () => {
    await remote?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('offers the copy in the run form, runs on a new volume, and the output arrives here; nothing left there', async () => {
    const page = remote!.workbench.page;
    await waitForEngineStatus(page, /Docker \d/);
    await remote!.switchToContext();
    const volumesBefore = onTestEngine(['volume', 'ls', '-q']);

    await runCommand(page, 'Run Image…');
    await pick(page, TAG);
    const output = path.join(workspace, 'output');
    const rows = await poll(
      'the run form with the copy offer',
      async () => {
        const r = await quickPickRows(page);
        return r.some((x) => x.includes('Copy the output back when the container exits')) ? r : undefined;
      },
      30_000,
    );
    assert.ok(
      rows.some((r) => r.includes(`/output ← ${output}`)),
      `the output folder row in ${JSON.stringify(rows)}`,
    );
    await screenshot(page, 'remote-run-copy-offer');

    await pick(page, 'Copy the output back when the container exits');
    const chosen = await poll(
      'the row to mount a new volume',
      async () => {
        const r = await quickPickRows(page);
        return r.some((x) => x.includes('Copy the output back when the container exits: yes')) ? r : undefined;
      },
      30_000,
    );
    assert.ok(
      chosen.some((r) => /\/output ← cw-copy-output-[0-9a-f]{6}/.test(r)),
      `the volume row in ${JSON.stringify(chosen)}`,
    );
    await pick(page, 'Run', /Run(?! as)/);

    await waitForNotification(page, /exited with code 0: 1 file copied into/, 120_000);
    assert.match(fs.readFileSync(path.join(output, 'greeting.txt'), 'utf8'), /^greeted on the remote engine: hello alien/);
    await poll(
      'the run container and its volume to be removed from the remote engine',
      async () =>
        onTestEngine(['ps', '-aq', '--filter', `ancestor=${TAG}`]).length === 0 &&
        onTestEngine(['volume', 'ls', '-q']).join() === volumesBefore.join(),
      60_000,
    );
    // The run's log terminal says what happened after the exit, and does not wait for a start that will not come.
    // Read without white space: the terminal wraps long lines at its width, wherever a word ends.
    const said = await poll(
      'the log terminal to say the run is done',
      async () => {
        const text = (await terminalText(page)).replace(/\s+/g, '');
        return /Done\./.test(text) ? text : undefined;
      },
      30_000,
      500,
    );
    assert.match(said, /exitedwithcode0;copyingitsoutputbacktothismachine/);
    assert.match(said, /Copied1fileinto/);
    assert.match(said, /Removed.*andthevolumecw-copy-output-[0-9a-f]{6}\.Done\./);
    assert.doesNotMatch(said, /waitingforittostartagain/);
    await screenshot(page, 'remote-run-copied-back');
  });
});
