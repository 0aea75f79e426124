/**
 * Finds templates: the bundled `templates/` folder plus the user's own folders from
 * `containerWorkflows.templates.path`. A folder may hold one template (it has a
 * template.json) or several (subfolders with template.json). A broken manifest does not
 * hide the others: it comes back in `problems` with the file named.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ManifestError, type TemplateManifest, validateManifest } from './manifest';
import { type ResolvedPart, resolveParts } from './templateParts';

export { type TemplateSource, templateSources } from './templateParts';

export interface Template extends TemplateManifest {
  /** Folder the template's files live in. */
  folder: string;
  /** True for the templates that ship with the extension. */
  builtIn: boolean;
  /** Its `parts`, linked to their templates by the catalog (templateParts.ts). */
  resolvedParts?: ResolvedPart[];
}

export interface Catalog {
  templates: Template[];
  problems: string[];
}

export const MANIFEST_FILE = 'template.json';

export function loadTemplate(folder: string, builtIn: boolean): Template {
  const file = path.join(folder, MANIFEST_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ManifestError(file, err instanceof SyntaxError ? `not valid JSON (${err.message})` : `cannot be read (${(err as Error).message})`);
  }
  const manifest = validateManifest(raw, file);
  for (const f of manifest.files) {
    if (!fs.existsSync(path.join(folder, f))) {
      throw new ManifestError(file, `lists "${f}", which is not in ${folder}`);
    }
  }
  for (const { from } of manifest.shared) {
    if (!fs.statSync(path.join(folder, from), { throwIfNoEntry: false })?.isFile()) {
      throw new ManifestError(file, `shares "${from}", which is not a file in ${path.dirname(folder)}`);
    }
  }
  return { ...manifest, folder, builtIn };
}

function templateFolders(root: string): string[] {
  if (fs.existsSync(path.join(root, MANIFEST_FILE))) {
    return [root];
  }
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(root, e.name, MANIFEST_FILE)))
    .map((e) => path.join(root, e.name))
    .sort();
}

export function loadCatalog(builtInRoot: string, userRoots: string[] = []): Catalog {
  const templates: Template[] = [];
  const problems: string[] = [];
  const roots = [{ root: builtInRoot, builtIn: true }, ...userRoots.map((root) => ({ root, builtIn: false }))];
  for (const { root, builtIn } of roots) {
    if (!fs.existsSync(root)) {
      problems.push(`Template folder ${root} does not exist (containerWorkflows.templates.path).`);
      continue;
    }
    for (const folder of templateFolders(root)) {
      try {
        const template = loadTemplate(folder, builtIn);
        const clash = templates.findIndex((t) => t.id === template.id);
        if (clash >= 0) {
          // The user's own template of the same id wins: that is the point of the setting.
          templates[clash] = template;
        } else {
          templates.push(template);
        }
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
  }
  // Parts are linked last: they may name a template of any folder, the user's included.
  const linked = resolveParts(templates);
  return { templates: linked.templates, problems: [...problems, ...linked.problems] };
}
