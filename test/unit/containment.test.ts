import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { escapeReason, isWithin, linkLeadsOutside } from '../../src/templates/containment';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cw-containment-')));
after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('containment', () => {
  it('isWithin: the folder itself and what is under it, by path segments', () => {
    assert.ok(isWithin('/a/b', '/a/b'));
    assert.ok(isWithin('/a/b', '/a/b/c'));
    assert.ok(isWithin('/a/b', '/a/b/..c'));
    assert.ok(!isWithin('/a/b', '/a/bc'));
    assert.ok(!isWithin('/a/b', '/a'));
    assert.ok(!isWithin('/a/b', '/x/a/b'));
  });

  it('escapeReason: folders that do not exist yet are made inside', () => {
    const dir = fs.mkdtempSync(path.join(root, 'chosen-'));
    assert.equal(escapeReason(dir, 'deep/new/folders/file.txt'), undefined);
  });

  it('linkLeadsOutside: a folder inside, or a link that stays inside, is fine; a link out names where it leads', () => {
    const workspace = fs.mkdtempSync(path.join(root, 'workspace-'));
    const elsewhere = fs.mkdtempSync(path.join(root, 'elsewhere-'));
    fs.mkdirSync(path.join(workspace, 'app'));
    fs.symlinkSync(path.join(workspace, 'app'), path.join(workspace, 'inside-link'));
    fs.symlinkSync(elsewhere, path.join(workspace, 'outside-link'));
    assert.equal(linkLeadsOutside(workspace, path.join(workspace, 'app')), undefined);
    assert.equal(linkLeadsOutside(workspace, path.join(workspace, 'inside-link')), undefined);
    assert.equal(linkLeadsOutside(workspace, path.join(workspace, 'outside-link')), elsewhere);
  });

  it('linkLeadsOutside: a link that cannot be resolved (a loop) is outside, saying why', () => {
    const workspace = fs.mkdtempSync(path.join(root, 'loop-'));
    fs.symlinkSync(path.join(workspace, 'b'), path.join(workspace, 'a'));
    fs.symlinkSync(path.join(workspace, 'a'), path.join(workspace, 'b'));
    assert.match(linkLeadsOutside(workspace, path.join(workspace, 'a')) ?? '', /^a place that cannot be resolved \(.*ELOOP/);
  });
});
