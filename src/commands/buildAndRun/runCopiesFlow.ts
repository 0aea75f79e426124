/**
 * The editor's side of a run with copies on a remote engine (runCopyWork.ts does the work):
 * the upload with progress and Cancel before the container is made, and after it exits the
 * output copied back (asking before replacing files), then the container (when it was to
 * be removed, or the person agrees) and the volumes made for the run removed.
 */
import * as vscode from 'vscode';
import { describeHost } from '../../engine/connection';
import { engineMessage, isCancellation } from '../../engine/errors';
import type { Services } from '../../services';
import { withCancellableProgress } from '../../ui/progress';
import type { CopyPlan } from '../../workflows/runCopies';
import { type ReplaceAnswer, copyInForRun, copyOutputBack, removeRunCopies } from '../../workflows/runCopyWork';
import type { RunConfig } from '../../workflows/runConfig';

const filesWord = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Copies the run's input folders into new volumes on the engine; a cancel or failure leaves no volume there (and throws). */
export async function copyInBeforeRun(services: Services, config: RunConfig, plan: CopyPlan): Promise<void> {
  const engine = services.monitor.engine;
  await withCancellableProgress(
    plan.copiesIn.length ? `Copying to ${describeHost(engine.endpoint)}` : `Making the run's volumes on ${describeHost(engine.endpoint)}`,
    async (signal, progress) => {
      let reported = 0;
      await copyInForRun(
        engine,
        config.image,
        plan,
        ({ folder, sent, total }) => {
          const share = total ? (sent / total) * 100 : 100;
          progress.report({ message: `${folder}: ${mib(sent)} of ${mib(total)}`, increment: (share - reported) / plan.copiesIn.length });
          reported = share;
        },
        signal,
      );
    },
    { track: services.work },
  );
}

async function askReplace(folder: string, changed: string[]): Promise<ReplaceAnswer> {
  const choice = await vscode.window.showWarningMessage(
    `${changed.length === 1 ? `${changed[0]} in ${folder} differs` : `${changed.length} files in ${folder} differ`} from the container's output. Replace ${changed.length === 1 ? 'it' : 'them'}?`,
    { modal: true, detail: `${changed.slice(0, 20).join('\n')}\n\nKeep Both writes the container's files beside yours.` },
    'Replace',
    'Keep Both',
  );
  return choice === 'Replace' ? 'replace' : 'keep-both';
}

/**
 * Waits for the container to exit (a notification with Cancel: cancelling stops only the
 * waiting, and says where the output stays), copies each output back, then cleans up.
 */
export async function copyBackAfterExit(services: Services, id: string, config: RunConfig, plan: CopyPlan): Promise<void> {
  const engine = services.monitor.engine;
  const label = config.name || config.image;
  try {
    if (plan.copiesBack.length) {
      const exitCode = await withCancellableProgress(
        `${label} is running: its output comes back to this machine when it exits`,
        (signal) => engine.wait(id, signal),
        { track: services.work },
      );
      for (const entry of plan.copiesBack) {
        const placed = await withCancellableProgress(
          `Copying the output of ${label} back into ${entry.folder}`,
          (signal) =>
            copyOutputBack(
              engine,
              { image: config.image, volume: entry.volume, folder: entry.folder },
              (c) => askReplace(entry.folder, c),
              signal,
            ),
          { track: services.work },
        );
        const extra = [
          placed.replaced.length ? `${placed.replaced.length} replaced` : '',
          placed.keptBoth.length ? `${placed.keptBoth.length} kept beside yours` : '',
          placed.skipped.length ? `${placed.skipped.length} links or special files left out` : '',
        ].filter(Boolean);
        services.output.info(
          `Copied ${filesWord(placed.files)} of ${label}'s output into ${entry.folder}${extra.length ? ` (${extra.join(', ')})` : ''}`,
        );
        void vscode.window.showInformationMessage(
          `${label} exited with code ${exitCode}: ${filesWord(placed.files)} copied into ${entry.folder}${extra.length ? ` (${extra.join(', ')})` : ''}.`,
        );
      }
    } else {
      await withCancellableProgress(
        `${label} is running on ${describeHost(engine.endpoint)}: its copied volumes are removed when it exits`,
        (signal) => engine.wait(id, signal),
      );
    }
    await cleanUp(services, id, config, plan);
  } catch (err) {
    const volumes = plan.volumes.join(', ');
    if (isCancellation(err)) {
      void vscode.window.showInformationMessage(`Stopped waiting for ${label}. Its volumes stay on the engine: ${volumes}.`);
      return;
    }
    services.output.error(`Copying the output of ${label} back failed: ${engineMessage(err)}`);
    void vscode.window.showErrorMessage(
      `Could not copy the output of ${label} back: ${engineMessage(err)} The output stays in the volume ${volumes}.`,
    );
  }
}

/** A run that was to be removed (--rm) goes with its volumes; a kept one is removed with them only if the person says so. */
async function cleanUp(services: Services, id: string, config: RunConfig, plan: CopyPlan): Promise<void> {
  const label = config.name || config.image;
  let removeContainer = config.autoRemove;
  if (!removeContainer) {
    const choice = await vscode.window.showInformationMessage(
      `${label} exited. Remove it and the volume${plan.volumes.length === 1 ? '' : 's'} made for this run (${plan.volumes.join(', ')})?`,
      'Remove',
      'Keep',
    );
    if (choice !== 'Remove') return;
    removeContainer = true;
  }
  const outcome = await removeRunCopies(services.monitor.engine, removeContainer ? id : undefined, plan);
  for (const refused of outcome.refused) services.output.warn(`Kept the volume ${refused.name}: ${refused.reason}`);
}
