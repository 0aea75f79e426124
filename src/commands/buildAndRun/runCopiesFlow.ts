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
import { type CopyRunStep, copyRunExitNote, copyRunNote, placedSummary } from '../../workflows/copyRunNotes';
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

/** The run's log terminal as the flow sees it: a line of ours, once the terminal has said the exit. */
export interface RunLog {
  note(text: string): void;
  /** Resolves once the terminal stopped following (at the exit, with the exit line). */
  followed: Promise<void>;
}

/**
 * After the container of a run with copies exits: each output copied back (asking before
 * replacing files), then the container and the run's volumes removed (or kept, if the
 * person says so). The run's log terminal stops following at the exit with `exitNote` and
 * then says each step, so it never waits for a start that will not come.
 */
export class CopyBackAfterExit {
  /** False once the person stopped the waiting: the exit line then says where the output stays. */
  private waiting = true;
  private readonly label: string;

  constructor(
    private readonly services: Services,
    private readonly config: RunConfig,
    private readonly plan: CopyPlan,
  ) {
    this.label = config.name || config.image;
  }

  /** The log terminal's line at the exit (logFollower's endAtExit). */
  readonly exitNote = (exitCode: number): string => copyRunExitNote(this.label, exitCode, this.plan, this.waiting, this.config.autoRemove);

  /**
   * Waits for the container to exit (a notification with Cancel: cancelling stops only the
   * waiting, and says where the output stays), copies each output back, then cleans up.
   * The terminal's lines wait for its exit line, never the work.
   */
  async run(id: string, log: RunLog): Promise<void> {
    const { services, config, plan, label } = this;
    const say = (step: CopyRunStep) => void log.followed.then(() => log.note(copyRunNote(label, step)));
    const engine = services.monitor.engine;
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
          say({ kind: 'copied', folder: entry.folder, placed });
          services.output.info(`Copied ${placedSummary(placed)} of ${label}'s output into ${entry.folder}`);
          void vscode.window.showInformationMessage(
            `${label} exited with code ${exitCode}: ${placedSummary(placed)} copied into ${entry.folder}.`,
          );
        }
      } else {
        await withCancellableProgress(
          `${label} is running on ${describeHost(engine.endpoint)}: its copied volumes are removed when it exits`,
          (signal) => engine.wait(id, signal),
        );
      }
    } catch (err) {
      const volumes = plan.volumes.join(', ');
      if (isCancellation(err)) {
        this.waiting = false;
        void vscode.window.showInformationMessage(`Stopped waiting for ${label}. Its volumes stay on the engine: ${volumes}.`);
        return;
      }
      say({ kind: 'copy-failed', reason: engineMessage(err), volumes: plan.volumes });
      services.output.error(`Copying the output of ${label} back failed: ${engineMessage(err)}`);
      void vscode.window.showErrorMessage(
        `Could not copy the output of ${label} back: ${engineMessage(err)} The output stays in the volume ${volumes}.`,
      );
      return;
    }
    await this.cleanUp(id, say).catch((err: unknown) => {
      say({ kind: 'remove-failed', reason: engineMessage(err) });
      services.output.error(`Removing ${label} and its volumes failed: ${engineMessage(err)}`);
      void vscode.window.showErrorMessage(`Could not remove ${label} and its volumes: ${engineMessage(err)}`);
    });
  }

  /** A run that was to be removed (--rm) goes with its volumes; a kept one is removed with them only if the person says so. */
  private async cleanUp(id: string, say: (step: CopyRunStep) => void): Promise<void> {
    const { services, config, plan, label } = this;
    if (!config.autoRemove) {
      const choice = await vscode.window.showInformationMessage(
        `${label} exited. Remove it and the volume${plan.volumes.length === 1 ? '' : 's'} made for this run (${plan.volumes.join(', ')})?`,
        'Remove',
        'Keep',
      );
      if (choice !== 'Remove') {
        say({ kind: 'kept', volumes: plan.volumes });
        return;
      }
    }
    const outcome = await removeRunCopies(services.monitor.engine, id, plan);
    for (const refused of outcome.refused) services.output.warn(`Kept the volume ${refused.name}: ${refused.reason}`);
    say({ kind: 'removed', removed: outcome.removed, refused: outcome.refused.map((r) => r.name) });
  }
}
