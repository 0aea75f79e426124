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
import { loadTemplate } from '../templates/catalog';

/** SHA-256 over the template's files, names and contents, in a fixed order. */
export function hashTemplateFiles(folder: string, files: string[]): string {
  const hash = crypto.createHash('sha256');
  for (const file of [...files].sort()) {
    hash.update(file.replace(/\\/g, '/'));
    hash.update('\0');
    hash.update(fs.readFileSync(path.join(folder, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
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
  const hash = hashTemplateFiles(templateFolder, [...template.files, 'template.json']);
  const tag = `container-workflows/${template.run.image}:latest`;
  const existing = await engine.inspectImage(tag, signal);
  if (existing?.labels[TEMPLATE_HASH_LABEL] === hash) {
    return { tag, hash, built: false };
  }
  await engine.build(
    {
      contextDir: templateFolder,
      dockerfile: template.dockerfile,
      tag,
      labels: { [OWNER_LABEL]: OWNER_VALUE, [TEMPLATE_LABEL]: template.id, [TEMPLATE_HASH_LABEL]: hash },
    },
    onBuildEvent,
    signal,
  );
  return { tag, hash, built: true };
}
