/** A small template on disk, for the scaffold tests (real temporary folders). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Template, loadTemplate } from '../../src/templates/catalog';

export const FILES: Record<string, string> = {
  Dockerfile: 'FROM python:3.11-slim\nCOPY app/main.py /app/\nCOPY run.sh /\nENTRYPOINT ["/run.sh"]\n',
  '.dockerignore': '*\n!app\n!run.sh\n',
  'run.sh': '#!/bin/sh\nexec python /app/main.py "$@"\n',
  'app/main.py': 'print("hello world")\n',
};

/** The template folder under `root` (made once): the files above, run.sh executable. */
export function makeDemoTemplate(root: string): Template {
  const folder = path.join(root, 'template');
  if (!fs.existsSync(folder)) {
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(folder, rel)), { recursive: true });
      fs.writeFileSync(path.join(folder, rel), text);
    }
    fs.chmodSync(path.join(folder, 'run.sh'), 0o755);
    fs.chmodSync(path.join(folder, 'Dockerfile'), 0o644);
    fs.writeFileSync(
      path.join(folder, 'template.json'),
      JSON.stringify({ id: 'demo', name: 'Demo', description: 'A demo template.', files: Object.keys(FILES), dockerfile: 'Dockerfile' }),
    );
  }
  return loadTemplate(folder, false);
}

export function writeFile(dir: string, rel: string, text: string, mtime?: Date): void {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  if (mtime) fs.utimesSync(file, mtime, mtime);
}
