/**
 * "Use Docker Context…" in a real VS Code: the window switches to a Docker context whose
 * engine is a TLS dockerd this test starts (its own data root and bridge) and stops; the
 * status bar names the context and the Containers view shows that engine's container; then
 * it switches back to the default engine, whose views do not have it.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { testLabels, testRunId } from '../support/realEngine';
import { TlsEngine } from '../support/tlsEngine';
import {
  makeWorkspace,
  openActivityBarContainer,
  openWorkbench,
  pick,
  poll,
  runCommand,
  screenshot,
  treeRows,
  waitForEngineStatus,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

const CONTEXT = 'cw-e2e-tls';
const IDLE = "trap 'exit 0' TERM; while :; do sleep 0.2; done";

describe('switching to a remote engine in a real VS Code', () => {
  let tls: TlsEngine;
  let remote: ContainerEngine;
  let server: VSCodeServer;
  let workbench: Workbench | undefined;
  let root: string;
  const name = `cw-e2e-remote-${testRunId}`;

  before(async () => {
    tls = await TlsEngine.start(['debian:bookworm-slim']);
    remote = tls.client();
    await remote.run({ image: 'debian:bookworm-slim', name, args: ['sh', '-c', IDLE], labels: testLabels });
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-contexts-'));
    const config = path.join(root, 'docker-config');
    fs.mkdirSync(config);
    const client = tls.certs.clientDir;
    execFileSync(
      'docker',
      [
        'context',
        'create',
        CONTEXT,
        '--description',
        'the TLS engine of the e2e test',
        '--docker',
        `host=${tls.tcpHost},ca=${tls.certs.caCert},cert=${path.join(client, 'cert.pem')},key=${path.join(client, 'key.pem')}`,
      ],
      { env: { ...process.env, DOCKER_CONFIG: config }, stdio: 'ignore' },
    );
    // DOCKER_HOST stays the shared local engine: that is the default context.
    server = await startVSCodeServer({ env: { DOCKER_CONFIG: config } });
    workbench = await openWorkbench(server, { folder: makeWorkspace('remote-engine') });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await tls?.dispose();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const containerRows = async (): Promise<string[]> => (await treeRows(workbench!.page, 'Containers')).map((r) => r.label);

  it("switches to the TLS context: the status bar names it and the sidebar shows that engine's container; and back", async () => {
    const page = workbench!.page;
    await waitForEngineStatus(page, /Docker \d/);
    await openActivityBarContainer(page, 'Container Workflows');

    await runCommand(page, 'Use Docker Context…');
    await pick(page, CONTEXT);
    const status = await waitForEngineStatus(page, new RegExp(`Docker \\d[^·]*· ${CONTEXT}`), 60_000);
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
