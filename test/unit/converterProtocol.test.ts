import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConverterLine, converterArgs, isEchoedSkip, wasOutOfMemory } from '../../src/workflows/converterProtocol';

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
describe('converterArgs', () => {
  it('puts the options first and "--" before the names, so a name may start with "-"', () => {
    assert.deepEqual(converterArgs('-draft.mp4', 12), ['--fps', '12', '--', '.', '-draft.mp4']);
    assert.deepEqual(converterArgs('--fps.mp4', 5), ['--fps', '5', '--', '.', '--fps.mp4']);
  });
});

describe('wasOutOfMemory', () => {
  it('reads State.OOMKilled of the inspect document, and nothing else', () => {
    assert.equal(wasOutOfMemory({ State: { OOMKilled: true, ExitCode: 137 } }), true);
    assert.equal(wasOutOfMemory({ State: { OOMKilled: false, ExitCode: 137 } }), false, 'a SIGKILL from someone else is not an OOM');
    for (const junk of [undefined, null, {}, { State: null }, { State: { OOMKilled: 'true' } }, 'x']) {
      assert.equal(wasOutOfMemory(junk), false, JSON.stringify(junk));
    }
  });
});

describe('isEchoedSkip', () => {
  it('recognises the converter repeating a skip on stderr', () => {
    assert.equal(isEchoedSkip('warning: skipped a.tif: damaged or not an image (unpack requires a buffer of 4 bytes)'), true);
    assert.equal(isEchoedSkip('warning: ffmpeg decoded 3 of the 4 images it was given'), false);
    assert.equal(isEchoedSkip('ffmpeg: error'), false);
  });
});
