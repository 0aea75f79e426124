import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCatalog } from '../../src/templates/catalog';
import { hashTemplateFiles } from '../../src/workflows/templateImage';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const templatesDir = path.join(repoRoot, 'templates');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-convert-pure-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

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
