import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  baseName,
  decodePathStat,
  isWithin,
  joinContainerPath,
  kindOfGoMode,
  kindOfTarType,
  normalizeContainerPath,
} from '../../src/engine/files/pathStat';

/** Headers as the engine sent them (recorded on Docker 20.10, python:3.11-slim). */
const PYTHON_LINK = Buffer.from(
  '{"name":"python","size":16,"mode":134218239,"mtime":"2026-12-01T09:27:47Z","linkTarget":"/usr/bin/python3.11"}',
).toString('base64');
const ROOT = Buffer.from('{"name":"/","size":4096,"mode":2147484141,"mtime":"2026-12-01T11:03:04.501720743Z","linkTarget":""}').toString(
  'base64',
);

describe('decodePathStat: the X-Docker-Container-Path-Stat header', () => {
  it('decodes a link with the target the engine resolved', () => {
    const stat = decodePathStat(PYTHON_LINK, '/usr/local/bin/python');
    assert.deepEqual(stat, {
      name: 'python',
      path: '/usr/local/bin/python',
      kind: 'symlink',
      size: 16,
      mode: 0o777,
      modified: new Date('2026-12-01T09:27:47Z'),
      linkTarget: '/usr/bin/python3.11',
    });
  });

  it('decodes a folder, without a link target', () => {
    const stat = decodePathStat([ROOT], '/');
    assert.equal(stat?.kind, 'directory');
    assert.equal(stat?.mode, 0o755);
    assert.equal(stat?.name, '/');
    assert.equal(stat?.linkTarget, undefined);
  });

  it('gives undefined for a missing or broken header', () => {
    assert.equal(decodePathStat(undefined, '/x'), undefined);
    assert.equal(decodePathStat('not base64 json', '/x'), undefined);
    assert.equal(decodePathStat(Buffer.from('{"name":"x"}').toString('base64'), '/x'), undefined);
  });
});

describe('kinds', () => {
  it("reads Go's FileMode type bits", () => {
    assert.equal(kindOfGoMode(0o644), 'file');
    assert.equal(kindOfGoMode(2 ** 31 + 0o755), 'directory');
    assert.equal(kindOfGoMode(2 ** 27 + 0o777), 'symlink');
    assert.equal(kindOfGoMode(2 ** 26 + 2 ** 21 + 0o666), 'other'); // a character device
    assert.equal(kindOfGoMode(2 ** 25 + 0o644), 'other'); // a named pipe
    assert.equal(kindOfGoMode(2 ** 23 + 0o755), 'file', 'setuid is still a file');
  });

  it('reads tar header types; a hard link is a file', () => {
    assert.deepEqual(['file', 'link', 'directory', 'symlink', 'fifo', 'character-device'].map(kindOfTarType), [
      'file',
      'file',
      'directory',
      'symlink',
      'other',
      'other',
    ]);
  });
});

describe('container paths', () => {
  it('normalizes, joins, names and nests', () => {
    assert.equal(normalizeContainerPath('/a/b/../c/./d/'), '/a/c/d');
    assert.equal(normalizeContainerPath('../../etc'), '/etc');
    assert.equal(normalizeContainerPath(''), '/');
    assert.equal(joinContainerPath('/usr', './lib/x'), '/usr/lib/x');
    assert.equal(joinContainerPath('/', '/.dockerenv'), '/.dockerenv');
    assert.equal(baseName('/usr/lib/'), 'lib');
    assert.equal(baseName('/'), '/');
    assert.equal(isWithin('/usr', '/usr/lib'), true);
    assert.equal(isWithin('/usr', '/usr'), true);
    assert.equal(isWithin('/usr', '/usrlocal'), false);
    assert.equal(isWithin('/', '/anything'), true);
  });
});
