/**
 * The create options of an interactive run, `docker run --rm -it` in the engine's terms:
 * a TTY, stdin kept open while attached and closed for good when the client lets go
 * (StdinOnce: the program reads end-of-file, as after Ctrl+D), removed by the engine when
 * it ends. Built on runArgs.ts, so the run form's ports, volumes and environment apply as
 * they do for any run. Pure.
 */
import type { ContainerCreateOptions } from 'dockerode';
import { OWNER_LABEL, OWNER_VALUE, PURPOSE_LABEL, type RunRequest } from '../engine';
import { type RunAdditions, applyRunAdditions } from '../runAdditions';
import { toCreateOptions } from '../runArgs';

export interface InteractiveRequest {
  /** The run form's choices (image, env, ports, volumes, ...); `args` go to the command. */
  run: RunRequest;
  additions?: RunAdditions;
  /** A program to run instead of the image's ENTRYPOINT (python, bash, sh as found); unset: the image's own command. */
  program?: string;
  /** The terminal's size at the start. */
  columns?: number;
  rows?: number;
}

export const INTERACTIVE_PURPOSE = 'interactive';

/** The body of `POST /containers/create` and its `name` (a query parameter there). */
export function interactiveCreate(request: InteractiveRequest): { name?: string; body: Omit<ContainerCreateOptions, 'name'> } {
  const base = toCreateOptions({ ...request.run, tty: true, autoRemove: true });
  const { name, ...body } = applyRunAdditions(base, request.additions ?? {});
  return {
    name,
    body: {
      ...body,
      // A picked program replaces the ENTRYPOINT; the image's CMD is then not used either (as `--entrypoint`).
      ...(request.program ? { Entrypoint: [request.program], Cmd: request.run.args ?? [] } : {}),
      Labels: { ...(body.Labels ?? {}), [OWNER_LABEL]: OWNER_VALUE, [PURPOSE_LABEL]: INTERACTIVE_PURPOSE },
      Tty: true,
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    },
  };
}
