/**
 * What a compose command was given, and the small decisions around it, without the editor
 * (unit-tested: test/unit/composeSources.test.ts). From the Explorer VS Code passes the
 * file's Uri; from a project node in the Containers view, the node; from the palette,
 * nothing, and the command asks for a file.
 */
import type { ComposeCommand } from './composeCommands';
import { isComposeFilePath } from './composeFiles';
import type { ComposeProblem } from './composeProblems';
import type { ComposeProject } from './composeProjects';

export type ComposeSource = { kind: 'file'; file: string } | { kind: 'project'; project: ComposeProject } | { kind: 'none' };

function isProjectHolder(value: unknown): value is { project: ComposeProject } {
  const project = (value as { project?: { name?: unknown; members?: unknown } } | undefined)?.project;
  return typeof project === 'object' && project !== null && typeof project.name === 'string' && Array.isArray(project.members);
}

/** A file path from a Uri-like argument (anything with a string `fsPath`) or a plain path. */
function filePathOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  const fsPath = (value as { fsPath?: unknown; scheme?: unknown } | undefined)?.fsPath;
  const scheme = (value as { scheme?: unknown } | undefined)?.scheme;
  return typeof fsPath === 'string' && fsPath && (scheme === undefined || scheme === 'file') ? fsPath : undefined;
}

/**
 * The first argument decides: a project node, a file (of any name: `-f` takes it, and the
 * menus only offer compose file names), or nothing.
 */
export function composeSourceFrom(args: readonly unknown[]): ComposeSource {
  const [first] = args;
  if (isProjectHolder(first)) return { kind: 'project', project: first.project };
  const file = filePathOf(first);
  return file ? { kind: 'file', file } : { kind: 'none' };
}

/** What a source is called in titles and messages. */
export function composeSourceLabel(source: Exclude<ComposeSource, { kind: 'none' }>, basename: (p: string) => string): string {
  return source.kind === 'project' ? `project ${source.project.name}` : basename(source.file);
}

export const KEEP_VOLUMES = 'Keep Volumes';
export const REMOVE_VOLUMES = 'Remove Volumes Too';

/** The Down question: named volumes hold data, so removing them is asked, never assumed. */
export function downQuestion(label: string): { message: string; detail: string; choices: string[] } {
  return {
    message: `Compose Down ${label}?`,
    detail:
      'Its containers and networks are removed. Its named volumes (the data its services keep) stay unless you choose to remove them too; that cannot be undone.',
    choices: [KEEP_VOLUMES, REMOVE_VOLUMES],
  };
}

/** The answer as a command; undefined (dismissed) does nothing. */
export function downCommandFor(answer: string | undefined): ComposeCommand | undefined {
  if (answer === KEEP_VOLUMES) return { kind: 'down', volumes: false };
  if (answer === REMOVE_VOLUMES) return { kind: 'down', volumes: true };
  return undefined;
}

/**
 * The problems per file, for the Problems view: a problem that names no file belongs to
 * the first file given. Every file checked gets an entry, so an empty list clears old ones.
 */
export function problemsByFile(problems: readonly ComposeProblem[], files: readonly string[]): Map<string, ComposeProblem[]> {
  const byFile = new Map<string, ComposeProblem[]>(files.map((f) => [f, []]));
  for (const problem of problems) {
    const file = problem.file || files[0];
    byFile.set(file, [...(byFile.get(file) ?? []), { ...problem, file }]);
  }
  return byFile;
}

/** Whether a saved or opened document is one whose problems the extension shows. */
export function isCheckedComposeDocument(doc: { uri: { scheme: string; fsPath: string } }): boolean {
  return doc.uri.scheme === 'file' && isComposeFilePath(doc.uri.fsPath);
}
