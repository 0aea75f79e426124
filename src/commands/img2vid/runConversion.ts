/**
 * Runs the convert workflow with a cancellable progress notification, then opens the
 * preview. Shared by "Convert Folder to Video", "… with Options…" and the preview's
 * "Convert Again". Cancelling is an outcome, not an error: it says so quietly.
 */
import { transferMessage } from '../../workflows/convertRemote';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError, engineMessage } from '../../engine/errors';
import type { Services } from '../../services';
import { readImg2vidMemoryLimit } from '../../settings';
import { bundledTemplatesDir } from '../../templates/templateCatalog';
import { type ProgressReport, withCancellableProgress } from '../../ui/progress';
import { type ConvertProgress, type ConvertResult, convertFolder } from '../../workflows/convertFolder';
import { ConverterOutOfMemoryError } from '../../workflows/convertRequest';
import { skipHeadline } from '../../workflows/skipSummary';
import { requireTrust } from '../shared/requireTrust';
import { showFailure } from '../shared/showFailure';

/** Why converting is gated (runConversion and the commands that lead to it say it). */
export const CONVERT_NEEDS_TRUST = 'Converting runs a container over this folder';

export interface ConversionRequest {
  folder: string;
  output: string;
  fps: number;
  overwrite: boolean;
}

export async function runConversion(services: Services, request: ConversionRequest): Promise<ConvertResult | undefined> {
  if (!(await requireTrust(CONVERT_NEEDS_TRUST))) return undefined;
  const name = path.basename(request.folder);
  const log = services.output;
  log.info(`Converting ${request.folder} -> ${request.output} at ${request.fps} fps`);
  // The panel opens now, not once the video is written: its webview loads while the container works.
  const inPreview = services.preview.beginConversion(request.folder, request.output);
  try {
    const result = await withCancellableProgress(
      `Converting ${name} to video`,
      (signal, progress) =>
        convertFolder(
          services.monitor.engine,
          {
            folder: request.folder,
            output: request.output,
            fps: request.fps,
            overwrite: request.overwrite,
            memoryMiB: readImg2vidMemoryLimit(),
            templatesDir: bundledTemplatesDir(services.context.extensionPath),
          },
          progressReporter(progress, log, {
            progress: (message) => inPreview.progress(message),
            // Shown as soon as it is in place: the container's exit and removal go on meanwhile.
            written: (videoPath) => inPreview.end({ outcome: 'written', videoPath }),
          }),
          signal,
        ),
      // Tracked, so that closing the window stops the container too (see deactivate()).
      { track: services.work },
    );
    log.info(`Converter finished and removed, ${result.elapsedMs} ms after the start${result.imageBuilt ? ' (image built)' : ''}`);
    if (path.resolve(result.output) !== path.resolve(request.output)) {
      log.warn(`${request.output} appeared while converting and was kept; the video is ${result.output}.`);
    }
    if (result.skipped.length > 0) {
      // One notification, however many files: their names are in the output, each once (logged as skipped).
      void vscode.window.showWarningMessage(skipHeadline(result.skipped.length, name), 'Show Output').then((c) => c && log.show(true));
    }
    return result;
  } catch (err) {
    if (err instanceof CancelledError) {
      inPreview.end({ outcome: 'cancelled' });
      log.info(`Conversion of ${name} cancelled; no video was written.`);
      void vscode.window.setStatusBarMessage(`Conversion of ${name} cancelled`, 5000);
      return undefined;
    }
    // The converter's own lines were logged as they came; its log is not repeated here.
    if (err instanceof ConverterOutOfMemoryError) {
      inPreview.end({
        outcome: 'failed',
        reason: `${err.message} Raise containerWorkflows.img2vid.memoryLimit (now ${err.limitMiB} MiB).`,
      });
      await offerMoreMemory(services, name, err);
      return undefined;
    }
    inPreview.end({ outcome: 'failed', reason: engineMessage(err) });
    await showFailure(services, `Converting ${name} failed`, err);
    return undefined;
  }
}

/** The workflow's progress as the notification's words and the log's lines. */
function progressReporter(
  progress: ProgressReport,
  log: vscode.LogOutputChannel,
  inPanel: { progress: (message: string) => void; written: (videoPath: string) => void },
): (p: ConvertProgress) => void {
  let done = 0;
  const report: ProgressReport = {
    report: (value) => {
      progress.report(value);
      if (value.message) inPanel.progress(value.message);
    },
  };
  return (p) => {
    switch (p.kind) {
      case 'preparing':
        // Logged too: with the log's times these lines say where a conversion's time went.
        log.info(p.message);
        report.report({ message: p.message });
        break;
      case 'build':
        if (p.event.kind === 'step') report.report({ message: `Building the converter image: step ${p.event.step} of ${p.event.total}` });
        if (p.event.kind === 'output') log.trace(p.event.text.trimEnd());
        break;
      case 'start':
        log.info(`The converter started: ${p.total} images, ${p.width}x${p.height}`);
        report.report({ message: `${p.total} images, ${p.width}×${p.height}` });
        break;
      case 'frame': {
        const percent = (p.frame / Math.max(p.total, 1)) * 100;
        report.report({ message: `frame ${p.frame} of ${p.total}`, increment: percent - done });
        done = percent;
        break;
      }
      case 'skip':
        log.warn(`skipped ${p.file}: ${p.reason}`);
        break;
      case 'output':
        log.info(p.text);
        break;
      case 'written':
        log.info(`Wrote ${p.output}: ${p.frames} frames, ${p.width}x${p.height}, ${p.durationSeconds} s, in ${p.elapsedMs} ms`);
        inPanel.written(p.output);
        break;
      case 'transfer':
        report.report({ message: transferMessage(p.direction, p.bytes, p.total) });
        if (p.bytes === p.total) log.info(transferMessage(p.direction, p.bytes, p.total));
        break;
    }
  };
}

/** Out of memory: the way out is the setting, so the message opens it. */
async function offerMoreMemory(services: Services, name: string, err: ConverterOutOfMemoryError): Promise<void> {
  const message = `Converting ${name} failed: ${err.message} Raise containerWorkflows.img2vid.memoryLimit (now ${err.limitMiB} MiB), or convert smaller images.`;
  services.output.error(message);
  const choice = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output');
  if (choice === 'Open Settings')
    void vscode.commands.executeCommand('workbench.action.openSettings', 'containerWorkflows.img2vid.memoryLimit');
  if (choice === 'Show Output') services.output.show(true);
}
