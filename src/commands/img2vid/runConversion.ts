/**
 * Runs the convert workflow with a cancellable progress notification, then opens the
 * preview. Shared by "Convert Folder to Video", "… with Options…" and the preview's
 * "Convert Again". Cancelling is an outcome, not an error: it says so quietly.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError, EngineUnavailableError } from '../../engine/errors';
import type { Services } from '../../services';
import { bundledTemplatesDir } from '../../templates/templateCatalog';
import { readImg2vidMemoryLimit } from '../../settings';
import { ConverterOutOfMemoryError, type ConvertResult, convertFolder } from '../../workflows/convertFolder';
import { skipHeadline } from '../../workflows/skipSummary';
import { requireTrust } from '../requireTrust';

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
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Converting ${name} to video`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        let done = 0;
        try {
          // Tracked, so that closing the window stops the container too (see deactivate()).
          return await services.work.track(
            controller,
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
              (p) => {
                switch (p.kind) {
                  case 'preparing':
                    progress.report({ message: p.message });
                    break;
                  case 'build':
                    if (p.event.kind === 'step')
                      progress.report({ message: `Building the converter image: step ${p.event.step} of ${p.event.total}` });
                    if (p.event.kind === 'output') log.trace(p.event.text.trimEnd());
                    break;
                  case 'start':
                    progress.report({ message: `${p.total} images, ${p.width}×${p.height}` });
                    break;
                  case 'frame': {
                    const percent = (p.frame / Math.max(p.total, 1)) * 100;
                    progress.report({ message: `frame ${p.frame} of ${p.total}`, increment: percent - done });
                    done = percent;
                    break;
                  }
                  case 'skip':
                    log.warn(`skipped ${p.file}: ${p.reason}`);
                    break;
                  case 'output':
                    log.info(p.text);
                    break;
                }
              },
              controller.signal,
            ),
          );
        } finally {
          subscription.dispose();
        }
      },
    );
    log.info(
      `Wrote ${result.output}: ${result.frames} frames, ${result.width}x${result.height}, ${result.durationSeconds} s, in ${result.elapsedMs} ms${result.imageBuilt ? ' (image built)' : ''}`,
    );
    if (path.resolve(result.output) !== path.resolve(request.output)) {
      log.warn(`${request.output} appeared while converting and was kept; the video is ${result.output}.`);
    }
    if (result.skipped.length > 0) {
      // One notification, however many files: their names are in the output, each once (logged as skipped).
      void vscode.window.showWarningMessage(skipHeadline(result.skipped.length, name), 'Show Output').then((c) => c && log.show(true));
    }
    services.preview.show(result.output, request.folder);
    return result;
  } catch (err) {
    if (err instanceof CancelledError) {
      log.info(`Conversion of ${name} cancelled; no video was written.`);
      void vscode.window.setStatusBarMessage(`Conversion of ${name} cancelled`, 5000);
      return undefined;
    }
    if (err instanceof EngineUnavailableError) {
      services.monitor.reportUnavailable(err);
    }
    // The converter's own lines were logged as they came; its log is not repeated here.
    if (err instanceof ConverterOutOfMemoryError) {
      const advice = `Raise containerWorkflows.img2vid.memoryLimit (now ${err.limitMiB} MiB), or convert smaller images.`;
      log.error(`Converting ${name} failed: ${err.message} ${advice}`);
      const choice = await vscode.window.showErrorMessage(
        `Converting ${name} failed: ${err.message} ${advice}`,
        'Open Settings',
        'Show Output',
      );
      if (choice === 'Open Settings')
        void vscode.commands.executeCommand('workbench.action.openSettings', 'containerWorkflows.img2vid.memoryLimit');
      if (choice === 'Show Output') log.show(true);
      return undefined;
    }
    const message = err instanceof EngineUnavailableError ? `${err.problem.summary} ${err.problem.action}` : (err as Error).message;
    log.error(`Converting ${name} failed: ${message}`);
    const choice = await vscode.window.showErrorMessage(`Converting ${name} failed: ${message}`, 'Show Output');
    if (choice) log.show(true);
    return undefined;
  }
}
