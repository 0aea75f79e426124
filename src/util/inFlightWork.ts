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
   * Keeps `work` until it settles, with the controller whose signal it was given (the one
   * the progress notification's Cancel aborts), so stopAll() can abort it too.
   */
  track<T>(controller: AbortController, work: Promise<T>): Promise<T> {
    const settled = work.finally(() => this.running.delete(controller));
    this.running.set(controller, settled);
    return settled;
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
