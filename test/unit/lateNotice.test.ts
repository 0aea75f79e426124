import * as assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { CancelledError } from '../../src/engine/errors';
import { withLateNotice } from '../../src/ui/lateNotice';

/** A task that ends when told to, and rejects with CancelledError when its signal aborts. */
function controllable() {
  let finish!: (value: string) => void;
  let seen: AbortSignal | undefined;
  const task = (signal: AbortSignal) => {
    seen = signal;
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      signal.addEventListener('abort', () => reject(new CancelledError()), { once: true });
    });
  };
  return { task, finish: (v: string) => finish(v), signal: () => seen };
}

describe('withLateNotice', () => {
  it('work that ends before the delay shows no notice', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let shown = 0;
      const work = controllable();
      const result = withLateNotice(work.task, () => shown++, 400);
      mock.timers.tick(399);
      work.finish('answer');
      assert.equal(await result, 'answer');
      mock.timers.tick(1000);
      assert.equal(shown, 0);
    } finally {
      mock.timers.reset();
    }
  });

  it('slow work shows the notice once, which lasts until the work ends; its cancel aborts the work', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const notices: { controller: AbortController; ended: Promise<void> }[] = [];
      const work = controllable();
      const result = withLateNotice(work.task, (controller, ended) => notices.push({ controller, ended }), 400);
      mock.timers.tick(400);
      assert.equal(notices.length, 1);
      let ended = false;
      void notices[0].ended.then(() => (ended = true));
      await Promise.resolve();
      assert.equal(ended, false, 'the notice stays while the work runs');
      notices[0].controller.abort();
      assert.equal(work.signal()?.aborted, true);
      await assert.rejects(result, CancelledError);
      await notices[0].ended;
      mock.timers.tick(1000);
      assert.equal(notices.length, 1);
    } finally {
      mock.timers.reset();
    }
  });
});
