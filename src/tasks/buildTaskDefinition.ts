/**
 * A `containerWorkflows.build` task from tasks.json, as build choices (pure). Paths are
 * taken from the task's workspace folder: `context` (default the folder itself) and
 * `dockerfile` (default `Dockerfile` in the context), as `docker build -f` reads them when
 * run from the folder.
 */
import * as path from 'node:path';
import type { BuildChoices } from '../workflows/build/buildChoices';
import { validateTag } from '../workflows/imageTemplate';

export const BUILD_TASK_TYPE = 'containerWorkflows.build';

export interface BuildTaskDefinition {
  type: typeof BUILD_TASK_TYPE;
  tag: string;
  dockerfile?: string;
  context?: string;
  target?: string;
  args?: Record<string, string>;
  noCache?: boolean;
  pull?: boolean;
}

/** The choices the task stands for, or what is wrong with it (said in the task's terminal). */
export function choicesFromTask(definition: Partial<BuildTaskDefinition>, folder: string): BuildChoices | { problem: string } {
  const tag = typeof definition.tag === 'string' ? definition.tag.trim() : '';
  const tagProblem = tag ? validateTag(tag) : 'the task needs a "tag" for the image';
  if (tagProblem) return { problem: tagProblem };
  const args = definition.args ?? {};
  const badArg = Object.entries(args).find(([, value]) => typeof value !== 'string');
  if (badArg) return { problem: `the build argument "${badArg[0]}" must be a string` };
  const contextDir = path.resolve(folder, definition.context ?? '.');
  const dockerfile = definition.dockerfile ? path.resolve(folder, definition.dockerfile) : path.join(contextDir, 'Dockerfile');
  return {
    dockerfile,
    contextDir,
    tag,
    target: definition.target || undefined,
    buildArgs: { ...args },
    noCache: definition.noCache === true,
    pull: definition.pull === true,
  };
}

/** Terminal text: the engine's "\n" lines as a terminal wants them. */
export function terminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
