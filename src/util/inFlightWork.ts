/**
 * Long work the extension has started (conversions, builds). Closing or reloading the window
 * must not leave a conversion's container running on the engine: deactivate() aborts each
 * piece of work and waits, briefly, for its own cleanup (kill and remove the container,
 * delete the partial file) to finish. No `vscode` import.
 */
export class InFlightWork {
  private readonly running = new Map<AbortController, Promise<unknown>>();

  /** How many pieces of work are running now. */
  get size(): number {
    return this.running.size;
  }

  /**
   * Runs `work` with a signal that aborts when `cancel` does (the progress notification's
   * Cancel) or when everything is stopped; it is forgotten once it settles.
   */
  run<T>(work: (signal: AbortSignal) => Promise<T>, cancel?: AbortSignal): Promise<T> {
    const controller = new AbortController();
    const onCancel = () => controller.abort();
    if (cancel?.aborted) controller.abort();
    else cancel?.addEventListener('abort', onCancel, { once: true });
    const promise = (async () => {
      try {
        return await work(controller.signal);
      } finally {
        cancel?.removeEventListener('abort', onCancel);
        this.running.delete(controller);
      }
    })();
    this.running.set(controller, promise);
    return promise;
  }

  /** Aborts everything running and waits until each has cleaned up, or `graceMs` passed. */
  async stopAll(graceMs: number): Promise<void> {
    const pending = [...this.running.entries()];
    if (pending.length === 0) return;
    for (const [controller] of pending) controller.abort();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    try {
      await Promise.race([Promise.allSettled(pending.map(([, promise]) => promise)), grace]);
    } finally {
      clearTimeout(timer);
    }
  }
}
