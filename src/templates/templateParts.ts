/**
 * A compose template's parts: other templates, each written whole into a sub-folder that
 * its compose file builds from. The compose template holds no copy of their files: what a
 * part writes (its own files, and whatever it takes from elsewhere) is what the part's own
 * scaffold would write, so the apps side by side stay the apps on their own.
 */
import * as path from 'node:path';
import type { Template } from './catalog';

export interface ResolvedPart {
  folder: string;
  template: Template;
}

/** A file a template writes and builds with: where it goes, and where it is read from. */
export interface TemplateSource {
  /** Relative to the target folder (and to the build context). */
  relative: string;
  source: string;
}

/** The template's own files, then the ones it shares with a sibling template (not its parts'). */
export function templateSources(template: Pick<Template, 'folder' | 'files' | 'shared'>): TemplateSource[] {
  return [
    ...template.files.map((relative) => ({ relative, source: path.join(template.folder, relative) })),
    ...template.shared.map(({ from, to }) => ({ relative: to, source: path.join(template.folder, from) })),
  ];
}

/**
 * Links each template's parts to the templates of those ids (the catalog's final list, so
 * a user's template of the same id is the one used). A template whose parts cannot be
 * resolved is dropped, with a problem that says why.
 */
export function resolveParts(templates: Template[]): { templates: Template[]; problems: string[] } {
  const byId = new Map(templates.map((t) => [t.id, t]));
  const problems: string[] = [];
  const resolved: Template[] = [];
  for (const template of templates) {
    if (template.parts.length === 0) {
      resolved.push(template);
      continue;
    }
    const where = path.join(template.folder, 'template.json');
    const parts: ResolvedPart[] = [];
    let problem: string | undefined;
    for (const { template: id, folder } of template.parts) {
      const part = byId.get(id);
      if (!part) problem = `its part "${id}" is not a template in the catalog`;
      else if (part.id === template.id) problem = 'it names itself as a part';
      else if (part.parts.length > 0) problem = `its part "${id}" has parts of its own, which is not supported`;
      else parts.push({ folder, template: part });
      if (problem) break;
    }
    if (!problem && !template.files.includes(template.dockerfile)) {
      const part = parts.find((p) => template.dockerfile.startsWith(`${p.folder}/`));
      const inPart = part ? template.dockerfile.slice(part.folder.length + 1) : undefined;
      if (!part || !inPart || !sourcesOf(part.template).some((f) => f.relative === inPart)) {
        problem = `"dockerfile" (${template.dockerfile}) is not a file of its parts`;
      }
    }
    if (problem) {
      problems.push(`Invalid template manifest ${where}: ${problem}.`);
    } else {
      resolved.push({ ...template, resolvedParts: parts });
    }
  }
  return { templates: resolved, problems };
}

/**
 * Every file a template writes: its own, then each part's under the part's folder. A
 * template with parts that were never resolved (loaded on its own, outside a catalog)
 * is refused rather than written half.
 */
export function templateFileSources(template: Template): TemplateSource[] {
  if (template.parts.length > 0 && !template.resolvedParts) {
    throw new Error(`The template ${template.id} is made of other templates (${template.parts.map((p) => p.template).join(', ')}); load it through the catalog.`);
  }
  return sourcesOf(template);
}

function sourcesOf(template: Template): TemplateSource[] {
  const own = templateSources(template);
  const fromParts = (template.resolvedParts ?? []).flatMap(({ folder, template: part }) =>
    sourcesOf(part).map((f) => ({ relative: `${folder}/${f.relative}`, source: f.source })),
  );
  return [...own, ...fromParts];
}

/** The file to open once a template is written: a compose template's compose file, else its Dockerfile. */
export function fileToOpenAfterScaffold(template: Template, targetDir: string, dockerfile: string): string {
  return template.compose ? path.join(targetDir, template.compose) : dockerfile;
}
