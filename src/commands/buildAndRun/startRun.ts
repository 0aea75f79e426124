/**
 * Starts a run the way `docker run` does, without its races: create the container, attach
 * a log terminal (which replays output from the very start, even for --rm containers),
 * then start it. When a published port answers HTTP, offers to open it.
 */
import { portHostOf } from '../../workflows/remoteRun';
import * as vscode from 'vscode';
import { EngineRequestError, EngineUnavailableError, engineMessage, isCancellation } from '../../engine/errors';
import { removeVolumes } from '../../engine/volumes/volumes';
import type { Services } from '../../services';
import { openAttachedTerminal } from '../../terminals/containerLogTerminal';
import { explainRunError } from '../../workflows/explainRunError';
import { waitForHttp } from '../../workflows/httpProbe';
import type { RunConfig } from '../../workflows/runConfig';
import { copyPlan } from '../../workflows/runCopies';
import { runRequestWithCopies } from '../../workflows/runCopyWork';
import { CopyBackAfterExit, copyInBeforeRun } from './runCopiesFlow';

export interface StartedRun {
  id: string;
  terminal: vscode.Terminal;
}

export async function startRun(services: Services, config: RunConfig): Promise<StartedRun | undefined> {
  const engine = services.monitor.engine;
  const label = config.name || config.image;
  let id: string | undefined;
  // Folders of this machine that a remote engine cannot see travel through volumes made for this run.
  const plan = copyPlan(config);
  try {
    if (plan.volumes.length) await copyInBeforeRun(services, config, plan);
    id = await engine.create(runRequestWithCopies(config, plan));
    const containerId = id;
    // A run with copies ends with the output copied back and its container removed by the flow, not by a restart.
    const copyBack = plan.volumes.length ? new CopyBackAfterExit(services, config, plan) : undefined;
    const { terminal, log } = await openAttachedTerminal(() => services.monitor.engine, services.events, containerId, label, {
      lifetime: services.monitor.engineLifetime,
      endAtExit: copyBack?.exitNote,
    });
    await engine.start(containerId);
    services.output.info(`Started ${label} (${containerId.slice(0, 12)}) from ${config.image}`);
    void offerBrowser(services, containerId, config);
    if (copyBack) void copyBack.run(containerId, log);
    return { id: containerId, terminal };
  } catch (err) {
    if (id) {
      await engine.remove(id, { force: true, volumes: true }).catch(() => undefined);
    }
    // Cancelled while copying in: copyInBeforeRun removed its volumes already, nothing to say.
    if (isCancellation(err)) return undefined;
    if (plan.volumes.length) await removeVolumes(engine.api, plan.volumes).catch(() => undefined);
    if (err instanceof EngineUnavailableError) services.monitor.reportUnavailable(err);
    const reason = err instanceof EngineRequestError ? explainRunError(err.message) : engineMessage(err);
    services.output.error(`Running ${config.image} failed: ${reason}`);
    const choice = await vscode.window.showErrorMessage(`Could not run ${config.image}: ${reason}`, 'Change and Run Again');
    if (choice) {
      await vscode.commands.executeCommand('containerWorkflows.image.run', config.image);
    }
    return undefined;
  }
}

async function offerBrowser(services: Services, id: string, config: RunConfig): Promise<void> {
  const web = config.ports.filter((p) => p.protocol === 'tcp');
  // The engine's machine, not this one, when the engine is elsewhere (an ssh alias through ssh -G).
  const host = await portHostOf(services.monitor.engine.endpoint);
  if (!host) return;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  for (const port of web) {
    const url = `http://${host === 'localhost' ? '127.0.0.1' : hostInUrl}:${port.hostPort}/`;
    const answered = await waitForHttp(url, {
      timeoutMs: 180_000,
      keepTrying: async () => (await services.monitor.engine.inspectContainer(id).catch(() => undefined))?.running === true,
    });
    if (!answered) continue;
    const external = await vscode.env.asExternalUri(vscode.Uri.parse(`http://${hostInUrl}:${port.hostPort}/`));
    const choice = await vscode.window.showInformationMessage(
      `${config.name || config.image} answers on ${hostInUrl}:${port.hostPort}.`,
      'Open in Simple Browser',
      'Open in Browser',
    );
    if (choice === 'Open in Simple Browser') {
      await vscode.commands.executeCommand('simpleBrowser.show', external.toString());
    } else if (choice === 'Open in Browser') {
      await vscode.env.openExternal(external);
    }
  }
}
