import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConversionShown, conversionMessage, conversionTitle, panelAfterConversion } from '../../src/preview/conversionInPanel';

const conversion: ConversionShown = { folder: '/work/frames', output: '/work/frames.mp4', message: 'frame 3 of 50' };
const earlier = { videoPath: '/work/frames.mp4', sourceFolder: '/work/frames' };

describe('the preview panel when a conversion it shows ends', () => {
  it('plays the written video, with the folder it came from, even if the panel was closed meanwhile', () => {
    for (const open of [true, false]) {
      assert.deepEqual(
        panelAfterConversion(
          conversion,
          { outcome: 'written', videoPath: '/work/frames-1.mp4' },
          { superseded: false, open, before: undefined },
        ),
        {
          step: 'showVideo',
          video: { videoPath: '/work/frames-1.mp4', sourceFolder: '/work/frames' },
        },
      );
    }
  });

  it('on a cancel closes a panel opened for the conversion, and shows again the video a panel showed before', () => {
    assert.deepEqual(panelAfterConversion(conversion, { outcome: 'cancelled' }, { superseded: false, open: true, before: undefined }), {
      step: 'close',
    });
    assert.deepEqual(panelAfterConversion(conversion, { outcome: 'cancelled' }, { superseded: false, open: true, before: earlier }), {
      step: 'showVideo',
      video: earlier,
    });
    assert.deepEqual(panelAfterConversion(conversion, { outcome: 'cancelled' }, { superseded: false, open: false, before: earlier }), {
      step: 'leave',
    });
  });

  it('on a failure says why in the panel, if it is still open', () => {
    assert.deepEqual(
      panelAfterConversion(
        conversion,
        { outcome: 'failed', reason: 'The engine stopped.' },
        { superseded: false, open: true, before: earlier },
      ),
      {
        step: 'showFailure',
        conversion: { ...conversion, reason: 'The engine stopped.' },
      },
    );
    assert.deepEqual(
      panelAfterConversion(conversion, { outcome: 'failed', reason: 'x' }, { superseded: false, open: false, before: undefined }),
      { step: 'leave' },
    );
  });

  it('leaves the panel alone whatever the outcome once another video or conversion took it', () => {
    for (const end of [
      { outcome: 'written', videoPath: '/a.mp4' },
      { outcome: 'cancelled' },
      { outcome: 'failed', reason: 'x' },
    ] as const) {
      assert.deepEqual(panelAfterConversion(conversion, end, { superseded: true, open: true, before: earlier }), { step: 'leave' });
    }
  });
});

describe('what the panel says during a conversion', () => {
  it('names the folder, the video it writes and the progress; then the failure', () => {
    assert.deepEqual(conversionMessage(conversion), {
      type: 'converting',
      folderName: 'frames',
      output: 'frames.mp4',
      message: 'frame 3 of 50',
    });
    assert.equal(conversionTitle(conversion), 'Preview: frames.mp4 (converting…)');
    const failed = { ...conversion, reason: 'No images in the folder.' };
    assert.deepEqual(conversionMessage(failed), { type: 'conversionFailed', folderName: 'frames', reason: 'No images in the folder.' });
    assert.equal(conversionTitle(failed), 'Preview: frames.mp4 (conversion failed)');
  });
});
