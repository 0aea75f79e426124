import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { hostNameFor, hostPathOf, landingFor, safeRelativeName } from '../../src/engine/files/hostTargets';

describe('landingFor: what happens to a container entry at a host path', () => {
  it('creates, merges folders, replaces files and links, blocks the rest', () => {
    assert.deepEqual(landingFor('file', 'missing', '/h/x'), { action: 'create' });
    assert.deepEqual(landingFor('directory', 'directory', '/h/x'), { action: 'merge' });
    assert.deepEqual(landingFor('file', 'file', '/h/x'), { action: 'replace' });
    assert.deepEqual(landingFor('symlink', 'symlink', '/h/x'), { action: 'replace' });
    assert.deepEqual(landingFor('file', 'symlink', '/h/x'), { action: 'replace' }, 'the link itself is replaced, never its target');
  });

  it('blocks a folder where a link or file is, a file where a folder is, and devices', () => {
    assert.match((landingFor('directory', 'symlink', '/h/x') as { reason: string }).reason, /is a link here; it is not followed/);
    assert.match((landingFor('directory', 'file', '/h/x') as { reason: string }).reason, /is a file here/);
    assert.match((landingFor('file', 'directory', '/h/x') as { reason: string }).reason, /is a folder here, where the file would go/);
    assert.match((landingFor('other', 'missing', '/h/x') as { reason: string }).reason, /device, pipe or socket/);
    assert.equal(landingFor('file', 'other', '/h/x').action, 'blocked');
  });
});

describe('safeRelativeName', () => {
  it('keeps plain names, drops `.` parts', () => {
    assert.equal(safeRelativeName('./a/b/'), 'a/b');
    assert.equal(safeRelativeName('./'), '');
    assert.equal(safeRelativeName('data/x.txt'), 'data/x.txt');
  });

  it('refuses names that leave the folder', () => {
    for (const name of ['/etc/passwd', '../x', 'a/../../x', './a/..', 'nul\0byte'])
      assert.equal(safeRelativeName(name, 'linux'), undefined, name);
  });

  it('refuses on Windows what would be a drive, a separator or a refused name there', () => {
    for (const name of ['a\\..\\x', 'c:', 'what?', 'a|b']) assert.equal(safeRelativeName(name, 'win32'), undefined, name);
    assert.equal(safeRelativeName('a\\b', 'linux'), 'a\\b', 'a plain character on Linux');
  });
});

describe('host names', () => {
  it('names a download after its last part, `root` for /', () => {
    assert.equal(hostNameFor('/usr/lib'), 'lib');
    assert.equal(hostNameFor('/'), 'root');
    assert.equal(hostPathOf('/h', ''), '/h');
    assert.equal(hostPathOf('/h', 'a/b'), path.join('/h', 'a', 'b'));
  });
});
