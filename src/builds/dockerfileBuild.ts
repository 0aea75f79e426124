/**
 * One build of a Dockerfile with the person's choices, for the Build Image command and the
 * build task alike: the labels the Images view reads, the engine's build through
 * workflows/build/buildDockerfile, and the failing step's lines in the Problems panel
 * (cleared by the next successful build of that file).
 */
import * as fs from 'node:fs/promises';
import type { BuildEvent, BuildResult } from '../engine/engine';
import { CONTEXT_LABEL, OWNER_LABEL, OWNER_VALUE, TEMPLATE_LABEL } from '../engine/engine';
import type { Services } from '../services';
import { readTemplatePaths } from '../settings';
import { loadTemplates } from '../templates/templateCatalog';
import { toBuildRequest, type BuildChoices } from '../workflows/build/buildChoices';
import { BuildProblemsError, buildDockerfile } from '../workflows/build/buildDockerfile';
import { readDockerfileFacts } from '../workflows/build/dockerfileFacts';
import { templateOfDockerfile } from '../workflows/imageTemplate';

export type BuildServices = Pick<Services, 'context' | 'monitor' | 'buildProblems'>;

export async function buildWithProblems(
  services: BuildServices,
  choices: BuildChoices,
  onEvent: (event: BuildEvent) => void,
  signal: AbortSignal,
): Promise<BuildResult> {
  const facts = readDockerfileFacts(await fs.readFile(choices.dockerfile, 'utf8'));
  const template = templateOfDockerfile(choices.dockerfile, loadTemplates(services.context.extensionPath, readTemplatePaths()).templates);
  const labels: Record<string, string> = { [OWNER_LABEL]: OWNER_VALUE, [CONTEXT_LABEL]: choices.contextDir };
  if (template) labels[TEMPLATE_LABEL] = template.id;
  const engine = services.monitor.engine;
  try {
    const result = await buildDockerfile((r, e, s) => engine.build(r, e, s), toBuildRequest(choices, facts, labels), onEvent, signal);
    services.buildProblems.clear(choices.dockerfile);
    return result;
  } catch (err) {
    // Shown where the person looks for them; the failure itself still goes to the caller.
    if (err instanceof BuildProblemsError) services.buildProblems.show(choices.dockerfile, err.problems);
    throw err;
  }
}
