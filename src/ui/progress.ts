/**
 * Progress with Cancel for work on the engine, wired to an AbortSignal: the one place a
 * progress notification's cancel becomes an abort. Cancelling is an outcome, not an
 * error: the work ends with CancelledError, which the command leaves unsaid.
 *
 * - withCancellableProgress: long work (a build, a conversion, removing containers), shown
 *   at once; in a view's own progress bar when it is visible (where the person looks).
 * - withDelayedProgress: a quick request the person waits for (inspect, the first look at
 *   an image): nothing at first, a notification with Cancel only if the engine is slow,
 *   so an engine that hangs never leaves them without a way out; the request's own
 *   deadline (engine/errors.ts withRequestTimeout) ends it if nobody cancels.
 */
import * as vscode from 'vscode';
import type { InFlightWork } from '../util/inFlightWork';
import { NOTICE_DELAY_MS, withLateNotice } from './lateNotice';

export type ProgressReport = vscode.Progress<{ message?: string; increment?: number }>;

export interface ProgressOptions {
  /** A view whose own progress bar is used while it is visible; a notification otherwise. */
  view?: { id: string; treeView: vscode.TreeView<unknown> | undefined };
  /** Work that must stop when the window closes (deactivate() aborts what this tracks). */
  track?: InFlightWork;
}

/** Aborts `controller` when the token is cancelled, until disposed. */
function abortOnCancel(token: vscode.CancellationToken, controller: AbortController): vscode.Disposable {
  return token.onCancellationRequested(() => controller.abort());
}

export async function withCancellableProgress<T>(
  title: string,
  task: (signal: AbortSignal, progress: ProgressReport) => Promise<T>,
  options: ProgressOptions = {},
): Promise<T> {
  const location = options.view?.treeView?.visible ? { viewId: options.view.id } : vscode.ProgressLocation.Notification;
  return await vscode.window.withProgress({ location, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subscription = abortOnCancel(token, controller);
    try {
      const work = task(controller.signal, progress);
      return await (options.track ? options.track.track(controller, work) : work);
    } finally {
      subscription.dispose();
    }
  });
}

export function withDelayedProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>, delayMs = NOTICE_DELAY_MS): Promise<T> {
  return withLateNotice(
    task,
    (controller, ended) => {
      void vscode.window.withProgress<void>(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        (_progress, token) => {
          const subscription = abortOnCancel(token, controller);
          return ended.finally(() => {
            subscription.dispose();
          });
        },
      );
    },
    delayMs,
  );
}
