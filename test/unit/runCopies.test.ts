import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FormItem, type RunFormContext, formItems, toggledRow } from '../../src/pickers/runFormRows';
import { toDockerRunCommand } from '../../src/engine/runArgs';
import { type RunConfig, type VolumeChoice, toRunRequest } from '../../src/workflows/runConfig';
import {
  copyOffers,
  copyPlan,
  copyProblems,
  copyVolumeName,
  foldersOnEngine,
  keptBothName,
  mountOf,
  settledCopies,
  withCopy,
  withFreshCopyVolumes,
  withoutCopies,
} from '../../src/workflows/runCopies';
import { runRequestWithCopies } from '../../src/workflows/runCopyWork';

function config(volumes: VolumeChoice[], partial: Partial<RunConfig> = {}): RunConfig {
  return { image: 'tool:1', name: '', args: [], env: {}, ports: [], volumes, autoRemove: true, user: '', ...partial };
}
const input: VolumeChoice = { hostPath: '/home/me/frames', containerPath: '/input', readOnly: true };
const output: VolumeChoice = { hostPath: '/home/me/out', containerPath: '/output', readOnly: false };

describe('copyOffers: when Run Image… offers to copy a folder', () => {
  it('never on an engine that sees this machine (mount)', () => {
    assert.deepEqual(copyOffers(input, 'mount'), []);
    assert.deepEqual(copyOffers(output, 'mount'), []);
  });
  it('on a remote engine: an input (read-only) is copied in; an output (writable) in and/or back', () => {
    assert.deepEqual(copyOffers(input, 'copy'), ['in']);
    assert.deepEqual(copyOffers(output, 'copy'), ['in', 'back']);
  });
  it('not for a named volume or a row that mounts nothing', () => {
    assert.deepEqual(copyOffers({ ...input, kind: 'volume', hostPath: 'data' }, 'copy'), []);
    assert.deepEqual(copyOffers({ ...output, hostPath: '' }, 'copy'), []);
  });
});

describe('the mount mapping of a copied row', () => {
  it('a copied folder mounts its new volume: the request and the docker run line say -v name:/path', () => {
    const copied = withCopy(config([input, output]), 0, 'in', true, 'ab12cd');
    assert.deepEqual(copied.volumes[0].copy, { volume: 'cw-copy-frames-ab12cd', in: true, back: false });
    assert.deepEqual(mountOf(copied.volumes[0]), { hostPath: 'cw-copy-frames-ab12cd', kind: 'volume' });
    const request = toRunRequest(copied);
    assert.deepEqual(request.volumes, [
      { hostPath: 'cw-copy-frames-ab12cd', kind: 'volume', containerPath: '/input', readOnly: true },
      { hostPath: '/home/me/out', containerPath: '/output', readOnly: false },
    ]);
    const line = toDockerRunCommand(request);
    assert.match(line, /-v cw-copy-frames-ab12cd:\/input:ro/);
    assert.doesNotMatch(line, /\/home\/me\/frames/);
  });
  it('both directions share one volume; switching both off mounts the path again', () => {
    let c = withCopy(config([output]), 0, 'in', true, 'x1');
    c = withCopy(c, 0, 'back', true, 'other');
    assert.deepEqual(c.volumes[0].copy, { volume: 'cw-copy-out-x1', in: true, back: true });
    c = withCopy(withCopy(c, 0, 'in', false, 'y'), 0, 'back', false, 'y');
    assert.equal(c.volumes[0].copy, undefined);
    assert.deepEqual(mountOf(c.volumes[0]), { hostPath: '/home/me/out' });
  });
  it('the plan: what goes in, what comes back, every volume made for the run', () => {
    const c = withCopy(withCopy(config([input, output]), 0, 'in', true, 'a'), 1, 'back', true, 'b');
    assert.deepEqual(copyPlan(c), {
      copiesIn: [{ folder: '/home/me/frames', volume: 'cw-copy-frames-a' }],
      copiesBack: [{ folder: '/home/me/out', volume: 'cw-copy-out-b', containerPath: '/output' }],
      volumes: ['cw-copy-frames-a', 'cw-copy-out-b'],
    });
    assert.deepEqual(foldersOnEngine(c), [], 'copied folders are not looked for on the engine');
    assert.deepEqual(foldersOnEngine(config([input, output])), ['/home/me/frames', '/home/me/out']);
  });
  it('a run with copies is not --rm on the engine (its output is copied first); without copies it is as asked', () => {
    const c = withCopy(config([output], { autoRemove: true }), 0, 'back', true, 'b');
    assert.equal(runRequestWithCopies(c, copyPlan(c)).autoRemove, false);
    assert.equal(runRequestWithCopies(config([output]), copyPlan(config([output]))).autoRemove, true);
  });
  it('Run Again gets new volume names; a local engine drops the copies', () => {
    const c = withCopy(config([input]), 0, 'in', true, 'old');
    assert.equal(withFreshCopyVolumes(c, 'new').volumes[0].copy?.volume, 'cw-copy-frames-new');
    assert.equal(withoutCopies(c).volumes[0].copy, undefined);
  });
  it('an edit that makes the row a named volume or read-only drops what no longer applies', () => {
    const both = withCopy(withCopy(config([output]), 0, 'in', true, 'a'), 0, 'back', true, 'a');
    const readOnly = settledCopies({ ...both, volumes: [{ ...both.volumes[0], readOnly: true }] });
    assert.deepEqual(readOnly.volumes[0].copy, { volume: 'cw-copy-out-a', in: true, back: false });
    const named = settledCopies({ ...both, volumes: [{ ...both.volumes[0], kind: 'volume', hostPath: 'data' }] });
    assert.equal(named.volumes[0].copy, undefined);
  });
});

describe('copy names and problems', () => {
  it('volume names within what Docker accepts', () => {
    assert.equal(copyVolumeName('/home/me/My Photos!', 'a1'), 'cw-copy-My-Photos-a1');
    assert.equal(copyVolumeName('/', 'a1'), 'cw-copy-folder-a1');
    assert.match(copyVolumeName('/x/.hidden', 'z'), /^cw-copy-hidden-z$/);
  });
  it('a folder to copy in must be a folder here; an output folder may be missing', () => {
    const c = withCopy(withCopy(config([input, output]), 0, 'in', true, 'a'), 1, 'back', true, 'b');
    assert.deepEqual(
      copyProblems(c, () => 'missing'),
      ['/home/me/frames does not exist on this machine (it is copied from here)'],
    );
    assert.deepEqual(
      copyProblems(c, () => 'folder'),
      [],
    );
  });
  it('Keep Both names the container file beside the person’s', () => {
    assert.equal(
      keptBothName('video.mp4', () => false),
      'video (from the container).mp4',
    );
    const taken = new Set(['video (from the container).mp4']);
    assert.equal(
      keptBothName('video.mp4', (n) => taken.has(n)),
      'video (from the container 2).mp4',
    );
  });
});

describe('the run form on a remote engine', () => {
  const remote: RunFormContext = {
    isPortFree: () => Promise.resolve(true),
    hasEntrypoint: false,
    defaultCommand: 'run',
    engineFolders: { where: 'tcp://build-box:2376', check: () => Promise.resolve(new Map()) },
  };
  const labels = (items: FormItem[]) => items.flatMap((i) => (i.kind === 'row' ? [i.label] : []));
  it('offers the copy under each host folder, and only there', () => {
    const shown = labels(formItems(config([input, output]), remote, []));
    const i = shown.indexOf('$(folder) /input ← /home/me/frames');
    assert.equal(shown[i + 1], '$(cloud-upload) Copy this folder into a new named volume');
    const o = shown.indexOf('$(folder) /output ← /home/me/out');
    assert.deepEqual(shown.slice(o + 1, o + 3), [
      '$(cloud-upload) Copy this folder into a new named volume',
      '$(cloud-download) Copy the output back when the container exits',
    ]);
    const local = labels(formItems(config([input, output]), { ...remote, engineFolders: undefined }, []));
    assert.ok(!local.some((l) => l.includes('Copy this folder') || l.includes('Copy the output back')));
  });
  it('picking an offer switches it on: the row mounts the volume and says so', () => {
    const on = toggledRow(config([input]), { kind: 'copy-in', index: 0 }, remote, 'f00');
    assert.ok(on);
    const items = formItems(on, remote, []).flatMap((i) => (i.kind === 'row' ? [i] : []));
    const row = items.find((r) => r.row.kind === 'volume');
    assert.equal(row?.label, '$(database) /input ← cw-copy-frames-f00');
    assert.match(row?.detail ?? '', /a folder on this machine, through the volume cw-copy-frames-f00: copied in before the run/);
    assert.equal(items.find((r) => r.row.kind === 'copy-in')?.label, '$(pass-filled) Copy this folder into a new named volume: yes');
    const off = toggledRow(on, { kind: 'copy-in', index: 0 }, remote, 'f01');
    assert.equal(off?.volumes[0].copy, undefined);
  });
});
