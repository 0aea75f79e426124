/**
 * The Explorer set-up the convert e2e specs share: a workspace with the 50 fixture frames in
 * `mba/`, a VS Code server, and the workbench opened on that workspace. `close()` ends them
 * all and deletes the workspace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixturesDir } from '../../support/realEngine';
import { makeWorkspace, openWorkbench, type Workbench } from './workbench';
import { startVSCodeServer, type VSCodeServer } from './vscodeServer';

export interface FixturesWorkbench {
  server: VSCodeServer;
  workbench: Workbench;
  /** The workspace folder; the frames are in `<workspace>/mba`. */
  workspace: string;
  close(): Promise<void>;
}

export async function openFixturesWorkbench(name: string): Promise<FixturesWorkbench> {
  const workspace = makeWorkspace(name);
  fs.cpSync(fixturesDir, path.join(workspace, 'mba'), { recursive: true });
  let server: VSCodeServer | undefined;
  try {
    server = await startVSCodeServer();
    const workbench = await openWorkbench(server, { folder: workspace });
    const started = server;
    return {
      server: started,
      workbench,
      workspace,
      close: async () => {
        await workbench.close();
        await started.stop();
        fs.rmSync(workspace, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await server?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
    throw err;
  }
}
