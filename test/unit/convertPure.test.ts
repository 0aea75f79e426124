/**
 * The pure parts of Convert Folder to Video and of building from templates: where the video
 * goes, who the container runs as, the converter's progress protocol, the template hash,
 * and tags / templates of images and Dockerfiles. No engine.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { ImageConfig } from '../../src/engine/engine';
import { CONTEXT_LABEL, TEMPLATE_LABEL } from '../../src/engine/engine';
import { loadCatalog } from '../../src/templates/catalog';
import { containerUserFor } from '../../src/engine/containerUser';
import { defaultOutputPath, toHostPaths } from '../../src/workflows/convertFolder';
import { parseConverterLine } from '../../src/workflows/converterProtocol';
import { defaultTag, templateOfDockerfile, templateOfImage, validateTag } from '../../src/workflows/imageTemplate';
import { hashTemplateFiles } from '../../src/workflows/templateImage';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const templatesDir = path.join(repoRoot, 'templates');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-convert-pure-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('defaultOutputPath', () => {
  it('puts <folder>.mp4 next to the folder by default', () => {
    assert.equal(defaultOutputPath('/home/me/photos/aquarium'), '/home/me/photos/aquarium.mp4');
    assert.equal(defaultOutputPath('/home/me/photos/aquarium/'), '/home/me/photos/aquarium.mp4');
    assert.equal(defaultOutputPath('/home/me/photos/aquarium', '   '), '/home/me/photos/aquarium.mp4');
  });

  it('resolves a relative folder against the working directory', () => {
    assert.equal(defaultOutputPath('frames'), path.join(process.cwd(), 'frames.mp4'));
  });

  it('expands ${folder}, ${folderName} and ${folderDirname} in the pattern', () => {
    const folder = '/home/me/photos/aquarium';
    assert.equal(defaultOutputPath(folder, '${folderDirname}/videos/${folderName}.mp4'), '/home/me/photos/videos/aquarium.mp4');
    assert.equal(defaultOutputPath(folder, '${folder}/out.mp4'), '/home/me/photos/aquarium/out.mp4');
    assert.equal(defaultOutputPath(folder, '/srv/videos/${folderName}-${folderName}.mp4'), '/srv/videos/aquarium-aquarium.mp4');
  });

  it("resolves a relative pattern against the folder's parent", () => {
    assert.equal(defaultOutputPath('/home/me/photos/aquarium', 'videos/${folderName}.mp4'), '/home/me/photos/videos/aquarium.mp4');
    assert.equal(defaultOutputPath('/home/me/photos/aquarium', 'clip.mp4'), '/home/me/photos/clip.mp4');
  });

  it('appends .mp4 when the pattern has no .mp4 (any case kept)', () => {
    assert.equal(
      defaultOutputPath('/home/me/photos/aquarium', '${folderDirname}/${folderName}-video'),
      '/home/me/photos/aquarium-video.mp4',
    );
    assert.equal(defaultOutputPath('/home/me/photos/aquarium', 'clip.MP4'), '/home/me/photos/clip.MP4');
    assert.equal(defaultOutputPath('/home/me/photos/aquarium', 'clip.webm'), '/home/me/photos/clip.webm.mp4');
  });
});

describe('containerUserFor', () => {
  const me = { uid: 1000, gid: 1001 };

  it('a local Linux engine on a unix socket runs the container as uid:gid', () => {
    assert.equal(containerUserFor('unix:///var/run/docker.sock', 'linux', me), '1000:1001');
    assert.equal(containerUserFor('unix:///root/.cache/container-workflows/engine/docker.sock', 'linux', { uid: 0, gid: 0 }), '0:0');
  });

  it('a remote engine (tcp, ssh) gets no user', () => {
    assert.equal(containerUserFor('tcp://10.0.0.5:2376', 'linux', me), undefined);
    assert.equal(containerUserFor('ssh://me@build-box', 'linux', me), undefined);
  });

  it('rootless Podman (the caller is root in the container already) gets no user', () => {
    assert.equal(containerUserFor('unix:///run/user/1000/podman/podman.sock', 'linux', me), undefined);
  });

  it('not Linux (Docker Desktop shares files through a VM) gets no user', () => {
    assert.equal(containerUserFor('unix:///Users/me/.docker/run/docker.sock', 'darwin', me), undefined);
    assert.equal(containerUserFor('npipe:////./pipe/docker_engine', 'win32', me), undefined);
  });

  it('no uid (a platform without getuid) gets no user', () => {
    assert.equal(containerUserFor('unix:///var/run/docker.sock', 'linux', { uid: undefined, gid: undefined }), undefined);
  });

  it("uses this process's own ids by default", () => {
    const expected = process.platform === 'linux' ? `${process.getuid?.()}:${process.getgid?.()}` : undefined;
    assert.equal(containerUserFor('unix:///var/run/docker.sock'), process.platform === 'linux' ? expected : undefined);
  });

  // BUG (src/workflows/convertFolder.ts containerUserFor): rootless Docker
  // ($XDG_RUNTIME_DIR/docker.sock = /run/user/<uid>/docker.sock) maps the caller to root in
  // the container exactly like rootless Podman; running as 1000:1001 there writes files
  // owned by a sub-uid (e.g. 100999) on the host, not by the person.
  it('rootless Docker (a socket under /run/user/<uid>/) gets no user either', () => {
    assert.equal(containerUserFor('unix:///run/user/1000/docker.sock', 'linux', me), undefined);
  });

  // BUG (same function): rootful Podman's system socket /run/podman/podman.sock contains
  // "/podman/" and is treated as rootless, so the container runs as the image's user and
  // cannot write into a folder that is not world-writable. Rootful Podman maps ids 1:1.
  it('rootful Podman (the system socket) runs as uid:gid like rootful Docker', () => {
    assert.equal(containerUserFor('unix:///run/podman/podman.sock', 'linux', { uid: 0, gid: 0 }), '0:0');
  });
});

describe('parseConverterLine', () => {
  it('parses start', () => {
    assert.deepEqual(parseConverterLine('{"event":"start","total":50,"fps":5,"width":1920,"height":1080,"output":"/output/v.mp4"}'), {
      event: 'start',
      total: 50,
      fps: 5,
      width: 1920,
      height: 1080,
      output: '/output/v.mp4',
    });
  });

  it('parses skip (reason defaults to "unreadable")', () => {
    assert.deepEqual(parseConverterLine('{"event":"skip","file":"bad.jpg","reason":"truncated JPEG"}'), {
      event: 'skip',
      file: 'bad.jpg',
      reason: 'truncated JPEG',
    });
    assert.deepEqual(parseConverterLine('{"event":"skip","file":"bad.jpg"}'), { event: 'skip', file: 'bad.jpg', reason: 'unreadable' });
  });

  it('parses progress', () => {
    assert.deepEqual(parseConverterLine('{"event":"progress","frame":37,"total":50}'), { event: 'progress', frame: 37, total: 50 });
  });

  it('parses done, with defaults for missing numbers', () => {
    assert.deepEqual(
      parseConverterLine(
        '{"event":"done","output":"/output/v.mp4","frames":50,"skipped":1,"duration":10,"width":1920,"height":1080,"fps":5,"elapsed":2.5}',
      ),
      { event: 'done', output: '/output/v.mp4', frames: 50, skipped: 1, duration: 10, width: 1920, height: 1080, fps: 5, elapsed: 2.5 },
    );
    assert.deepEqual(parseConverterLine('{"event":"done","frames":3}'), {
      event: 'done',
      output: '',
      frames: 3,
      skipped: 0,
      duration: 0,
      width: 0,
      height: 0,
      fps: 0,
      elapsed: 0,
    });
  });

  it('parses error', () => {
    assert.deepEqual(parseConverterLine('{"event":"error","message":"No images in /input"}'), {
      event: 'error',
      message: 'No images in /input',
    });
  });

  it('tolerates surrounding whitespace and a carriage return', () => {
    assert.deepEqual(parseConverterLine('  {"event":"progress","frame":1,"total":2}\r'), { event: 'progress', frame: 1, total: 2 });
  });

  it('anything else is plain output (undefined), never an exception', () => {
    const junk = [
      '',
      '   ',
      'Converting 50 images',
      'ffmpeg: [mjpeg @ 0x55] error',
      '{',
      '{not json}',
      '{"event":"progress","frame":1',
      '[1,2,3]',
      'null',
      '42',
      '{}',
      '{"event":"unknown","total":1}',
      '{"event":"start"}',
      '{"event":"start","total":"50"}',
      '{"event":"progress","frame":"3","total":5}',
      '{"event":"progress","frame":3}',
      '{"event":"progress","frame":null,"total":5}',
      '{"event":"skip","reason":"x"}',
      '{"event":"skip","file":7}',
      '{"event":"done","output":"x"}',
      '{"event":"error"}',
      '{"event":"error","message":42}',
      '{"event":["start"],"total":1}',
    ];
    for (const line of junk) {
      assert.equal(parseConverterLine(line), undefined, JSON.stringify(line));
    }
  });
});

describe('hashTemplateFiles', () => {
  const folder = path.join(tmp, 'hash');
  fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'Dockerfile'), 'FROM debian:bookworm-slim\n');
  fs.writeFileSync(path.join(folder, 'a.py'), '# a comment\nprint(1)\n');
  fs.writeFileSync(path.join(folder, 'sub', 'b.txt'), 'b');

  it('is a hex SHA-256 that does not depend on the order of the list', () => {
    const one = hashTemplateFiles(folder, ['Dockerfile', 'a.py', 'sub/b.txt']);
    assert.match(one, /^[0-9a-f]{64}$/);
    assert.equal(hashTemplateFiles(folder, ['sub/b.txt', 'Dockerfile', 'a.py']), one);
    assert.equal(hashTemplateFiles(folder, ['a.py', 'sub/b.txt', 'Dockerfile']), one);
  });

  it("does not sort the caller's list in place", () => {
    const files = ['sub/b.txt', 'Dockerfile', 'a.py'];
    hashTemplateFiles(folder, files);
    assert.deepEqual(files, ['sub/b.txt', 'Dockerfile', 'a.py']);
  });

  it('changes when one byte changes, and back when it is restored', () => {
    const files = ['Dockerfile', 'a.py', 'sub/b.txt'];
    const before = hashTemplateFiles(folder, files);
    const file = path.join(folder, 'a.py');
    const original = fs.readFileSync(file);
    const changed = Buffer.from(original);
    changed[2] = changed[2] ^ 1; // inside the comment
    fs.writeFileSync(file, changed);
    try {
      assert.notEqual(hashTemplateFiles(folder, files), before);
    } finally {
      fs.writeFileSync(file, original);
    }
    assert.equal(hashTemplateFiles(folder, files), before);
  });

  it('changes when a file is added to the list, or bytes move between files', () => {
    const two = hashTemplateFiles(folder, ['Dockerfile', 'a.py']);
    assert.notEqual(hashTemplateFiles(folder, ['Dockerfile', 'a.py', 'sub/b.txt']), two);
    const moved = path.join(tmp, 'hash-moved');
    fs.mkdirSync(moved);
    // Same concatenated bytes, split differently between the two files.
    const dockerfile = fs.readFileSync(path.join(folder, 'Dockerfile'));
    const a = fs.readFileSync(path.join(folder, 'a.py'));
    fs.writeFileSync(path.join(moved, 'a.py'), a.subarray(0, 3));
    fs.writeFileSync(path.join(moved, 'Dockerfile'), Buffer.concat([dockerfile, a.subarray(3)]));
    assert.notEqual(hashTemplateFiles(moved, ['Dockerfile', 'a.py']), two);
  });

  it('hashes the bundled img2vid template (every listed file exists)', () => {
    const img2vid = loadCatalog(templatesDir).templates.find((t) => t.id === 'img2vid');
    assert.ok(img2vid);
    const files = [...img2vid.files, 'template.json'];
    assert.equal(hashTemplateFiles(img2vid.folder, files), hashTemplateFiles(img2vid.folder, [...files].reverse()));
  });
});

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

describe('toHostPaths', () => {
  it('names the host folders instead of the container mounts', () => {
    assert.equal(
      toHostPaths('No images in /input: looked for .jpg', '/home/me/shots', '/home/me'),
      'No images in /home/me/shots: looked for .jpg',
    );
    assert.equal(toHostPaths("cannot write '/output/a.mp4'", '/in', '/home/me/videos'), "cannot write '/home/me/videos/a.mp4'");
    assert.equal(toHostPaths('/input/sub/x.jpg is damaged', '/data', '/o'), '/data/sub/x.jpg is damaged');
  });

  it('leaves words that only start like the mounts alone', () => {
    assert.equal(toHostPaths('see /inputs and /output2 and a/input', '/data', '/o'), 'see /inputs and /output2 and a/input');
  });
});
