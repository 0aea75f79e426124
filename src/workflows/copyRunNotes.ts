/**
 * What a remote run with copies (runCopies.ts, runCopyWork.ts) says in its log terminal
 * once the container exits, step by step: its output being copied back, what arrived,
 * and what was removed or kept. The terminal stops following at the exit (a start will not
 * come: the run's end is the flow's), so these lines are the truth of what happens next.
 * Pure; the flow (commands/buildAndRun/runCopiesFlow.ts) writes them.
 */
import type { CopyPlan } from './runCopies';
import type { PlacedOutput } from './runCopyWork';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const volumesWord = (volumes: string[]) => `${volumes.length === 1 ? 'volume' : 'volumes'} ${volumes.join(', ')}`;

/**
 * The exit line. `waiting`: the flow still waits to take over (else the person stopped it
 * waiting, and what the run made stays on the engine). `autoRemove`: the container goes
 * without asking (else the person is asked whether it and its volumes go).
 */
export function copyRunExitNote(label: string, exitCode: number, plan: CopyPlan, waiting: boolean, autoRemove: boolean): string {
  const exited = `${label} exited with code ${exitCode}`;
  if (!waiting) return `[${exited}; its output stays in the ${volumesWord(plan.volumes)} on the engine]`;
  if (plan.copiesBack.length) return `[${exited}; copying its output back to this machine…]`;
  return autoRemove
    ? `[${exited}; removing it and the ${volumesWord(plan.volumes)} made for this run…]`
    : `[${exited}; asking whether to remove it and the ${volumesWord(plan.volumes)} made for this run]`;
}

/** "3 files (1 replaced, 1 kept beside yours)": what one copy back placed, for the terminal, the log and the notification. */
export function placedSummary(placed: PlacedOutput): string {
  const extra = [
    placed.replaced.length ? `${placed.replaced.length} replaced` : '',
    placed.keptBoth.length ? `${placed.keptBoth.length} kept beside yours` : '',
    placed.skipped.length ? `${placed.skipped.length} links or special files left out` : '',
  ].filter(Boolean);
  return `${plural(placed.files, 'file')}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

export type CopyRunStep =
  | { kind: 'copied'; folder: string; placed: PlacedOutput }
  | { kind: 'copy-failed'; reason: string; volumes: string[] }
  /** The container was removed; `removed`/`refused`: the run's volumes that went, and those the engine kept. */
  | { kind: 'removed'; removed: string[]; refused: string[] }
  | { kind: 'kept'; volumes: string[] }
  | { kind: 'remove-failed'; reason: string };

/** One line of the terminal after the exit line; the last one ("Done.") ends what the run's terminal says. */
export function copyRunNote(label: string, step: CopyRunStep): string {
  switch (step.kind) {
    case 'copied':
      return `[Copied ${placedSummary(step.placed)} into ${step.folder}]`;
    case 'copy-failed':
      return `[Could not copy the output back: ${step.reason} It stays in the ${volumesWord(step.volumes)} on the engine.]`;
    case 'removed': {
      const gone = step.removed.length ? ` and the ${volumesWord(step.removed)}` : '';
      const kept = step.refused.length ? `; the engine kept the ${volumesWord(step.refused)} (the output log says why)` : '';
      return `[Removed ${label}${gone}${kept}. Done.]`;
    }
    case 'kept':
      return `[Kept ${label} and the ${volumesWord(step.volumes)} made for this run, as asked. Done.]`;
    case 'remove-failed':
      return `[Could not remove ${label} and the volumes made for this run: ${step.reason}]`;
  }
}
