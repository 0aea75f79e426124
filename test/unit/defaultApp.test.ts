import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultAppReach } from '../../src/preview/defaultApp';

describe('defaultAppReach', () => {
  it('a desktop window with a local extension host: the system default app can open the file', () => {
    assert.deepEqual(defaultAppReach({ inBrowser: false, remoteName: undefined }, 'clip.mp4'), { ok: true });
  });

  it('VS Code in a browser: not offered, because the file: address would navigate the page itself', () => {
    const reach = defaultAppReach({ inBrowser: true, remoteName: undefined }, 'clip.mp4');
    assert.equal(reach.ok, false);
    assert.match(reach.ok ? '' : reach.why, /VS Code runs in a browser here, so no app on this computer can open clip\.mp4 .*Download…/);
    // The browser wins over the remote's name: that is what the person sees.
    assert.match((defaultAppReach({ inBrowser: true, remoteName: 'ssh-remote' }, 'clip.mp4') as { why: string }).why, /runs in a browser/);
  });

  it('a desktop window on a remote host or container: the path is on another machine', () => {
    for (const remoteName of ['ssh-remote', 'wsl', 'dev-container']) {
      const reach = defaultAppReach({ inBrowser: false, remoteName }, 'clip.mp4');
      assert.equal(reach.ok, false, remoteName);
      assert.match(
        reach.ok ? '' : reach.why,
        new RegExp(`clip\\.mp4 is on the remote machine \\(${remoteName}\\), not on this computer\\. Download it from the Explorer`),
      );
    }
  });
});
