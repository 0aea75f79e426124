/**
 * A Gradio template's folder made buildable without PyPI: its one PyPI step (copying
 * requirements.txt and `pip install -r` it) swapped for copying the stand-in `gradio`
 * module (test/support/gradio/) and its drivers, in place. Fails when the Dockerfile no
 * longer has the lines this relies on, rather than building something else.
 * (test/integration/gradioHandlers.test.ts does the same into a copy of the template.)
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './realEngine';

export const STAND_IN_DIR = path.join(repoRoot, 'test', 'support', 'gradio');

/** How each Gradio template installs gradio, and what else only pip needed. */
export const PIP_STEPS: Record<string, { pipInstall: RegExp; dropFromApt?: string }> = {
  'greet-gradio': { pipInstall: /^RUN pip install -r requirements\.txt\n/m },
  'img2vid-gradio': { pipInstall: /^RUN pip3 install [^\n]*-r requirements\.txt\n/m, dropFromApt: 'python3-pip' },
};

export function swapPipForStandIn(folder: string, templateId: string): void {
  const step = PIP_STEPS[templateId];
  assert.ok(step, `no stand-in recipe for ${templateId}`);
  const dockerfile = path.join(folder, 'Dockerfile');
  let text = fs.readFileSync(dockerfile, 'utf8');
  const copyRequirements = /^COPY requirements\.txt \.\n/m;
  assert.match(text, copyRequirements, `${templateId}/Dockerfile copies requirements.txt`);
  assert.match(text, step.pipInstall, `${templateId}/Dockerfile installs requirements.txt with pip`);
  text = text.replace(copyRequirements, '').replace(step.pipInstall, 'COPY gradio.py drive_*.py ./\n');
  if (step.dropFromApt) {
    assert.ok(text.includes(` ${step.dropFromApt} `), `${templateId}/Dockerfile installs ${step.dropFromApt}`);
    text = text.replace(` ${step.dropFromApt} `, ' ');
  }
  fs.writeFileSync(dockerfile, text);
  for (const name of fs.readdirSync(STAND_IN_DIR)) {
    if (name.endsWith('.py')) fs.copyFileSync(path.join(STAND_IN_DIR, name), path.join(folder, name));
  }
  fs.appendFileSync(path.join(folder, '.dockerignore'), '!gradio.py\n!drive_*.py\n');
}

/** Undefined when PyPI answers; otherwise why not (as test/integration/templates.test.ts checks it). */
export async function pypiProblem(): Promise<string | undefined> {
  try {
    const response = await fetch('https://pypi.org/simple/gradio/', {
      signal: AbortSignal.timeout(8000),
      headers: { Accept: 'application/vnd.pypi.simple.v1+json' },
    });
    return response.ok ? undefined : `https://pypi.org/simple/gradio/ answered HTTP ${response.status}`;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return `https://pypi.org/simple/gradio/ gave ${cause?.code ?? cause?.message ?? (err as Error).message}`;
  }
}
