import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { defaultOutputPath, nextFreeName } from '../../src/workflows/outputPath';

describe('defaultOutputPath', () => {
  it('puts <folder>.mp4 next to the folder by default', () => {
    assert.equal(defaultOutputPath('/home/me/photos/aquarium'), '/home/me/photos/aquarium.mp4');
    assert.equal(defaultOutputPath('/home/me/photos/aquarium/'), '/home/me/photos/aquarium.mp4');
    assert.equal(defaultOutputPath('/home/me/photos/aquarium', '   '), '/home/me/photos/aquarium.mp4');
  });

  it('resolves a relative folder against the working directory', () => {
    assert.equal(defaultOutputPath('frames'), path.join(process.cwd(), 'frames.mp4'));
  });

  it('expands ${folder}, ${folderName} and ${folderDirname} in the pattern', () => {
    const folder = '/home/me/photos/aquarium';
    assert.equal(defaultOutputPath(folder, '${folderDirname}/videos/${folderName}.mp4'), '/home/me/photos/videos/aquarium.mp4');
    assert.equal(defaultOutputPath(folder, '${folder}/out.mp4'), '/home/me/photos/aquarium/out.mp4');
    assert.equal(defaultOutputPath(folder, '/srv/videos/${folderName}-${folderName}.mp4'), '/srv/videos/aquarium-aquarium.mp4');
  });

  it("resolves a relative pattern against the folder's parent", () => {
    assert.equal(defaultOutputPath('/home/me/photos/aquarium', 'videos/${folderName}.mp4'), '/home/me/photos/videos/aquarium.mp4');
    assert.equal(defaultOutputPath('/home/me/photos/aquarium', 'clip.mp4'), '/home/me/photos/clip.mp4');
  });

  it('appends .mp4 when the pattern has no .mp4 (any case kept)', () => {
    assert.equal(
      defaultOutputPath('/home/me/photos/aquarium', '${folderDirname}/${folderName}-video'),
      '/home/me/photos/aquarium-video.mp4',
    );
    assert.equal(defaultOutputPath('/home/me/photos/aquarium', 'clip.MP4'), '/home/me/photos/clip.MP4');
    assert.equal(defaultOutputPath('/home/me/photos/aquarium', 'clip.webm'), '/home/me/photos/clip.webm.mp4');
  });
});

describe('nextFreeName', () => {
  it('the first of name-2, name-3, … that does not exist, keeping the extension', () => {
    const taken = new Set(['/v/clip.mp4', '/v/clip-2.mp4', '/v/clip-3.mp4']);
    assert.equal(
      nextFreeName('/v/clip.mp4', (p) => taken.has(p)),
      '/v/clip-4.mp4',
    );
    assert.equal(
      nextFreeName('/v/other.mp4', (p) => taken.has(p)),
      '/v/other-2.mp4',
    );
    assert.equal(
      nextFreeName('/v/no-extension', () => false),
      '/v/no-extension-2',
    );
  });
});
