/**
 * Which template folders apply: the bundled ones always, the person's own
 * (`containerWorkflows.templates.path`) only in a trusted workspace.
 *
 * In Restricted Mode a repository must not be able to supply the files that "Add Docker
 * Files" writes: neither through its own workspace setting (VS Code withholds that one,
 * as a restricted configuration) nor through a relative path in the person's own settings,
 * which resolves inside the repository. So none of the person's folders apply there, and
 * a template of theirs can never stand in for a bundled one such as `greet`.
 */
import * as path from 'node:path';

export interface TemplateRootContext {
  trusted: boolean;
  home: string;
  /** Relative paths are taken from here (the first workspace folder). */
  workspaceFolder?: string;
}

export interface TemplateRootChoice {
  /** The person's folders that apply, resolved. */
  userRoots: string[];
  /** Folders that are set but do not apply now (Restricted Mode), resolved, for messages. */
  withheld: string[];
}

/** The configured folders with `~` and workspace-relative paths resolved. */
export function resolveTemplatePaths(configured: unknown, context: Pick<TemplateRootContext, 'home' | 'workspaceFolder'>): string[] {
  if (!Array.isArray(configured)) return [];
  return configured
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .map((p) => p.trim().replace(/^~(?=$|[\\/])/, context.home))
    .map((p) => (path.isAbsolute(p) || !context.workspaceFolder ? p : path.join(context.workspaceFolder, p)));
}

export function templateRootsFor(configured: unknown, context: TemplateRootContext): TemplateRootChoice {
  const resolved = resolveTemplatePaths(configured, context);
  return context.trusted ? { userRoots: resolved, withheld: [] } : { userRoots: [], withheld: resolved };
}
