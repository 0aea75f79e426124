/** The headless CLI's argument parsing and its skip report (src/cli.ts), without running anything. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError, parseConvertArgs, skipReport } from '../../src/cli';

function usageError(argv: string[], pattern: RegExp): void {
  assert.throws(
    () => parseConvertArgs(argv),
    (err: unknown) => {
      assert.ok(err instanceof UsageError, `${JSON.stringify(argv)} throws a UsageError, got ${String(err)}`);
      assert.match(err.message, pattern);
      return true;
    },
    JSON.stringify(argv),
  );
}

describe('parseConvertArgs', () => {
  it('defaults: no output, 5 fps, no overwrite, 1024 MiB', () => {
    assert.deepEqual(parseConvertArgs(['frames']), { folder: 'frames', output: undefined, fps: 5, overwrite: false, memoryMiB: 1024 });
  });

  it('takes the output from -o, --output and --output=', () => {
    assert.equal(parseConvertArgs(['frames', '-o', 'out.mp4']).output, 'out.mp4');
    assert.equal(parseConvertArgs(['-o', 'out.mp4', 'frames']).output, 'out.mp4');
    assert.equal(parseConvertArgs(['frames', '--output', '/tmp/a b.mp4']).output, '/tmp/a b.mp4');
    assert.equal(parseConvertArgs(['frames', '--output=/tmp/x=y.mp4']).output, '/tmp/x=y.mp4');
    assert.equal(parseConvertArgs(['frames', '-o', '-starts-with-dash.mp4']).output, '-starts-with-dash.mp4');
    assert.deepEqual(parseConvertArgs(['frames', '-o', 'a.mp4', '-o', 'b.mp4']).output, 'b.mp4', 'the last one wins');
  });

  it('takes --fps N and --fps=N from 1 to 120', () => {
    assert.equal(parseConvertArgs(['frames', '--fps', '1']).fps, 1);
    assert.equal(parseConvertArgs(['frames', '--fps', '24']).fps, 24);
    assert.equal(parseConvertArgs(['frames', '--fps=120']).fps, 120);
    assert.equal(parseConvertArgs(['--fps', '30', 'frames']).folder, 'frames');
  });

  it('refuses an fps out of bounds or not a whole number, quoting it', () => {
    for (const bad of ['0', '121', '1000', '-1', '2.5', '1e1', 'abc', '', ' 5', '0x10', '+5']) {
      usageError(
        ['frames', '--fps', bad],
        new RegExp(`--fps must be a whole number from 1 to 120 \\(got "${bad.replace(/[.+]/g, '\\$&')}"\\)`),
      );
      usageError(['frames', `--fps=${bad}`], /--fps must be a whole number from 1 to 120/);
    }
  });

  it('--overwrite and -y', () => {
    assert.equal(parseConvertArgs(['frames', '--overwrite']).overwrite, true);
    assert.equal(parseConvertArgs(['-y', 'frames']).overwrite, true);
  });

  it('an option without its value', () => {
    usageError(['frames', '-o'], /-o needs a value/);
    usageError(['frames', '--output'], /--output needs a value/);
    usageError(['frames', '--fps'], /--fps needs a value/);
  });

  it('an unknown option', () => {
    usageError(['frames', '--frame-rate', '5'], /unknown option --frame-rate/);
    usageError(['frames', '-x'], /unknown option -x/);
    usageError(['--fps5', 'frames'], /unknown option --fps5/);
  });

  it('no folder', () => {
    usageError([], /name the folder of images to convert/);
    usageError(['--fps', '5', '-y'], /name the folder/);
  });

  it('an extra argument', () => {
    usageError(['frames', 'more-frames'], /unexpected argument more-frames/);
  });

  it('everything together', () => {
    assert.deepEqual(parseConvertArgs(['--fps=12', 'my frames', '--output', 'v.mp4', '-y', '--memory', '2048']), {
      folder: 'my frames',
      output: 'v.mp4',
      fps: 12,
      overwrite: true,
      memoryMiB: 2048,
    });
  });

  it('--memory MiB and --memory=MiB, at least 256', () => {
    assert.equal(parseConvertArgs(['frames', '--memory', '256']).memoryMiB, 256);
    assert.equal(parseConvertArgs(['--memory=4096', 'frames']).memoryMiB, 4096);
    for (const bad of ['255', '0', '-1', '1g', '512m', '2.5', '', 'abc']) {
      usageError(
        ['frames', '--memory', bad],
        new RegExp(`--memory must be a whole number of MiB, at least 256 \\(got "${bad.replace(/[.]/g, '\\$&')}"\\)`),
      );
      usageError(['frames', `--memory=${bad}`], /--memory must be a whole number of MiB/);
    }
    usageError(['frames', '--memory'], /--memory needs a value/);
  });

  it('"--" ends the options: a folder named "-frames" converts', () => {
    assert.equal(parseConvertArgs(['--', '-frames']).folder, '-frames');
    assert.equal(parseConvertArgs(['--fps', '10', '--', '--overwrite']).folder, '--overwrite');
    assert.equal(parseConvertArgs(['-y', '--', '-frames']).overwrite, true);
    assert.equal(parseConvertArgs(['-']).folder, '-', 'a lone "-" is a name');
    usageError(['-frames'], /unknown option -frames/);
    usageError(['--', '-a', '-b'], /unexpected argument -b/);
    usageError(['--'], /name the folder/);
  });
});

describe('skipReport', () => {
  const many = Array.from({ length: 2500 }, (_, i) => ({ file: `broken${i}.jpg`, reason: 'not a JPEG' }));

  it('the CLI says the count once, then lists each name once', () => {
    const report = skipReport(many, 'holiday');
    const lines = report.trimEnd().split('\n');
    assert.equal(lines[0], 'warning: 2,500 files in holiday could not be read and were skipped.');
    assert.equal(lines.length, 2501);
    assert.equal(lines.filter((l) => l.includes('broken7.jpg:')).length, 1);
    assert.equal(skipReport([], 'holiday'), '', 'nothing skipped, nothing said');
  });
});
