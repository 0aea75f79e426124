import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Template, loadCatalog, loadTemplate, templateSources } from '../../src/templates/catalog';
import { ManifestError } from '../../src/templates/manifest';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const templatesDir = path.join(repoRoot, 'templates');
const BUNDLED = ['compose-gradio-apps', 'greet', 'greet-args', 'greet-gradio', 'greet-volume', 'img2vid', 'img2vid-gradio'];

function filesUnder(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const relPath = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, relPath) : [relPath];
  });
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { keyword: string; args: string }[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [keyword, ...rest] = l.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

describe('bundled template manifests', () => {
  const catalog = loadCatalog(templatesDir);
  const byId = new Map(catalog.templates.map((t) => [t.id, t]));
  const template = (id: string): Template => {
    const t = byId.get(id);
    assert.ok(t, `template ${id} is in the catalog`);
    return t;
  };
  const read = (t: Template, file: string) => fs.readFileSync(path.join(t.folder, file), 'utf8');
  // The single-image templates; the compose template (its own tests: composeTemplate.test.ts) holds no Dockerfile.
  const imageTemplates = catalog.templates.filter((t) => t.compose === undefined);

  it('all load through loadCatalog with no problems', () => {
    assert.deepEqual(catalog.problems, []);
    assert.deepEqual(catalog.templates.map((t) => t.id).sort(), BUNDLED);
    for (const t of catalog.templates) {
      assert.equal(t.builtIn, true);
      assert.equal(path.basename(t.folder), t.id, 'each template lives in the folder of its id');
      assert.equal(t.run.image, t.id);
    }
    assert.deepEqual(new Set(catalog.templates.map((t) => t.family)), new Set(['compose', 'greet', 'img2vid']));
  });

  it('list exactly the files in their folder, .dockerignore included', () => {
    for (const t of imageTemplates) {
      assert.deepEqual(
        [...t.files].sort(),
        filesUnder(t.folder)
          .filter((f) => f !== 'template.json')
          .sort(),
        t.id,
      );
      for (const { to } of t.shared)
        assert.ok(!fs.existsSync(path.join(t.folder, to)), `${t.id}: no copy of the shared ${to} in its folder`);
      assert.ok(t.files.includes('.dockerignore'), `${t.id} lists .dockerignore`);
      assert.equal(t.dockerfile, 'Dockerfile');
    }
  });

  it('have Dockerfiles that follow the project practice', () => {
    for (const t of imageTemplates) {
      const steps = instructions(read(t, t.dockerfile));
      const from = steps.filter((s) => s.keyword === 'FROM');
      assert.equal(from.length, 1, `${t.id}: one FROM`);
      assert.match(from[0].args, /^(python:3\.11-slim|debian:bookworm-slim)$/, `${t.id}: a pinned slim base, not :latest`);
      const env = steps
        .filter((s) => s.keyword === 'ENV')
        .map((s) => s.args)
        .join(' ');
      assert.match(env, /PYTHONUNBUFFERED=1/, `${t.id}: unbuffered Python output`);
      assert.match(env, /HOME=\/tmp/, `${t.id}: works for a --user without a home folder`);
      const user = steps.filter((s) => s.keyword === 'USER');
      assert.equal(user.length, 1, `${t.id}: USER`);
      assert.doesNotMatch(user[0].args, /^(root|0)\b/, `${t.id}: not root`);
      assert.ok(
        steps.some((s) => s.keyword === 'CMD' || s.keyword === 'ENTRYPOINT'),
        `${t.id}: says what to run`,
      );

      // Every file the image copies is a template file and gets through .dockerignore.
      const ignore = read(t, '.dockerignore')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));
      assert.equal(ignore[0], '*', `${t.id}: .dockerignore sends nothing but what is named`);
      const copied = steps.filter((s) => s.keyword === 'COPY').flatMap((s) => s.args.split(/\s+/).slice(0, -1));
      assert.ok(copied.length > 0);
      const sources = templateSources(t).map((f) => f.relative);
      for (const source of copied) {
        assert.ok(sources.includes(source), `${t.id}: COPY ${source} is a template file`);
        assert.ok(ignore.includes(`!${source}`), `${t.id}: .dockerignore lets ${source} through`);
      }

      // Dependencies in a layer before the code: installing comes before copying the app.
      const lastCopy = steps.map((s) => s.keyword).lastIndexOf('COPY');
      steps.forEach((s, i) => {
        if (s.keyword === 'RUN' && /apt-get install|pip3? install/.test(s.args)) {
          assert.ok(i < lastCopy, `${t.id}: dependencies are installed before the code is copied`);
          assert.match(s.args, /(--no-install-recommends.*rm -rf \/var\/lib\/apt\/lists)|(-r requirements\.txt)/, `${t.id}: lean install`);
        }
      });
    }
  });

  it('pin gradio in requirements.txt for the Gradio templates', () => {
    for (const id of ['greet-gradio', 'img2vid-gradio']) {
      assert.match(read(template(id), 'requirements.txt'), /^gradio==\d+\.\d+\.\d+$/m, id);
    }
  });

  it('declare the ports, volumes and arguments their images use', () => {
    for (const [id, port] of [
      ['greet-gradio', 7860],
      ['img2vid-gradio', 7861],
    ] as const) {
      const t = template(id);
      assert.deepEqual(
        t.run.ports.map((p) => [p.containerPort, p.protocol]),
        [[port, 'tcp']],
        id,
      );
      const dockerfile = read(t, 'Dockerfile');
      assert.match(dockerfile, new RegExp(`^EXPOSE ${port}$`, 'm'), `${id}: EXPOSE ${port}`);
      assert.match(dockerfile, new RegExp(`SERVER_PORT=${port}\\b`), `${id}: SERVER_PORT`);
      assert.match(dockerfile, /SERVER_NAME=0\.0\.0\.0/, `${id}: listens on all interfaces`);
      assert.match(dockerfile, /GRADIO_TEMP_DIR=\/tmp\//, `${id}: Gradio writes under /tmp`);
    }

    const volume = template('greet-volume');
    assert.deepEqual(
      volume.run.volumes.map((v) => [v.hostPath, v.containerPath, v.readOnly]),
      [['output', '/output', false]],
    );
    assert.match(read(volume, 'Dockerfile'), /^VOLUME \/output$/m);
    assert.match(read(volume, 'Dockerfile'), /OUTPUT_DIR=\/output/);
    assert.deepEqual(template('greet-args').run.args, ['hello earthling ', '2']);

    const img2vid = template('img2vid');
    assert.deepEqual(
      img2vid.run.volumes.map((v) => [v.containerPath, v.readOnly]),
      [
        ['/input', true],
        ['/output', false],
      ],
    );
    assert.match(read(img2vid, 'Dockerfile'), /INPUT_DIR=\/input/);
    assert.match(read(img2vid, 'Dockerfile'), /OUTPUT_DIR=\/output/);
    assert.match(read(img2vid, 'Dockerfile'), /apt-get install -y --no-install-recommends python3 python3-pil ffmpeg\b/);
  });

  it('img2vid-gradio takes the img2vid converter from the img2vid template: one copy in the repository', () => {
    const gradio = template('img2vid-gradio');
    assert.deepEqual(gradio.shared, [{ from: '../img2vid/img2vid.py', to: 'img2vid.py' }]);
    assert.ok(!gradio.files.includes('img2vid.py'), 'not one of its own files');
    const converter = templateSources(gradio).find((f) => f.relative === 'img2vid.py');
    assert.equal(converter?.source, path.join(template('img2vid').folder, 'img2vid.py'));
    assert.match(read(gradio, 'app.py'), /^from img2vid import .*\bconvert\b/m);
    const copies = filesUnder(templatesDir).filter((f) => path.basename(f) === 'img2vid.py');
    assert.deepEqual(copies, ['img2vid/img2vid.py']);
  });
});

describe('broken manifests', () => {
  let root: string;
  const cases: Record<string, { manifest: unknown; files?: string[]; expect: RegExp }> = {
    'not-json': { manifest: '{ "id": "x", ', expect: /not valid JSON/ },
    'not-object': { manifest: [], expect: /must hold a JSON object/ },
    'no-id': { manifest: { name: 'n', description: 'd', files: ['Dockerfile'] }, expect: /"id" must be a non-empty string/ },
    'bad-id': { manifest: { id: 'Bad ID', name: 'n', description: 'd', files: ['Dockerfile'] }, expect: /"id" must be lower-case/ },
    'no-files': { manifest: { id: 'x', name: 'n', description: 'd', files: [] }, expect: /"files" must be a non-empty list/ },
    'missing-file': {
      manifest: { id: 'x', name: 'n', description: 'd', files: ['Dockerfile', 'gone.py'] },
      expect: /lists "gone\.py", which is not in/,
    },
    'escaping-file': {
      manifest: { id: 'x', name: 'n', description: 'd', files: ['Dockerfile', '../secret'] },
      expect: /"files" entry "\.\.\/secret" must be a relative path/,
    },
    'dockerfile-unlisted': {
      manifest: { id: 'x', name: 'n', description: 'd', files: ['Dockerfile'], dockerfile: 'Dockerfile.dev' },
      expect: /"dockerfile" \(Dockerfile\.dev\) must be one of "files"/,
    },
    'bad-port': {
      manifest: { id: 'x', name: 'n', description: 'd', files: ['Dockerfile'], run: { ports: [{ containerPort: 70000 }] } },
      expect: /"run\.ports\[0\]\.containerPort" must be a port number/,
    },
    'bad-protocol': {
      manifest: { id: 'x', name: 'n', description: 'd', files: ['Dockerfile'], run: { ports: [{ containerPort: 80, protocol: 'sctp' }] } },
      expect: /"run\.ports\[0\]\.protocol" must be "tcp" or "udp"/,
    },
    'bad-volume': {
      manifest: {
        id: 'x',
        name: 'n',
        description: 'd',
        files: ['Dockerfile'],
        run: { volumes: [{ containerPath: 'output', hostPath: 'out' }] },
      },
      expect: /"run\.volumes\[0\]\.containerPath" must be an absolute path/,
    },
    'shared-not-list': {
      manifest: { id: 'x', name: 'n', description: 'd', files: ['Dockerfile'], shared: '../good/Dockerfile' },
      expect: /"shared" must be a list/,
    },
    'shared-escaping': {
      manifest: { id: 'x', name: 'n', description: 'd', files: ['Dockerfile'], shared: [{ from: '../../etc/passwd', to: 'passwd' }] },
      expect: /"shared\[0\]\.from" must be a file of a sibling template/,
    },
    'shared-deeper-escape': {
      manifest: { id: 'x', name: 'n', description: 'd', files: ['Dockerfile'], shared: [{ from: '../good/../../secret', to: 'secret' }] },
      expect: /"shared\[0\]\.from" must be a file of a sibling template/,
    },
    'shared-absolute': {
      manifest: { id: 'x', name: 'n', description: 'd', files: ['Dockerfile'], shared: [{ from: '/etc/passwd', to: 'passwd' }] },
      expect: /"shared\[0\]\.from" must be a file of a sibling template/,
    },
    'shared-to-outside': {
      manifest: {
        id: 'x',
        name: 'n',
        description: 'd',
        files: ['Dockerfile'],
        shared: [{ from: '../good/Dockerfile', to: '../elsewhere' }],
      },
      expect: /"shared\[0\]\.to" must be a relative path inside/,
    },
    'shared-clash': {
      manifest: { id: 'x', name: 'n', description: 'd', files: ['Dockerfile'], shared: [{ from: '../good/Dockerfile', to: 'Dockerfile' }] },
      expect: /"shared\[0\]\.to" \(Dockerfile\) is already one of "files" or "shared"/,
    },
    'shared-missing': {
      manifest: { id: 'x', name: 'n', description: 'd', files: ['Dockerfile'], shared: [{ from: '../good/gone.py', to: 'gone.py' }] },
      expect: /shares "\.\.\/good\/gone\.py", which is not a file in/,
    },
    'shared-folder': {
      manifest: { id: 'x', name: 'n', description: 'd', files: ['Dockerfile'], shared: [{ from: '../good/sub', to: 'sub' }] },
      expect: /shares "\.\.\/good\/sub", which is not a file in/,
    },
    'bad-image': {
      manifest: { id: 'x', name: 'n', description: 'd', files: ['Dockerfile'], run: { image: 'Has Spaces' } },
      expect: /"run\.image" must be an image name/,
    },
  };

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-manifests-'));
    for (const [name, c] of Object.entries(cases)) {
      const dir = path.join(root, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\n');
      fs.writeFileSync(path.join(dir, 'template.json'), typeof c.manifest === 'string' ? c.manifest : JSON.stringify(c.manifest));
    }
    const good = path.join(root, 'good');
    fs.mkdirSync(good);
    fs.writeFileSync(path.join(good, 'Dockerfile'), 'FROM debian:bookworm-slim\n');
    fs.writeFileSync(
      path.join(good, 'template.json'),
      JSON.stringify({ id: 'good', name: 'Good', description: 'Works', files: ['Dockerfile'] }),
    );
    fs.mkdirSync(path.join(good, 'sub'));
    const sharing = path.join(root, 'sharing');
    fs.mkdirSync(sharing);
    fs.writeFileSync(path.join(sharing, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY base.dockerfile /\n');
    fs.writeFileSync(
      path.join(sharing, 'template.json'),
      JSON.stringify({
        id: 'sharing',
        name: 'Sharing',
        description: 'Takes a file of good',
        files: ['Dockerfile'],
        shared: [{ from: '../good/Dockerfile', to: 'base.dockerfile' }],
      }),
    );
  });

  it('a shared file of a sibling template resolves to that file, under its own name', () => {
    const sharing = loadTemplate(path.join(root, 'sharing'), false);
    assert.deepEqual(sharing.shared, [{ from: '../good/Dockerfile', to: 'base.dockerfile' }]);
    assert.deepEqual(templateSources(sharing), [
      { relative: 'Dockerfile', source: path.join(root, 'sharing', 'Dockerfile') },
      { relative: 'base.dockerfile', source: path.join(root, 'good', 'Dockerfile') },
    ]);
    assert.deepEqual(loadTemplate(path.join(root, 'good'), false).shared, [], 'none when the manifest names none');
  });

  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('each throws a ManifestError that names the file and the field', () => {
    for (const [name, c] of Object.entries(cases)) {
      const file = path.join(root, name, 'template.json');
      assert.throws(
        () => loadTemplate(path.join(root, name), false),
        (err: unknown) => {
          assert.ok(err instanceof ManifestError, `${name}: a ManifestError`);
          assert.equal(err.file, file, `${name}: names the file`);
          assert.ok(err.message.startsWith(`Invalid template manifest ${file}: `), `${name}: ${err.message}`);
          assert.match(err.message, c.expect, name);
          return true;
        },
      );
    }
  });

  it('do not hide the good templates: loadCatalog lists them and reports each broken one', () => {
    const catalog = loadCatalog(templatesDir, [root]);
    assert.deepEqual(catalog.templates.map((t) => t.id).sort(), [...BUNDLED, 'good', 'sharing'].sort());
    assert.equal(catalog.templates.find((t) => t.id === 'good')?.builtIn, false);
    assert.equal(catalog.problems.length, Object.keys(cases).length);
    for (const [name, c] of Object.entries(cases)) {
      const file = path.join(root, name, 'template.json');
      const problem = catalog.problems.find((p) => p.includes(file));
      assert.ok(problem, `a problem names ${file}`);
      assert.match(problem, c.expect);
    }
  });
});
