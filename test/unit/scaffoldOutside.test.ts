/**
 * Scaffolding never writes outside its folder (src/templates/scaffold.ts and
 * containment.ts), on real temporary folders: links at a target are clashes and are
 * replaced, never followed; folders on the way that lead outside refuse the whole
 * scaffold; new files are created exclusively; a half-done write names both lists.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import type { Template } from '../../src/templates/catalog';
import { ScaffoldOutsideError, ScaffoldWriteError, applyScaffold, clashes, planScaffold } from '../../src/templates/scaffold';
import { FILES, makeDemoTemplate, writeFile } from '../support/scaffoldFixture';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-scaffold-outside-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** A chosen folder and, beside it, a folder that stands for "anywhere else" (~/.ssh, /etc). */
function folders(): { dir: string; outside: string } {
  const n = ++counter;
  const dir = path.join(root, `chosen-${n}`);
  const outside = path.join(root, `elsewhere-${n}`);
  fs.mkdirSync(dir);
  fs.mkdirSync(outside);
  return { dir, outside };
}

const isLink = (p: string) => fs.lstatSync(p).isSymbolicLink();
const read = (p: string) => fs.readFileSync(p, 'utf8');

/** Runs `fn`, which must throw `type`, and returns the error. */
function thrown<E extends Error>(type: new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof type, `expected a ${type.name}, got ${String(err)}`);
    return err;
  }
  assert.fail(`expected a ${type.name}; nothing was thrown`);
}

describe('scaffolding never writes outside its folder', () => {
  let template: Template;
  beforeEach(() => {
    template = makeDemoTemplate(root);
  });

  it('a dangling symlink at a target is a clash; Keep leaves it, Overwrite replaces the link and creates nothing where it pointed', () => {
    const { dir, outside } = folders();
    const pointedAt = path.join(outside, 'created-through-the-link');
    fs.symlinkSync(pointedAt, path.join(dir, 'Dockerfile'));

    const plan = planScaffold(template, dir);
    const dockerfile = plan.files.find((f) => f.relative === 'Dockerfile')!;
    assert.deepEqual(
      { exists: dockerfile.exists, identical: dockerfile.identical, linkTo: dockerfile.linkTo },
      { exists: true, identical: false, linkTo: pointedAt },
    );
    assert.deepEqual(
      clashes(plan).map((f) => f.relative),
      ['Dockerfile'],
    );

    const kept = applyScaffold(plan, 'keep');
    assert.deepEqual(kept.kept, ['Dockerfile']);
    assert.ok(isLink(path.join(dir, 'Dockerfile')), 'Keep left the link');
    assert.ok(!fs.existsSync(pointedAt), 'nothing was written through the link');

    const overwritten = applyScaffold(planScaffold(template, dir), 'overwrite');
    assert.deepEqual(overwritten.written, ['Dockerfile']);
    assert.ok(!isLink(path.join(dir, 'Dockerfile')), 'the link itself was replaced by a file');
    assert.equal(read(path.join(dir, 'Dockerfile')), FILES.Dockerfile);
    assert.deepEqual(fs.readdirSync(outside), [], 'nothing was created where the link pointed');
  });

  it('a symlink at a target that points outside (even to identical content) is a clash; Overwrite never writes the file it points to', () => {
    const { dir, outside } = folders();
    const precious = path.join(outside, 'authorized_keys');
    fs.writeFileSync(precious, 'ssh-ed25519 AAAA mine\n');
    fs.symlinkSync(precious, path.join(dir, 'run.sh'));
    const sameContent = path.join(outside, 'same-as-template');
    fs.writeFileSync(sameContent, FILES['.dockerignore']);
    fs.symlinkSync(sameContent, path.join(dir, '.dockerignore'));

    const plan = planScaffold(template, dir);
    assert.deepEqual(
      clashes(plan)
        .map((f) => f.relative)
        .sort(),
      ['.dockerignore', 'run.sh'],
      'a link is a clash, whatever it points to',
    );
    applyScaffold(plan, 'overwrite');
    assert.equal(read(precious), 'ssh-ed25519 AAAA mine\n', 'the file the link pointed to is untouched');
    assert.equal(fs.statSync(precious).mode & 0o111, 0, "nor did it get the script's executable bit");
    assert.ok(!isLink(path.join(dir, 'run.sh')));
    assert.equal(read(path.join(dir, 'run.sh')), FILES['run.sh']);
    assert.equal(fs.statSync(path.join(dir, 'run.sh')).mode & 0o777, 0o755);
  });

  it("Overwrite of a file with another hard link leaves that other name's content alone", () => {
    const { dir, outside } = folders();
    const other = path.join(outside, 'other-name');
    fs.writeFileSync(other, 'FROM mine\n');
    fs.linkSync(other, path.join(dir, 'Dockerfile'));
    applyScaffold(planScaffold(template, dir), 'overwrite');
    assert.equal(read(path.join(dir, 'Dockerfile')), FILES.Dockerfile);
    assert.equal(read(other), 'FROM mine\n');
  });

  it('a symlinked parent folder that leads outside refuses the whole scaffold, naming the file; nothing is written anywhere', () => {
    const { dir, outside } = folders();
    fs.symlinkSync(outside, path.join(dir, 'app'));
    const err = thrown(ScaffoldOutsideError, () => planScaffold(template, dir));
    assert.equal(err.relative, 'app/main.py');
    assert.match(err.message, /app\/main\.py/);
    assert.match(err.message, new RegExp(`the folder app is a link to ${outside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, outside`));
    assert.deepEqual(fs.readdirSync(outside), []);
    assert.deepEqual(fs.readdirSync(dir), ['app']);
  });

  it('a dangling symlinked parent folder refuses too, and no folder is made where it points', () => {
    const { dir, outside } = folders();
    const missing = path.join(outside, 'not-yet');
    fs.symlinkSync(missing, path.join(dir, 'app'));
    const err = thrown(ScaffoldOutsideError, () => planScaffold(template, dir));
    assert.equal(err.relative, 'app/main.py');
    assert.match(err.message, /which does not exist/);
    assert.ok(!fs.existsSync(missing));
  });

  it('links that stay inside the folder are fine: a symlinked subfolder, and a chosen folder that is itself a link', () => {
    const { dir, outside } = folders();
    fs.mkdirSync(path.join(dir, 'real-app'));
    fs.symlinkSync('real-app', path.join(dir, 'app'));
    applyScaffold(planScaffold(template, dir), 'keep');
    assert.equal(read(path.join(dir, 'real-app', 'main.py')), FILES['app/main.py']);

    // The chosen folder is a link to a folder elsewhere: inside its own real path is inside.
    const linkedChoice = path.join(root, `linked-choice-${counter}`);
    fs.symlinkSync(outside, linkedChoice);
    applyScaffold(planScaffold(template, linkedChoice), 'keep');
    assert.equal(read(path.join(outside, 'Dockerfile')), FILES.Dockerfile);
  });

  it('a file created while the question is open is not overwritten: it is reported, the others are written', () => {
    const { dir } = folders();
    const plan = planScaffold(template, dir);
    assert.deepEqual(clashes(plan), [], 'nothing clashed when the plan was made');
    // …the person is still deciding, and meanwhile something writes a Dockerfile:
    writeFile(dir, 'Dockerfile', 'FROM written-meanwhile\n');

    const err = thrown(ScaffoldWriteError, () => applyScaffold(plan, 'keep'));
    assert.deepEqual(
      err.notWritten.map((f) => f.relative),
      ['Dockerfile'],
    );
    assert.match(err.notWritten[0].reason, /appeared while you were deciding/);
    assert.deepEqual([...err.written].sort(), ['.dockerignore', 'app/main.py', 'run.sh']);
    assert.equal(read(path.join(dir, 'Dockerfile')), 'FROM written-meanwhile\n', 'the new file is untouched');
  });

  it('a link created while the question is open is not written through', () => {
    const { dir, outside } = folders();
    const plan = planScaffold(template, dir);
    const pointedAt = path.join(outside, 'run.sh');
    fs.symlinkSync(pointedAt, path.join(dir, 'run.sh'));
    const err = thrown(ScaffoldWriteError, () => applyScaffold(plan, 'overwrite'));
    assert.deepEqual(
      err.notWritten.map((f) => f.relative),
      ['run.sh'],
    );
    assert.ok(!fs.existsSync(pointedAt));
  });

  it('a parent folder swapped for a link outside while the question is open: that file is refused at write time', () => {
    const { dir, outside } = folders();
    const plan = planScaffold(template, dir);
    fs.symlinkSync(outside, path.join(dir, 'app'));
    const err = thrown(ScaffoldWriteError, () => applyScaffold(plan, 'keep'));
    assert.deepEqual(
      err.notWritten.map((f) => f.relative),
      ['app/main.py'],
    );
    assert.match(err.notWritten[0].reason, /outside/);
    assert.deepEqual(fs.readdirSync(outside), []);
  });

  it('a write that fails halfway says which files were written and which were not, and why', () => {
    const { dir } = folders();
    // A file where the template's folder should be, and a folder where a file should be:
    // failures even for root, who ignores read-only modes.
    writeFile(dir, 'app', 'not a folder\n');
    fs.mkdirSync(path.join(dir, 'run.sh'));
    const plan = planScaffold(template, dir);
    assert.deepEqual(
      clashes(plan).map((f) => f.relative),
      ['run.sh'],
    );

    const err = thrown(ScaffoldWriteError, () => applyScaffold(plan, 'overwrite'));
    assert.deepEqual(err.written, ['Dockerfile', '.dockerignore']);
    assert.deepEqual(
      err.notWritten.map((f) => f.relative),
      ['run.sh', 'app/main.py'],
    );
    assert.match(err.notWritten[0].reason, /a folder of that name is there/);
    assert.match(err.notWritten[1].reason, /a file stands where its folder app should be/);
    assert.match(err.message, /Wrote Dockerfile, \.dockerignore; could not write run\.sh \(.+\); app\/main\.py \(.+\)\./);
    assert.equal(read(path.join(dir, 'Dockerfile')), FILES.Dockerfile, 'what was written is complete');
  });
});
