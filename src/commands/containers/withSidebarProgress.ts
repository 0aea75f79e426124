/**
 * Progress for an action started from the sidebar: the view's own progress bar when the
 * view is visible (where the person is looking), else a notification. Cancellable: the
 * engine call is aborted, and cancelling is an outcome, not an error.
 */
import * as vscode from 'vscode';

export function withSidebarProgress<T>(
  view: vscode.TreeView<unknown> | undefined,
  viewId: string,
  title: string,
  task: (signal: AbortSignal) => Promise<T>,
): Thenable<T> {
  const location = view?.visible ? { viewId } : vscode.ProgressLocation.Notification;
  return vscode.window.withProgress({ location, title, cancellable: true }, async (_progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      return await task(controller.signal);
    } finally {
      subscription.dispose();
    }
  });
}
