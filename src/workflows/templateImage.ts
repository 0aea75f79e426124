/**
 * An image built from a bundled template, rebuilt only when the template's files change:
 * the hash of those files is kept as an image label and compared before every use, so a
 * repeat run starts at once and an unchanged template is never rebuilt.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildEvent, ContainerEngine } from '../engine/engine';
import { OWNER_LABEL, OWNER_VALUE, TEMPLATE_HASH_LABEL, TEMPLATE_LABEL } from '../engine/engine';
import { type TemplateSource, loadTemplate, templateSources } from '../templates/catalog';
import { templateBuildContext } from '../templates/templateContext';

/** SHA-256 over files, names and contents, in a fixed order. */
export function hashSources(sources: TemplateSource[]): string {
  const hash = crypto.createHash('sha256');
  const byName = (a: TemplateSource, b: TemplateSource) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0);
  for (const { relative, source } of [...sources].sort(byName)) {
    hash.update(relative.replace(/\\/g, '/'));
    hash.update('\0');
    hash.update(fs.readFileSync(source));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** SHA-256 over files of one folder, names and contents, in a fixed order. */
export function hashTemplateFiles(folder: string, files: string[]): string {
  return hashSources(files.map((relative) => ({ relative, source: path.join(folder, relative) })));
}

export interface TemplateImage {
  tag: string;
  hash: string;
  /** True when this call had to build it. */
  built: boolean;
}

export async function ensureTemplateImage(
  engine: ContainerEngine,
  templateFolder: string,
  onBuildEvent: (event: BuildEvent) => void,
  signal?: AbortSignal,
): Promise<TemplateImage> {
  const template = loadTemplate(templateFolder, true);
  // Its shared files too: a change to the converter rebuilds every image that carries it.
  const hash = hashSources([
    ...templateSources(template),
    { relative: 'template.json', source: path.join(templateFolder, 'template.json') },
  ]);
  const tag = `container-workflows/${template.run.image}:latest`;
  const existing = await engine.inspectImage(tag, signal);
  if (existing?.labels[TEMPLATE_HASH_LABEL] === hash) {
    return { tag, hash, built: false };
  }
  const context = templateBuildContext(template);
  try {
    await engine.build(
      {
        contextDir: context.dir,
        dockerfile: template.dockerfile,
        tag,
        labels: { [OWNER_LABEL]: OWNER_VALUE, [TEMPLATE_LABEL]: template.id, [TEMPLATE_HASH_LABEL]: hash },
      },
      onBuildEvent,
      signal,
    );
  } finally {
    context.dispose();
  }
  return { tag, hash, built: true };
}
