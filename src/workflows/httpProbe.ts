/** Waits until a URL answers HTTP (any status), e.g. a Gradio app that takes a while to start. */

// node:http is loaded on the first probe, not with the extension (~5 ms of its module load).
export async function answersHttp(url: string, timeoutMs = 1500): Promise<boolean> {
  const http = await import('node:http');
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      resolve(false);
    });
  });
}

export async function waitForHttp(
  url: string,
  options: { timeoutMs: number; intervalMs?: number; signal?: AbortSignal; keepTrying?: () => Promise<boolean> },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline && !options.signal?.aborted) {
    if (await answersHttp(url)) {
      return true;
    }
    if (options.keepTrying && !(await options.keepTrying())) {
      return false;
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
  }
  return false;
}
