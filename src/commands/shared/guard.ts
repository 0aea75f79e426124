/**
 * The one way out of a command: whatever its handler throws goes to `onFailure` (which
 * shows it), and the command resolves with undefined instead of rejecting into VS Code,
 * which would show a bare "command failed" with no way to act on it.
 */
export function guard<A extends unknown[], R>(
  handler: (...args: A) => R | PromiseLike<R>,
  onFailure: (err: unknown) => unknown,
): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      await onFailure(err);
      return undefined;
    }
  };
}
