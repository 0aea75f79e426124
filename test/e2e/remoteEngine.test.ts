/**
 * "Use Docker Context…" in a real VS Code: the window switches to a Docker context whose
 * engine is a TLS dockerd this test starts (its own data root and bridge) and stops; the
 * status bar names the context and the Containers view shows that engine's container; then
 * it switches back to the default engine, whose views do not have it.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testLabels, testRunId } from '../support/realEngine';
import { openTlsContextWorkbench, type TlsContextWorkbench } from './harness/tlsContextWorkbench';
import {
  makeWorkspace,
  openActivityBarContainer,
  pick,
  poll,
  runCommand,
  screenshot,
  treeRows,
  waitForEngineStatus,
  type Workbench,
} from './harness/workbench';

const CONTEXT = 'cw-e2e-tls';
const IDLE = "trap 'exit 0' TERM; while :; do sleep 0.2; done";

describe('switching to a remote engine in a real VS Code', () => {
  let remote: TlsContextWorkbench | undefined;
  let workbench: Workbench | undefined;
  const name = `cw-e2e-remote-${testRunId}`;

  before(async () => {
    remote = await openTlsContextWorkbench({
      context: CONTEXT,
      description: 'the TLS engine of the e2e test',
      images: ['debian:bookworm-slim'],
      folder: makeWorkspace('remote-engine'),
    });
    workbench = remote.workbench;
    await remote.tls.client().run({ image: 'debian:bookworm-slim', name, args: ['sh', '-c', IDLE], labels: testLabels });
  });

  after(async () => {
    await remote?.close();
  });

  const containerRows = async (): Promise<string[]> => (await treeRows(workbench!.page, 'Containers')).map((r) => r.label);

  it("switches to the TLS context: the status bar names it and the sidebar shows that engine's container; and back", async () => {
    const page = workbench!.page;
    await waitForEngineStatus(page, /Docker \d/);
    await openActivityBarContainer(page, 'Container Workflows');

    const status = await remote!.switchToContext();
    assert.match(status, new RegExp(CONTEXT));
    await poll(
      'the TLS engine container in the Containers view',
      async () => (await containerRows()).some((l) => l.startsWith(`${name},`)),
      60_000,
    );
    await screenshot(page, 'remote-engine-tls-context');

    await runCommand(page, 'Use Docker Context…');
    await pick(page, 'Default (DOCKER_HOST / local socket)');
    await poll(
      'the status bar to leave the context',
      async () => !(await waitForEngineStatus(page, /Docker \d/)).includes(CONTEXT),
      60_000,
    );
    await poll(
      'the TLS engine container to leave the view',
      async () => !(await containerRows()).some((l) => l.startsWith(`${name},`)),
      60_000,
    );
    await screenshot(page, 'remote-engine-back-to-default');
  });
});
