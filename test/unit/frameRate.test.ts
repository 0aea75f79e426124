/**
 * The frame-rate range is defined once (src/workflows/frameRate.ts); what cannot import it
 * (package.json's setting, the converter in Python) is held to it here.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  DEFAULT_FRAME_RATE,
  FRAME_RATE,
  FRAME_RATE_RANGE,
  frameRateProblem,
  isValidFrameRate,
  parseFrameRate,
} from '../../src/workflows/frameRate';

const repoRoot = path.join(__dirname, '..', '..', '..');

describe('the frame-rate range', () => {
  it('is the one the img2vid.fps setting declares in package.json, with the same default', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { minimum: number; maximum: number; default: number }> } };
    };
    const setting = manifest.contributes.configuration.properties['containerWorkflows.img2vid.fps'];
    assert.deepEqual({ min: setting.minimum, max: setting.maximum }, { ...FRAME_RATE });
    assert.equal(setting.default, DEFAULT_FRAME_RATE);
  });

  // One converter serves both templates: img2vid-gradio takes img2vid's (its manifest's "shared").
  it('is the one the converter of templates/img2vid checks, with the same default, and the Gradio app uses its constants', () => {
    const source = fs.readFileSync(path.join(repoRoot, 'templates', 'img2vid', 'img2vid.py'), 'utf8');
    const constant = (name: string) => Number(new RegExp(`^${name} = (\\d+)$`, 'm').exec(source)?.[1]);
    assert.deepEqual({ min: constant('MIN_FPS'), max: constant('MAX_FPS') }, { ...FRAME_RATE });
    assert.equal(constant('DEFAULT_FPS'), DEFAULT_FRAME_RATE);
    const app = fs.readFileSync(path.join(repoRoot, 'templates', 'img2vid-gradio', 'app.py'), 'utf8');
    assert.match(app, /^from img2vid import .*\bDEFAULT_FPS\b.*\bMAX_FPS\b.*\bMIN_FPS\b/m);
  });

  it('isValidFrameRate: whole numbers within the range only', () => {
    for (const fps of [FRAME_RATE.min, DEFAULT_FRAME_RATE, FRAME_RATE.max]) assert.equal(isValidFrameRate(fps), true, String(fps));
    for (const fps of [FRAME_RATE.min - 1, FRAME_RATE.max + 1, 2.5, Number.NaN, '5', undefined])
      assert.equal(isValidFrameRate(fps), false, String(fps));
  });

  it('parseFrameRate: digits only, within the range', () => {
    assert.equal(parseFrameRate('24'), 24);
    assert.equal(parseFrameRate(String(FRAME_RATE.max)), FRAME_RATE.max);
    for (const text of ['0', String(FRAME_RATE.max + 1), '2.5', '-3', '1e2', '', ' 5', '0x10'])
      assert.equal(parseFrameRate(text), undefined, text);
  });

  it('frameRateProblem: says the range for what is not a frame rate; spaces around a good one are fine', () => {
    assert.equal(frameRateProblem(' 30 '), undefined);
    assert.equal(frameRateProblem('0'), `A whole number of frames per second, from ${FRAME_RATE.min} to ${FRAME_RATE.max}.`);
    assert.equal(frameRateProblem('fast'), frameRateProblem('0'));
    assert.equal(FRAME_RATE_RANGE, `a whole number from ${FRAME_RATE.min} to ${FRAME_RATE.max}`);
  });
});
