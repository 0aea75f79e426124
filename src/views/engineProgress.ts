/**
 * Progress for a quick engine request the person waits for (inspect, the first look at
 * an image before a run): nothing while the engine answers at once, and after `delayMs`
 * a notification with Cancel, so an engine that hangs never leaves them waiting with no
 * way out. Cancel aborts the request (CancelledError); the request's own deadline
 * (errors.ts withRequestTimeout) ends it with a message if nobody cancels.
 */
import * as vscode from 'vscode';

export const PROGRESS_DELAY_MS = 400;

export async function withEngineProgress<T>(
  title: string,
  task: (signal: AbortSignal) => Promise<T>,
  delayMs = PROGRESS_DELAY_MS,
): Promise<T> {
  const controller = new AbortController();
  const running = task(controller.signal);
  let settled = false;
  const ended = running
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => {
      settled = true;
    });
  const timer = setTimeout(() => {
    if (settled) return;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      const subscription = token.onCancellationRequested(() => controller.abort());
      return ended.finally(() => subscription.dispose());
    });
  }, delayMs);
  try {
    return await running;
  } finally {
    clearTimeout(timer);
  }
}
