/**
 * Writing a template into a folder without ever overwriting silently
 * (src/templates/scaffold.ts), on real temporary folders.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import type { Template } from '../../src/templates/catalog';
import { type FileProbe, applyScaffold, clashes, filesToWrite, planScaffold } from '../../src/templates/scaffold';
import { FILES, makeDemoTemplate, writeFile } from '../support/scaffoldFixture';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-scaffold-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const makeTemplate = () => makeDemoTemplate(root);

let counter = 0;
function targetDir(): string {
  return path.join(root, `target-${++counter}`);
}

const write = writeFile;
const read = (dir: string, rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
const longAgo = new Date('2001-01-01T00:00:00Z');
const mtimeOf = (dir: string, rel: string) => fs.statSync(path.join(dir, rel)).mtimeMs;

describe('scaffold', () => {
  let template: Template;
  beforeEach(() => {
    template = makeTemplate();
  });

  it('into a new folder: every file is planned, none clashes, all are written with their content', () => {
    const dir = targetDir();
    const plan = planScaffold(template, dir);
    assert.deepEqual(
      plan.files.map((f) => [f.relative, f.exists, f.identical, f.target]),
      Object.keys(FILES).map((rel) => [rel, false, false, path.join(dir, rel)]),
    );
    assert.deepEqual(clashes(plan), []);
    assert.equal(filesToWrite(plan, 'keep').length, 4);
    assert.equal(filesToWrite(plan, 'overwrite').length, 4);

    const result = applyScaffold(plan, 'keep');
    assert.deepEqual([...result.written].sort(), Object.keys(FILES).sort());
    assert.deepEqual(result.kept, []);
    assert.equal(result.dockerfile, path.join(dir, 'Dockerfile'));
    for (const [rel, text] of Object.entries(FILES)) {
      assert.equal(read(dir, rel), text, rel);
    }
  });

  it('keeps the executable bit of scripts (and does not add one to other files)', () => {
    const dir = targetDir();
    applyScaffold(planScaffold(template, dir), 'overwrite');
    assert.equal(fs.statSync(path.join(dir, 'run.sh')).mode & 0o777, 0o755);
    assert.equal(fs.statSync(path.join(dir, 'Dockerfile')).mode & 0o111, 0);
  });

  it('an existing identical file is neither a clash nor rewritten', () => {
    const dir = targetDir();
    write(dir, 'Dockerfile', FILES.Dockerfile, longAgo);
    write(dir, 'app/main.py', FILES['app/main.py'], longAgo);
    const plan = planScaffold(template, dir);
    const dockerfile = plan.files.find((f) => f.relative === 'Dockerfile');
    assert.deepEqual({ exists: dockerfile?.exists, identical: dockerfile?.identical }, { exists: true, identical: true });
    assert.deepEqual(clashes(plan), []);
    for (const resolution of ['keep', 'overwrite'] as const) {
      assert.deepEqual(
        filesToWrite(plan, resolution)
          .map((f) => f.relative)
          .sort(),
        ['.dockerignore', 'run.sh'],
        resolution,
      );
    }
    const result = applyScaffold(plan, 'overwrite');
    assert.deepEqual([...result.written].sort(), ['.dockerignore', 'run.sh']);
    assert.deepEqual(result.kept, []);
    assert.equal(mtimeOf(dir, 'Dockerfile'), longAgo.getTime(), 'the identical Dockerfile was not touched');
    assert.equal(mtimeOf(dir, 'app/main.py'), longAgo.getTime(), 'the identical main.py was not touched');
  });

  it('a changed file is a clash; "keep" writes only the missing files and reports the kept ones', () => {
    const dir = targetDir();
    write(dir, 'Dockerfile', 'FROM my-own-base\n', longAgo);
    write(dir, 'app/main.py', FILES['app/main.py'], longAgo);
    write(dir, 'run.sh', '#!/bin/sh\necho mine\n', longAgo);
    const plan = planScaffold(template, dir);
    assert.deepEqual(
      clashes(plan)
        .map((f) => f.relative)
        .sort(),
      ['Dockerfile', 'run.sh'],
    );
    assert.deepEqual(
      filesToWrite(plan, 'keep').map((f) => f.relative),
      ['.dockerignore'],
    );

    const result = applyScaffold(plan, 'keep');
    assert.deepEqual(result.written, ['.dockerignore']);
    assert.deepEqual([...result.kept].sort(), ['Dockerfile', 'run.sh']);
    assert.equal(read(dir, 'Dockerfile'), 'FROM my-own-base\n');
    assert.equal(read(dir, 'run.sh'), '#!/bin/sh\necho mine\n');
    assert.equal(read(dir, '.dockerignore'), FILES['.dockerignore']);
    assert.equal(mtimeOf(dir, 'Dockerfile'), longAgo.getTime());
    assert.equal(mtimeOf(dir, 'app/main.py'), longAgo.getTime());
  });

  it('"overwrite" writes every file that differs or is missing, not the identical ones', () => {
    const dir = targetDir();
    write(dir, 'Dockerfile', 'FROM my-own-base\n', longAgo);
    write(dir, 'app/main.py', FILES['app/main.py'], longAgo);
    write(dir, 'run.sh', '#!/bin/sh\necho mine\n', longAgo);
    fs.chmodSync(path.join(dir, 'run.sh'), 0o644);
    const plan = planScaffold(template, dir);
    assert.deepEqual(
      filesToWrite(plan, 'overwrite')
        .map((f) => f.relative)
        .sort(),
      ['.dockerignore', 'Dockerfile', 'run.sh'],
    );

    const result = applyScaffold(plan, 'overwrite');
    assert.deepEqual([...result.written].sort(), ['.dockerignore', 'Dockerfile', 'run.sh']);
    assert.deepEqual(result.kept, []);
    for (const [rel, text] of Object.entries(FILES)) {
      assert.equal(read(dir, rel), text, rel);
    }
    assert.equal(mtimeOf(dir, 'app/main.py'), longAgo.getTime(), 'the identical file was not rewritten');
    assert.equal(fs.statSync(path.join(dir, 'run.sh')).mode & 0o777, 0o755, 'an overwritten script gets the executable bit back');
  });

  it('a second scaffold into the same folder has nothing to do', () => {
    const dir = targetDir();
    applyScaffold(planScaffold(template, dir), 'keep');
    const again = planScaffold(template, dir);
    assert.ok(again.files.every((f) => f.exists && f.identical));
    assert.deepEqual(clashes(again), []);
    assert.deepEqual(applyScaffold(again, 'overwrite'), { written: [], kept: [], dockerfile: path.join(dir, 'Dockerfile') });
  });

  it('planScaffold only reads through the probe it is given', () => {
    const dir = '/nowhere/at/all';
    const seen: string[] = [];
    const plainFile = { isSymbolicLink: () => false, isFile: () => true } as fs.Stats;
    const folder = { isSymbolicLink: () => false, isFile: () => false } as fs.Stats;
    const probe: FileProbe = {
      lstat: (p) => {
        seen.push(`lstat ${p}`);
        if (p === path.join(dir, 'Dockerfile') || p === path.join(dir, 'run.sh')) return plainFile;
        return p === '/' ? folder : undefined;
      },
      realpath: (p) => {
        seen.push(`realpath ${p}`);
        return p;
      },
      readlink: (p) => assert.fail(`readlink ${p}: there is no link here`),
      read: (p) => {
        seen.push(`read ${p}`);
        if (p === path.join(dir, 'Dockerfile')) return Buffer.from(FILES.Dockerfile);
        if (p === path.join(dir, 'run.sh')) return Buffer.from('changed');
        return fs.readFileSync(p);
      },
    };
    const plan = planScaffold(template, dir, probe);
    assert.deepEqual(
      plan.files.map((f) => [f.relative, f.exists, f.identical]),
      [
        ['Dockerfile', true, true],
        ['.dockerignore', false, false],
        ['run.sh', true, false],
        ['app/main.py', false, false],
      ],
    );
    assert.deepEqual(
      clashes(plan).map((f) => f.relative),
      ['run.sh'],
    );
    assert.ok(!seen.includes(`read ${path.join(dir, '.dockerignore')}`), 'a missing file is not read');
  });
});
