import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { ImageConfig } from '../../src/engine/engine';
import { CONTEXT_LABEL, TEMPLATE_LABEL } from '../../src/engine/engine';
import { loadCatalog } from '../../src/templates/catalog';
import { defaultTag, templateOfDockerfile, templateOfImage, validateTag } from '../../src/workflows/imageTemplate';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const templatesDir = path.join(repoRoot, 'templates');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-convert-pure-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('imageTemplate', () => {
  const catalog = loadCatalog(templatesDir);
  const byId = (id: string) => {
    const t = catalog.templates.find((x) => x.id === id);
    assert.ok(t, `bundled template ${id}`);
    return t;
  };

  it('defaultTag: the folder name, lower case, only allowed characters, :latest', () => {
    assert.equal(defaultTag('my-app'), 'my-app:latest');
    assert.equal(defaultTag('My App'), 'my-app:latest');
    assert.equal(defaultTag('Übung 3 (final)'), 'bung-3-final:latest');
    assert.equal(defaultTag('__hidden__'), 'hidden:latest');
    assert.equal(defaultTag('v1.2_beta'), 'v1.2_beta:latest');
    assert.equal(defaultTag('---'), 'image:latest');
    assert.equal(defaultTag(''), 'image:latest');
  });

  it("defaultTag: a template's image name wins over the folder name", () => {
    assert.equal(defaultTag('whatever-folder', byId('img2vid')), 'img2vid:latest');
    assert.equal(defaultTag('x', byId('greet-args')), 'greet-args:latest');
  });

  it('every default tag is a valid tag', () => {
    for (const name of ['my-app', 'My App', '---', 'a', 'Übung 3 (final)', '__x__', 'x.y']) {
      assert.equal(validateTag(defaultTag(name)), undefined, name);
    }
    for (const t of catalog.templates) {
      assert.equal(validateTag(defaultTag('folder', t)), undefined, t.id);
    }
  });

  // BUG (src/workflows/imageTemplate.ts defaultTag): runs of separators are kept, so a folder
  // named "my-_app" or "a._b" gets a default tag that validateTag (and Docker: "invalid
  // reference format") refuse.
  it('defaultTag never proposes a tag that validateTag refuses, whatever the folder name', () => {
    for (const name of ['my-_app', 'a._b', 'my___app', 'a.-b', 'x_.y']) {
      const tag = defaultTag(name);
      assert.equal(validateTag(tag), undefined, `${name} -> ${tag}`);
    }
  });

  // BUG (src/workflows/imageTemplate.ts tagPattern): Docker's reference grammar allows "__" and
  // any run of "-" between name parts (docker tag IMAGE my--app:x works); validateTag refuses them.
  it('validateTag accepts what Docker accepts: my--app, my__app, a---b', () => {
    for (const ok of ['my--app', 'my__app:1', 'team/a---b:latest']) {
      assert.equal(validateTag(ok), undefined, ok);
    }
  });

  it('validateTag accepts names with namespaces, versions and registries', () => {
    for (const ok of [
      'my-app',
      'my-app:latest',
      'team/my-app:1.2',
      'a/b/c:v1',
      'my_app.v2:1.0-rc_1',
      'registry.example.com:5000/name:tag',
      'registry.example.com/team/name',
      'localhost:5000/name',
      'localhost/name:1',
      ' my-app:latest ',
    ]) {
      assert.equal(validateTag(ok), undefined, ok);
    }
  });

  it('validateTag refuses upper case, spaces, empty parts and bad versions', () => {
    for (const bad of [
      '',
      '   ',
      'My-App',
      'my app',
      'my-app:',
      ':latest',
      'my-app:la test',
      '-app',
      'app-',
      'team//app',
      '/app',
      'app/',
      'a:b:c',
      `app:${'x'.repeat(129)}`,
      'app:.hidden',
    ]) {
      assert.match(validateTag(bad) ?? '', /lower-case name/, JSON.stringify(bad));
    }
  });

  it('templateOfDockerfile finds the template of an unchanged scaffolded Dockerfile', () => {
    for (const id of ['greet', 'greet-args', 'greet-volume', 'img2vid']) {
      const dir = fs.mkdtempSync(path.join(tmp, `df-${id}-`));
      fs.copyFileSync(path.join(byId(id).folder, 'Dockerfile'), path.join(dir, 'Dockerfile'));
      assert.equal(templateOfDockerfile(path.join(dir, 'Dockerfile'), catalog.templates)?.id, id);
    }
  });

  it('templateOfDockerfile: a changed Dockerfile or a missing file belongs to no template', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'df-changed-'));
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, `${fs.readFileSync(path.join(byId('greet-args').folder, 'Dockerfile'), 'utf8')}\n# mine\n`);
    assert.equal(templateOfDockerfile(file, catalog.templates), undefined);
    assert.equal(templateOfDockerfile(path.join(dir, 'missing', 'Dockerfile'), catalog.templates), undefined);
  });

  it('templateOfImage reads the template and the build folder from the labels', () => {
    const config = (labels: Record<string, string>): ImageConfig => ({
      id: 'sha256:1',
      repoTags: [],
      exposedPorts: [],
      volumes: [],
      env: {},
      entrypoint: [],
      cmd: [],
      workingDir: '',
      user: '',
      labels,
    });
    const found = templateOfImage(config({ [TEMPLATE_LABEL]: 'greet-volume', [CONTEXT_LABEL]: '/home/me/greet' }), catalog.templates);
    assert.equal(found?.template.id, 'greet-volume');
    assert.equal(found?.baseDir, '/home/me/greet');
    assert.equal(templateOfImage(config({ [TEMPLATE_LABEL]: 'greet-volume' }), catalog.templates)?.baseDir, undefined);
    assert.equal(templateOfImage(config({ [TEMPLATE_LABEL]: 'no-such-template' }), catalog.templates), undefined);
    assert.equal(templateOfImage(config({}), catalog.templates), undefined);
  });
});
