/**
 * What "Run Interactive…" offers to run in a fresh container, and what a pick means: the
 * image's own command, python / bash / sh where the image has them, or a typed command
 * line. Pure (no vscode), so the offer and its meaning are unit-tested.
 */
import type { ImagePrograms } from '../../engine/interactive/programProbe';
import { parseArgumentLine } from '../../workflows/runValidation';

/** What runs: `program` replaces the ENTRYPOINT (as `--entrypoint`), `args` follow it; neither: the image's own command. */
export interface ProgramPick {
  program?: string;
  args?: string[];
  /** For the terminal's name: what the person picked, in a word or two. */
  title: string;
}

export type ProgramChoice = { label: string; description?: string } & ({ choice: 'pick'; pick: ProgramPick } | { choice: 'type' });

export function programChoices(programs: ImagePrograms): ProgramChoice[] {
  const choices: ProgramChoice[] = [];
  if (programs.defaultCommand.length > 0) {
    const line = programs.defaultCommand.join(' ');
    choices.push({ choice: 'pick', label: "The image's command", description: line, pick: { title: programs.defaultCommand[0] } });
  }
  for (const found of programs.found) {
    choices.push({ choice: 'pick', label: found.program, description: found.path, pick: { program: found.path, title: found.program } });
  }
  choices.push({ choice: 'type', label: 'Type a command…', description: 'e.g. python -q, or /bin/ls -la /' });
  return choices;
}

/** A typed command line as a pick, or the reason it is not one. */
export function typedProgram(line: string): ProgramPick | { error: string } {
  const parsed = parseArgumentLine(line.trim());
  if ('error' in parsed) return parsed;
  const [program, ...args] = parsed.args;
  if (!program) return { error: 'Type the program to run, e.g. python or /bin/sh.' };
  return { program, args, title: program };
}

/** The terminal's name: which image, running what. */
export function interactiveTerminalName(image: string, pick: ProgramPick): string {
  return `${pick.title} in ${image}`;
}
