/**
 * A template's shared files (the manifest's "shared": a file of a sibling template, as
 * img2vid-gradio takes img2vid's converter), resolved everywhere the template's files are
 * used: scaffolding (src/templates/scaffold.ts), the build context
 * (src/templates/templateContext.ts) and the image's template hash
 * (src/workflows/templateImage.ts). Real temporary folders.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCatalog, loadTemplate, templateSources } from '../../src/templates/catalog';
import { applyScaffold, planScaffold } from '../../src/templates/scaffold';
import { templateBuildContext } from '../../src/templates/templateContext';
import { hashSources } from '../../src/workflows/templateImage';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-shared-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Two templates: "tool" has tool.py (executable), "app" shares it as lib/tool.py. */
function makeTemplates(): { tool: string; app: string } {
  const templates = fs.mkdtempSync(path.join(root, 'templates-'));
  const tool = path.join(templates, 'tool');
  const app = path.join(templates, 'app');
  fs.mkdirSync(tool);
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(tool, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY tool.py /\n');
  fs.writeFileSync(path.join(tool, 'tool.py'), 'print("tool")\n');
  fs.chmodSync(path.join(tool, 'tool.py'), 0o755);
  fs.writeFileSync(
    path.join(tool, 'template.json'),
    JSON.stringify({ id: 'tool', name: 'Tool', description: 'd', files: ['Dockerfile', 'tool.py'] }),
  );
  fs.writeFileSync(path.join(app, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY lib/tool.py app.py /\n');
  fs.writeFileSync(path.join(app, 'app.py'), 'import tool\n');
  fs.writeFileSync(
    path.join(app, 'template.json'),
    JSON.stringify({
      id: 'app',
      name: 'App',
      description: 'd',
      files: ['Dockerfile', 'app.py'],
      shared: [{ from: '../tool/tool.py', to: 'lib/tool.py' }],
    }),
  );
  return { tool, app };
}

const manifestOf = (folder: string) => path.join(folder, 'template.json');

describe('shared template files', () => {
  it("scaffolding writes the shared file under its own name, with the sibling's content and mode, and plans it like any other", () => {
    const { tool, app } = makeTemplates();
    const target = path.join(root, 'scaffolded');
    const plan = planScaffold(loadTemplate(app, false), target);
    assert.deepEqual(
      plan.files.map((f) => [f.relative, f.source]),
      [
        ['Dockerfile', path.join(app, 'Dockerfile')],
        ['app.py', path.join(app, 'app.py')],
        ['lib/tool.py', path.join(app, '..', 'tool', 'tool.py')],
      ],
    );
    const result = applyScaffold(plan, 'keep');
    assert.deepEqual(result.written, ['Dockerfile', 'app.py', 'lib/tool.py']);
    assert.equal(fs.readFileSync(path.join(target, 'lib', 'tool.py'), 'utf8'), 'print("tool")\n');
    assert.equal(fs.statSync(path.join(target, 'lib', 'tool.py')).mode & 0o777, 0o755);
    // Scaffolding again finds it identical, as a file of the template's own.
    assert.ok(planScaffold(loadTemplate(app, false), target).files.every((f) => f.exists && f.identical));
    assert.ok(fs.existsSync(path.join(tool, 'tool.py')), 'the sibling is only read');
  });

  it('the build context of a template with shared files is a temporary copy with every file in place, removed by dispose()', () => {
    const { app } = makeTemplates();
    const template = loadTemplate(app, false);
    const context = templateBuildContext(template);
    assert.notEqual(context.dir, app);
    const listed = (dir: string, rel = ''): string[] =>
      fs
        .readdirSync(path.join(dir, rel), { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? listed(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]));
    assert.deepEqual(listed(context.dir).sort(), ['Dockerfile', 'app.py', path.join('lib', 'tool.py')]);
    assert.equal(fs.readFileSync(path.join(context.dir, 'lib', 'tool.py'), 'utf8'), 'print("tool")\n');
    assert.equal(fs.statSync(path.join(context.dir, 'lib', 'tool.py')).mode & 0o777, 0o755);
    context.dispose();
    assert.ok(!fs.existsSync(context.dir));
    context.dispose(); // twice is harmless
  });

  it('a template without shared files is built from its own folder, and dispose() leaves that folder alone', () => {
    const { tool } = makeTemplates();
    const context = templateBuildContext(loadTemplate(tool, false));
    assert.equal(context.dir, tool);
    context.dispose();
    assert.ok(fs.existsSync(path.join(tool, 'tool.py')));
  });

  it("the template hash covers the shared file: changing the sibling's file changes the hash of the template that shares it", () => {
    const { tool, app } = makeTemplates();
    const hash = () => hashSources([...templateSources(loadTemplate(app, false)), { relative: 'template.json', source: manifestOf(app) }]);
    const before = hash();
    assert.equal(hash(), before, 'stable');
    fs.appendFileSync(path.join(tool, 'tool.py'), '# changed\n');
    assert.notEqual(hash(), before);
  });

  it('the bundled img2vid-gradio builds from a context that holds the img2vid converter, byte for byte', () => {
    const templates = loadCatalog(path.join(repoRoot, 'templates')).templates;
    const gradio = templates.find((t) => t.id === 'img2vid-gradio');
    const img2vid = templates.find((t) => t.id === 'img2vid');
    assert.ok(gradio && img2vid);
    const context = templateBuildContext(gradio);
    try {
      const built = fs.readFileSync(path.join(context.dir, 'img2vid.py'));
      assert.ok(built.equals(fs.readFileSync(path.join(img2vid.folder, 'img2vid.py'))));
      for (const f of gradio.files) assert.ok(fs.existsSync(path.join(context.dir, f)), f);
    } finally {
      context.dispose();
    }
  });
});
