/**
 * The folder a template's image is built from. The engine's build context is one folder,
 * and a template that shares a file with a sibling (img2vid-gradio takes img2vid's
 * converter) has it only by reference: such a template is built from a temporary copy
 * with every file in place, as a scaffolded folder has them. Others build from their own
 * folder as it is.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Template, templateSources } from './catalog';

export interface TemplateContext {
  dir: string;
  /** Removes the temporary copy, if one was made; safe to call more than once. */
  dispose(): void;
}

export function templateBuildContext(template: Pick<Template, 'id' | 'folder' | 'files' | 'shared'>): TemplateContext {
  if (template.shared.length === 0) {
    return { dir: template.folder, dispose: () => undefined };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cw-template-${template.id}-`));
  const dispose = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    for (const { relative, source } of templateSources(template)) {
      const target = path.join(dir, relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(source, target);
      fs.chmodSync(target, fs.statSync(source).mode & 0o777);
    }
  } catch (err) {
    dispose();
    throw err;
  }
  return { dir, dispose };
}
