/**
 * "Run Interactive…" (and "… with Options…"): a fresh container of an image with a TTY
 * in a terminal, `docker run --rm -it image [program]`. The program is the image's own
 * command, python / bash / sh where the image has them (probed without running anything),
 * or a typed one; with options, the run form's volumes, ports and environment apply.
 */
import * as vscode from 'vscode';
import { probePrograms } from '../../engine/interactive/programProbe';
import type { RunRequest } from '../../engine/engine';
import type { Services } from '../../services';
import { openInteractiveTerminal } from '../../terminals/interactiveTerminal';
import { failingAs } from '../../ui/failure';
import { withDelayedProgress } from '../../ui/progress';
import { toRunRequest } from '../../workflows/runConfig';
import { chooseRunConfig, pickImageRef } from '../buildAndRun/runImage';
import { requireTrust } from '../shared/requireTrust';
import { imageRef } from '../shared/targets';
import { type ProgramPick, interactiveTerminalName, programChoices, typedProgram } from './programChoices';

export function runInteractive(services: Services, options: { withOptions: boolean }) {
  return async (arg?: unknown): Promise<void> => {
    if (!(await requireTrust('Running an image starts its code'))) return;
    const engine = services.monitor.engine;
    const ref = imageRef(arg) ?? (await pickImageRef(engine));
    if (!ref) return;
    const pick = await pickProgram(services, ref);
    if (!pick) return;
    let run: RunRequest = { image: ref };
    if (options.withOptions) {
      const chosen = await chooseRunConfig(services, ref, `Run ${ref} interactively`);
      if (!chosen) return;
      // The picked program decides the command; the form gives volumes, ports, env, name, user.
      run = { ...toRunRequest(chosen), args: undefined };
    }
    openInteractiveTerminal(
      interactiveTerminalName(ref, pick),
      { run: { ...run, args: pick.args }, program: pick.program },
      { api: () => services.monitor.engine.api, work: services.work, onUnavailable: (err) => services.monitor.reportUnavailable(err) },
    );
  };
}

async function pickProgram(services: Services, ref: string): Promise<ProgramPick | undefined> {
  const programs = await failingAs(`Could not look into the image ${ref}`, () =>
    withDelayedProgress(`Run ${ref}: looking for python, bash and sh…`, (signal) =>
      probePrograms(services.monitor.engine.api, ref, signal),
    ),
  );
  const choice = await vscode.window.showQuickPick(programChoices(programs), {
    title: `Run ${ref} interactively`,
    placeHolder: 'What to run in the terminal',
    ignoreFocusOut: true,
  });
  if (!choice) return undefined;
  if (choice.choice === 'pick') return choice.pick;
  const line = await vscode.window.showInputBox({
    title: `Run ${ref} interactively: the command`,
    prompt: 'A program and its arguments, quoted as in a shell',
    ignoreFocusOut: true,
    validateInput: (text) => {
      const typed = typedProgram(text);
      return 'error' in typed ? typed.error : undefined;
    },
  });
  if (line === undefined) return undefined;
  const typed = typedProgram(line);
  return 'error' in typed ? undefined : typed;
}
