/**
 * What a run task does, without `vscode` (the pseudoterminal in runTaskProvider.ts only
 * passes its write and its close through): create the container, attach before starting so
 * no output is missed, start it, and end with its exit code. Terminating the task (the
 * signal) stops the container.
 *
 * "Remove when done" is done here rather than by the engine's auto-remove: a container the
 * engine removes on exit can be gone before its exit code is asked for, and a task without
 * its exit code cannot fail.
 */
import type { ContainerEngine, RunRequest } from '../engine/engine';
import { EngineRequestError, engineMessage } from '../engine/errors';
import { explainRunError } from '../workflows/explainRunError';
import { DIM, RED, RESET, toTerminalText } from '../terminals/terminalText';

export type RunTaskEngine = Pick<ContainerEngine, 'create' | 'attach' | 'start' | 'wait' | 'stop' | 'remove'>;

/** The task's exit code when it was terminated, as a shell gives for Ctrl+C. */
export const TERMINATED_EXIT_CODE = 130;

export async function executeRunTask(
  engine: RunTaskEngine,
  request: RunRequest,
  write: (text: string) => void,
  signal: AbortSignal,
): Promise<number> {
  const label = request.name || request.image;
  const note = (text: string) => write(`${DIM}${toTerminalText(text)}${RESET}\r\n`);
  note(`Running ${label}${request.autoRemove ? ' (removed when done)' : ''}. Terminating the task stops it.`);
  let id: string | undefined;
  try {
    id = await engine.create({ ...request, autoRemove: false }, signal);
    const containerId = id;
    let markAttached!: () => void;
    const attached = new Promise<void>((resolve) => (markAttached = resolve));
    const output = engine.attach(
      containerId,
      (text, stream) => write(stream === 'stderr' ? `${RED}${toTerminalText(text)}${RESET}` : toTerminalText(text)),
      markAttached,
      signal,
    );
    // Its failure is awaited below; this only keeps an early one from going unhandled.
    output.catch(() => undefined);
    await Promise.race([attached, output]);
    await engine.start(containerId, signal);
    const exitCode = await engine.wait(containerId, signal);
    // The output stream ends when the container does: all of it is in the terminal now.
    await output;
    const summary = `${label} exited with code ${exitCode}.`;
    if (exitCode === 0) note(summary);
    else write(`${RED}${summary}${RESET}\r\n`);
    return exitCode;
  } catch (err) {
    if (signal.aborted) {
      note(id ? `Stopping ${label}…` : 'Cancelled.');
      return TERMINATED_EXIT_CODE;
    }
    const reason = err instanceof EngineRequestError ? explainRunError(err.message) : engineMessage(err);
    write(`${RED}Could not run ${request.image}: ${toTerminalText(reason)}${RESET}\r\n`);
    return 1;
  } finally {
    if (id) await cleanUp(engine, id, request, signal.aborted, note);
  }
}

async function cleanUp(engine: RunTaskEngine, id: string, request: RunRequest, terminated: boolean, note: (text: string) => void) {
  // No signal: the task's own one has aborted, and this must still happen.
  if (terminated) await engine.stop(id).catch(() => undefined);
  if (request.autoRemove) {
    await engine.remove(id, { force: true, volumes: true }).catch(() => undefined);
  } else if (terminated) {
    note(`Stopped ${request.name || id.slice(0, 12)}; it is kept (the task's autoRemove is false).`);
  }
}
