/**
 * The walkthrough in package.json against the files and commands it names: six steps, each
 * with a Markdown page that exists and shows an image that exists, each completed by a real
 * event, and every command it completes on or links to is contributed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { VIDEO_PREVIEWED_CONTEXT, WALKTHROUGH_ID } from '../../src/commands/walkthrough/walkthroughId';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
interface Manifest {
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, unknown> };
    walkthroughs: { id: string; title: string; steps: Step[] }[];
  };
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
const text = (value: string) => (/^%.+%$/.test(value) ? nls[value.slice(1, -1)] : value);
const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID);

function known(id: string): boolean {
  return contributed.has(id);
}

describe('the walkthrough', () => {
  it('is contributed under the id the Get Started command opens, with the six steps of the article', () => {
    assert.ok(walkthrough, `contributes.walkthroughs has ${WALKTHROUGH_ID}`);
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['connect', 'pythonShell', 'greet', 'gradio', 'video', 'registry'],
    );
    for (const step of walkthrough.steps) {
      assert.ok(text(step.title)?.trim(), `${step.id} has a title`);
      assert.ok(text(step.description)?.trim(), `${step.id} has a description`);
    }
  });

  it("every step's Markdown page exists and every image it shows exists", () => {
    for (const step of walkthrough!.steps) {
      assert.ok(step.media.markdown, `${step.id} has a Markdown page`);
      const page = path.join(repoRoot, step.media.markdown);
      assert.ok(fs.existsSync(page), `${step.media.markdown} exists`);
      const images = [...fs.readFileSync(page, 'utf8').matchAll(/!\[[^\]]+\]\(([^)\s]+)\)/g)].map((m) => m[1]);
      assert.ok(images.length >= 1, `${step.media.markdown} shows an image (with alt text)`);
      for (const image of images) {
        assert.ok(fs.existsSync(path.join(path.dirname(page), image)), `${image}, shown by ${step.media.markdown}, exists`);
      }
    }
  });

  it('every step is completed by an event, and every event names a command, setting or view that exists', () => {
    const settings = new Set(Object.keys(manifest.contributes.configuration.properties));
    for (const step of walkthrough!.steps) {
      assert.ok(step.completionEvents?.length, `${step.id} has completionEvents (without them a click on any button completes it)`);
      for (const event of step.completionEvents ?? []) {
        const [kind, ...rest] = event.split(':');
        const subject = rest.join(':');
        if (kind === 'onCommand') assert.ok(known(subject), `${step.id}: ${subject} is contributed`);
        else if (kind === 'onSettingChanged') assert.ok(settings.has(subject), `${step.id}: ${subject} is a setting`);
        else if (kind === 'onContext')
          assert.match(subject, /^containerWorkflows:\w+( == \w+)?$/, `${step.id}: a context key of this extension`);
        else assert.fail(`${step.id}: ${event} is not an event this test knows`);
      }
    }
  });

  it('the video step is done once a video has loaded in the preview (the context key the extension sets)', () => {
    const video = walkthrough!.steps.find((s) => s.id === 'video');
    assert.deepEqual(video?.completionEvents, [`onContext:${VIDEO_PREVIEWED_CONTEXT}`]);
  });

  it("every command a step's buttons run is contributed", () => {
    for (const step of walkthrough!.steps) {
      const links = [...text(step.description).matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
      assert.ok(links.length >= 1, `${step.id} offers at least one button`);
      for (const id of links) assert.ok(known(id), `${step.id}: ${id} is contributed`);
    }
  });
});
