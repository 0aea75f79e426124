/**
 * The compose template (templates/compose-gradio-apps): its manifest's parts, what its
 * scaffold writes, and what its compose file says, checked against the two app templates
 * it is made of. The images are built and run in test/integration/composeTemplate.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { readComposeFacts } from '../../src/compose/composeFacts';
import { isComposeFileName } from '../../src/compose/composeFiles';
import { type Template, loadCatalog, loadTemplate } from '../../src/templates/catalog';
import { ManifestError } from '../../src/templates/manifest';
import { applyScaffold, planScaffold } from '../../src/templates/scaffold';
import { fileToOpenAfterScaffold, templateFileSources } from '../../src/templates/templateParts';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const templatesDir = path.join(repoRoot, 'templates');
const ID = 'compose-gradio-apps';

/** The parts of compose.yaml these tests read. */
interface ComposeService {
  build?: string;
  image?: string;
  ports?: string[];
  init?: boolean;
  volumes?: string[];
  networks?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  network_mode?: string;
  command?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
  networks: Record<string, unknown>;
}

describe('the compose template', () => {
  const catalog = loadCatalog(templatesDir);
  const byId = (id: string): Template => {
    const t = catalog.templates.find((x) => x.id === id);
    assert.ok(t, id);
    return t;
  };
  const compose = () => parse(fs.readFileSync(path.join(byId(ID).folder, 'compose.yaml'), 'utf8')) as ComposeFile;
  let target: string;

  before(() => {
    target = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-compose-template-'));
  });
  after(() => fs.rmSync(target, { recursive: true, force: true }));

  it('is made of the two Gradio templates, each in its own folder; it copies none of their files', () => {
    const t = byId(ID);
    assert.equal(t.compose, 'compose.yaml');
    assert.equal(t.family, 'compose');
    assert.deepEqual(t.files, ['compose.yaml']);
    assert.deepEqual(
      t.resolvedParts?.map((p) => [p.folder, p.template.id]),
      [
        ['greet-gradio', 'greet-gradio'],
        ['img2vid-gradio', 'img2vid-gradio'],
      ],
    );
    assert.deepEqual(fs.readdirSync(t.folder).sort(), ['compose.yaml', 'template.json']);
    assert.equal(t.dockerfile, 'greet-gradio/Dockerfile');
  });

  it("writes its compose file and, under each part's folder, exactly what the part writes on its own", () => {
    const t = byId(ID);
    const plan = planScaffold(t, target);
    const expected = [
      { relative: 'compose.yaml', source: path.join(t.folder, 'compose.yaml') },
      ...(t.resolvedParts ?? []).flatMap(({ folder, template }) =>
        planScaffold(template, path.join(target, folder)).files.map((f) => ({ relative: `${folder}/${f.relative}`, source: f.source })),
      ),
    ];
    assert.deepEqual(
      plan.files.map((f) => ({ relative: f.relative, source: f.source })),
      expected,
    );
    // The img2vid app's converter is among them, wherever its template takes it from.
    assert.ok(plan.files.some((f) => f.relative === 'img2vid-gradio/img2vid.py'));
    const result = applyScaffold(plan, 'keep');
    assert.equal(result.written.length, expected.length);
    assert.equal(result.dockerfile, path.join(target, 'greet-gradio', 'Dockerfile'));
    for (const { relative, source } of expected) {
      assert.ok(fs.readFileSync(path.join(target, relative)).equals(fs.readFileSync(source)), relative);
    }
  });

  it("builds each app from its part's folder and publishes the port its template declares, on this machine only", () => {
    const services = compose().services;
    for (const [service, part] of [
      ['greet', 'greet-gradio'],
      ['img2vid', 'img2vid-gradio'],
    ]) {
      assert.equal(services[service].build, `./${part}`);
      const port = byId(part).run.ports[0].containerPort;
      const variable = service === 'greet' ? 'GREET_PORT' : 'IMG2VID_PORT';
      assert.deepEqual(services[service].ports, [`127.0.0.1:\${${variable}:-${port}}:${port}`]);
      assert.equal(services[service].init, true);
    }
    assert.deepEqual(
      readComposeFacts(fs.readFileSync(path.join(byId(ID).folder, 'compose.yaml'), 'utf8')).services.map((s) => [
        s.name,
        s.build,
        s.profiles,
      ]),
      [
        ['greet', true, []],
        ['img2vid', true, []],
        ['prepare-outputs', false, []],
      ],
    );
  });

  it("shares one named volume for outputs and one user network; the volume is made writable for the apps' user", () => {
    const file = compose();
    assert.deepEqual(Object.keys(file.volumes), ['outputs']);
    assert.deepEqual(Object.keys(file.networks), ['apps']);
    for (const service of ['greet', 'img2vid']) {
      const s = file.services[service];
      assert.deepEqual(s.volumes, ['outputs:/outputs']);
      assert.deepEqual(s.networks, ['apps']);
      assert.equal(s.environment?.GRADIO_TEMP_DIR, `/outputs/${service}`, 'what the app makes lands in the shared volume');
      assert.deepEqual(s.depends_on, { 'prepare-outputs': { condition: 'service_completed_successfully' } });
    }
    // The uid the step hands the folders to is the one both app images run as.
    const prepare = file.services['prepare-outputs'];
    assert.equal(prepare.network_mode, 'none');
    const uid = /chown (\d+):(\d+)/.exec((prepare.command ?? []).join(' '));
    assert.ok(uid);
    for (const part of ['greet-gradio', 'img2vid-gradio']) {
      const dockerfile = fs.readFileSync(path.join(byId(part).folder, 'Dockerfile'), 'utf8');
      assert.match(dockerfile, new RegExp(`useradd [^\\n]*--uid ${uid[1]}\\b`), part);
    }
    // Its image is the img2vid app's base: nothing else to fetch.
    assert.match(
      fs.readFileSync(path.join(byId('img2vid-gradio').folder, 'Dockerfile'), 'utf8'),
      new RegExp(`^FROM ${prepare.image ?? '(no image)'}$`, 'm'),
    );
    assert.ok(isComposeFileName(byId(ID).compose ?? ''));
  });
  it('after scaffolding, its compose file is the one opened; a single-image template opens its Dockerfile', () => {
    assert.equal(fileToOpenAfterScaffold(byId(ID), '/w/apps', '/w/apps/greet-gradio/Dockerfile'), path.join('/w/apps', 'compose.yaml'));
    assert.equal(fileToOpenAfterScaffold(byId('greet'), '/w/g', '/w/g/Dockerfile'), '/w/g/Dockerfile');
  });
});

describe('template parts in manifests', () => {
  let root: string;
  const write = (name: string, manifest: unknown, files: Record<string, string> = { 'compose.yaml': 'services: {}\n' }) => {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
    fs.writeFileSync(path.join(dir, 'template.json'), JSON.stringify(manifest));
    return dir;
  };
  const base = { name: 'n', description: 'd', files: ['compose.yaml'], compose: 'compose.yaml' };

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-parts-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('refuses parts without a compose file, odd folders, and a compose file that is not YAML', () => {
    const cases: [unknown, RegExp][] = [
      [
        { id: 'a', ...base, compose: undefined, files: ['Dockerfile'], parts: [{ template: 'greet', folder: 'g' }] },
        /"parts" needs "compose"/,
      ],
      [{ id: 'b', ...base, parts: [{ template: 'greet', folder: '../g' }] }, /"parts\[0\]\.folder" must be one plain folder name/],
      [{ id: 'c', ...base, parts: [{ template: 'Greet', folder: 'g' }] }, /"parts\[0\]\.template" must be the id of another template/],
      [
        {
          id: 'd',
          ...base,
          parts: [
            { template: 'greet', folder: 'g' },
            { template: 'greet-args', folder: 'g' },
          ],
        },
        /"parts\[1\]\.folder" \(g\) is already used/,
      ],
      [
        { id: 'e', ...base, compose: 'compose.json', files: ['compose.json'] },
        /"compose" \(compose\.json\) must be a \.yaml or \.yml file/,
      ],
      [
        { id: 'f', ...base, parts: [{ template: 'greet', folder: 'g' }], dockerfile: 'Dockerfile' },
        /"dockerfile" \(Dockerfile\) must be one of "files" or a file of one of "parts"/,
      ],
      [{ id: 'g', ...base }, /"dockerfile" \(Dockerfile\) must be one of "files"/],
    ];
    for (const [manifest, expect] of cases) {
      const dir = write((manifest as { id: string }).id, manifest, { 'compose.yaml': '', 'compose.json': '', Dockerfile: '' });
      assert.throws(
        () => loadTemplate(dir, false),
        (err: unknown) => err instanceof ManifestError && expect.test(err.message),
        String(expect),
      );
    }
  });

  it('the catalog drops a template whose parts cannot be linked, saying why, and keeps the rest', () => {
    const user = path.join(root, 'user');
    write('user/unknown', { id: 'unknown', ...base, parts: [{ template: 'nope', folder: 'n' }] });
    write('user/nested', { id: 'nested', ...base, parts: [{ template: ID, folder: 'n' }] });
    write('user/self', { id: 'self', ...base, parts: [{ template: 'self', folder: 'n' }] });
    write('user/nodockerfile', { id: 'nodockerfile', ...base, parts: [{ template: 'greet', folder: 'g' }], dockerfile: 'g/Containerfile' });
    write('user/ok', { id: 'ok', ...base, parts: [{ template: 'greet', folder: 'g' }] });
    const catalog = loadCatalog(templatesDir, [user]);
    const ids = catalog.templates.map((t) => t.id);
    assert.ok(ids.includes('ok') && ids.includes(ID));
    for (const id of ['unknown', 'nested', 'self', 'nodockerfile']) assert.ok(!ids.includes(id), id);
    const says = (id: string, expect: RegExp) =>
      assert.ok(
        catalog.problems.some((p) => p.includes(path.join(user, id, 'template.json')) && expect.test(p)),
        `${id}: ${catalog.problems.join('\n')}`,
      );
    says('unknown', /its part "nope" is not a template in the catalog/);
    says('nested', /its part "compose-gradio-apps" has parts of its own/);
    says('self', /it names itself as a part/);
    says('nodockerfile', /"dockerfile" \(g\/Containerfile\) is not a file of its parts/);
    assert.equal(catalog.templates.find((t) => t.id === 'ok')?.dockerfile, 'g/Dockerfile', "defaults to the first part's Dockerfile");
  });

  it('a template with parts loaded outside a catalog is not written half', () => {
    const t = loadTemplate(path.join(templatesDir, ID), true);
    assert.throws(() => templateFileSources(t), /is made of other templates \(greet-gradio, img2vid-gradio\); load it through the catalog/);
    assert.throws(() => planScaffold(t, root), /load it through the catalog/);
  });
});
