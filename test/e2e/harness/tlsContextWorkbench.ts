/**
 * The set-up the remote-engine e2e specs share: a TLS dockerd of the test's own
 * (test/support/tlsEngine.ts: its own data root and bridge, an empty /tmp, so it cannot see
 * this machine's folders), a Docker config folder with one context for it, and a VS Code
 * server whose DOCKER_CONFIG is that folder (DOCKER_HOST stays the shared local engine: that
 * is the default context), with the workbench opened on `folder`. `switchToContext()` picks
 * the context as a person would; `close()` ends them all and deletes the config folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDockerContext } from '../../support/dockerContexts';
import { TlsEngine } from '../../support/tlsEngine';
import { openWorkbench, pick, runCommand, waitForEngineStatus, type Workbench } from './workbench';
import { startVSCodeServer, type VSCodeServer } from './vscodeServer';

export interface TlsContextOptions {
  /** The context's name, as the picker of Use Docker Context… shows it. */
  context: string;
  description?: string;
  /** Images copied from the shared engine into the TLS engine. */
  images: string[];
  /** The workspace folder the workbench opens. */
  folder: string;
}

export interface TlsContextWorkbench {
  tls: TlsEngine;
  server: VSCodeServer;
  workbench: Workbench;
  /** Use Docker Context… → the context; resolves with the status bar text that names it. */
  switchToContext(): Promise<string>;
  close(): Promise<void>;
}

export async function openTlsContextWorkbench(options: TlsContextOptions): Promise<TlsContextWorkbench> {
  const tls = await TlsEngine.start(options.images);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-contexts-'));
  let server: VSCodeServer | undefined;
  let workbench: Workbench | undefined;
  const close = async () => {
    await workbench?.close();
    await server?.stop();
    await tls.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    const config = path.join(root, 'docker-config');
    createDockerContext(config, options.context, tls.contextEndpoint(), options.description);
    server = await startVSCodeServer({ env: { DOCKER_CONFIG: config } });
    workbench = await openWorkbench(server, { folder: options.folder });
  } catch (err) {
    await close();
    throw err;
  }
  const page = workbench.page;
  return {
    tls,
    server,
    workbench,
    close,
    switchToContext: async () => {
      await runCommand(page, 'Use Docker Context…');
      await pick(page, options.context);
      return waitForEngineStatus(page, new RegExp(`Docker \\d[^·]*· ${options.context}`), 60_000);
    },
  };
}
