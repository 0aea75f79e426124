import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkWebviewMessage, describeForLog, parsePreviewState, parseWebviewMessage } from '../../src/preview/parseWebviewMessage';
import type { PlaybackReport, WebviewMessage } from '../../src/preview/protocol';
import { FRAME_RATE } from '../../src/workflows/frameRate';

const playback: PlaybackReport = { event: 'loadeddata', readyState: 4, videoWidth: 320, videoHeight: 240, duration: 2 };

/** One well-formed message of every type the webview sends. */
const everyType: WebviewMessage[] = [
  { type: 'ready' },
  { type: 'revealInExplorer' },
  { type: 'openInDefaultApp' },
  { type: 'openWithVSCode' },
  { type: 'copyPath' },
  { type: 'openVideo' },
  { type: 'convertFolder' },
  { type: 'convertAgain', fps: 24 },
  { type: 'playback', state: playback },
  {
    type: 'playback',
    state: {
      event: 'error',
      readyState: 0,
      videoWidth: 0,
      videoHeight: 0,
      duration: -1,
      errorCode: 4,
      errorMessage: 'DEMUXER_ERROR_NO_SUPPORTED_STREAMS',
    },
  },
];

function reasonFor(raw: unknown): string {
  const checked = checkWebviewMessage(raw);
  assert.equal(checked.ok, false, `${JSON.stringify(raw)} was accepted`);
  return checked.ok ? '' : checked.reason;
}

describe('parseWebviewMessage', () => {
  it('accepts one message of every type, as a fresh object', () => {
    for (const message of everyType) {
      const copy = structuredClone(message);
      const parsed = parseWebviewMessage(copy);
      assert.deepEqual(parsed, message);
      assert.notEqual(parsed, copy, `${message.type}: a new object, not the one that came in`);
    }
  });

  it('turns away what is not a message object', () => {
    for (const raw of [undefined, null, 'ready', 42, true, [], [{ type: 'ready' }]]) {
      assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
      assert.match(reasonFor(raw), /not an object/);
    }
  });

  it('turns away a missing, non-string or unknown type, also names every object has', () => {
    assert.match(reasonFor({}), /no type/);
    assert.match(reasonFor({ type: 42 }), /no type/);
    assert.match(reasonFor({ type: ['ready'] }), /no type/);
    for (const type of ['openExternal', 'READY', 'ready ', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      assert.match(reasonFor({ type }), /unknown type/, type);
    }
  });

  it('turns away an extra field on every type, inside the playback report too', () => {
    for (const message of everyType) {
      assert.match(reasonFor({ ...message, path: '/etc/passwd' }), /unexpected field "path"/, message.type);
    }
    assert.match(reasonFor({ type: 'playback', state: { ...playback, src: 'x' } }), /state: unexpected field "src"/);
    assert.match(reasonFor({ type: 'ready', extra: undefined }), /unexpected field "extra"/);
  });

  it('turns away a missing field', () => {
    assert.match(reasonFor({ type: 'convertAgain' }), /convertAgain: missing "fps"/);
    assert.match(reasonFor({ type: 'playback' }), /playback: missing "state"/);
    for (const key of ['event', 'readyState', 'videoWidth', 'videoHeight', 'duration'] as const) {
      const state: Record<string, unknown> = { ...playback };
      delete state[key];
      assert.match(reasonFor({ type: 'playback', state }), new RegExp(`missing "${key}"`), key);
    }
  });

  it(`convertAgain: a whole number of fps from ${FRAME_RATE.min} to ${FRAME_RATE.max}, nothing else`, () => {
    assert.deepEqual(parseWebviewMessage({ type: 'convertAgain', fps: FRAME_RATE.min }), { type: 'convertAgain', fps: FRAME_RATE.min });
    assert.deepEqual(parseWebviewMessage({ type: 'convertAgain', fps: FRAME_RATE.max }), { type: 'convertAgain', fps: FRAME_RATE.max });
    for (const fps of [
      FRAME_RATE.min - 1,
      FRAME_RATE.max + 1,
      -5,
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '24',
      null,
      [24],
      { valueOf: () => 24 },
    ]) {
      assert.match(reasonFor({ type: 'convertAgain', fps }), /fps must be a whole number from 1 to 120/, String(fps));
    }
  });

  it('playback: checks every field of the report, and drops optional ones left undefined', () => {
    const bad: [Partial<Record<keyof PlaybackReport, unknown>>, RegExp][] = [
      [{ event: 'play' }, /event/],
      [{ readyState: 5 }, /readyState/],
      [{ readyState: -1 }, /readyState/],
      [{ readyState: 1.5 }, /readyState/],
      [{ videoWidth: '320' }, /videoWidth/],
      [{ videoHeight: -240 }, /videoHeight/],
      [{ duration: Number.NaN }, /duration/],
      [{ duration: Number.POSITIVE_INFINITY }, /duration/],
      [{ duration: '2' }, /duration/],
      [{ errorCode: '4' }, /errorCode/],
      [{ errorMessage: 42 }, /errorMessage/],
      [{ errorMessage: 'x'.repeat(1001) }, /errorMessage/],
    ];
    for (const [change, reason] of bad) {
      assert.match(reasonFor({ type: 'playback', state: { ...playback, ...change } }), reason, JSON.stringify(change));
    }
    assert.match(reasonFor({ type: 'playback', state: 'loadeddata' }), /state is not an object/);
    // The page sends errorCode: undefined when the video has no error; structured cloning keeps the key.
    const parsed = parseWebviewMessage({ type: 'playback', state: { ...playback, errorCode: undefined, errorMessage: undefined } });
    assert.deepEqual(parsed, { type: 'playback', state: playback });
    assert.equal(parsed?.type === 'playback' && 'errorCode' in parsed.state, false);
  });

  it('a reason never carries a long value: a long type or field name is cut', () => {
    const reason = reasonFor({ type: 'x'.repeat(100_000) });
    assert.ok(reason.length < 100, reason);
    const extra = reasonFor({ type: 'ready', ['k'.repeat(10_000)]: 1, b: 2, c: 3, d: 4 });
    assert.ok(extra.length < 200, extra);
    assert.match(extra, /, …$/);
  });
});

describe('describeForLog', () => {
  it('gives the shape of a message, short values as they are', () => {
    assert.equal(describeForLog({ type: 'convertAgain', fps: 999 }), '{"type": "convertAgain", "fps": 999}');
    assert.equal(
      describeForLog({ type: 'playback', state: null, list: [1, 2] }),
      '{"type": "playback", "state": null, "list": an array of 2 items}',
    );
    assert.equal(describeForLog(null), 'null');
    assert.equal(describeForLog(undefined), 'undefined');
    assert.equal(describeForLog(42), 'number 42');
    assert.equal(describeForLog([1, 2, 3]), 'an array of 3 items');
  });

  it('never echoes a huge payload: long strings become their length, many fields a count', () => {
    const huge = 'A'.repeat(5_000_000);
    assert.equal(describeForLog(huge), 'a string of 5000000 characters');
    const message = describeForLog({ type: 'copyPath', payload: huge });
    assert.equal(message, '{"type": "copyPath", "payload": a string of 5000000 characters}');
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`field${i}`, i]));
    const described = describeForLog(many);
    assert.match(described, /, and 992 more fields\}$/);
    assert.ok(described.length < 300, described);
    assert.ok(describeForLog({ ['k'.repeat(10_000)]: 1 }).length < 100);
  });
});

describe('parsePreviewState', () => {
  it('reads the one thing the page saves, the video path', () => {
    assert.deepEqual(parsePreviewState({ videoPath: '/home/me/clip.mp4' }), { videoPath: '/home/me/clip.mp4' });
    assert.deepEqual(parsePreviewState({ videoPath: '/a.mp4', scroll: 3 }), { videoPath: '/a.mp4' });
  });

  it('nothing for no state or one of another shape', () => {
    for (const raw of [undefined, null, {}, { videoPath: 42 }, { videoPath: '' }, { videoPath: '  ' }, { path: '/a.mp4' }, '/a.mp4', []]) {
      assert.equal(parsePreviewState(raw), undefined, JSON.stringify(raw));
    }
  });
});
