/**
 * A notice that appears only when work takes a while: nothing while the engine answers at
 * once, and after `delayMs` whatever `showNotice` puts up (a notification with Cancel),
 * kept until the work ends. No `vscode` here: progress.ts hands in the notification.
 */
export const NOTICE_DELAY_MS = 400;

/**
 * Runs `task` with a signal that `showNotice`'s cancel aborts. `showNotice` gets that
 * controller and a promise that settles when the task does (its notice lasts as long).
 */
export async function withLateNotice<T>(
  task: (signal: AbortSignal) => Promise<T>,
  showNotice: (controller: AbortController, ended: Promise<void>) => void,
  delayMs = NOTICE_DELAY_MS,
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
    if (!settled) showNotice(controller, ended);
  }, delayMs);
  try {
    return await running;
  } finally {
    clearTimeout(timer);
  }
}
