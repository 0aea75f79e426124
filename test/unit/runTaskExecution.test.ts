import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunRequest } from '../../src/engine/engine';
import { EngineRequestError } from '../../src/engine/errors';
import { RED } from '../../src/terminals/terminalText';
import { type RunTaskEngine, TERMINATED_EXIT_CODE, executeRunTask } from '../../src/tasks/runTaskExecution';

/** An engine that records the calls a run task makes; the container "prints" and exits with `exitCode`. */
function recordingEngine(exitCode: number, options: { createFails?: Error } = {}) {
  const calls: string[] = [];
  let created: RunRequest | undefined;
  const engine: RunTaskEngine = {
    create: async (request) => {
      calls.push('create');
      created = request;
      if (options.createFails) throw options.createFails;
      return 'c0ffee0000000000';
    },
    attach: async (_id, sink, onAttached) => {
      calls.push('attach');
      onAttached();
      sink('hello\n', 'stdout');
      sink('oops\n', 'stderr');
    },
    start: async () => void calls.push('start'),
    wait: async () => (calls.push('wait'), exitCode),
    stop: async () => void calls.push('stop'),
    remove: async () => void calls.push('remove'),
  };
  return { engine, calls, created: () => created };
}

describe('executeRunTask', () => {
  it('attaches before starting, writes the output as terminal text, ends with the exit code and removes the container', async () => {
    const { engine, calls, created } = recordingEngine(3);
    let text = '';
    const code = await executeRunTask(engine, { image: 'app', autoRemove: true }, (t) => (text += t), new AbortController().signal);
    assert.equal(code, 3);
    assert.deepEqual(calls, ['create', 'attach', 'start', 'wait', 'remove']);
    // The engine must not remove it on its own before the exit code is read.
    assert.equal(created()?.autoRemove, false);
    assert.match(text, /hello\r\n/);
    assert.ok(text.includes(`${RED}oops\r\n`), 'stderr in red');
    assert.match(text, /app exited with code 3\./);
  });

  it('keeps the container when autoRemove is off', async () => {
    const { engine, calls } = recordingEngine(0);
    assert.equal(await executeRunTask(engine, { image: 'app' }, () => undefined, new AbortController().signal), 0);
    assert.deepEqual(calls, ['create', 'attach', 'start', 'wait']);
  });

  it('says why the engine refused the run, and fails the task', async () => {
    const { engine, calls } = recordingEngine(0, { createFails: new EngineRequestError('No such image: nope:latest', 404) });
    let text = '';
    assert.equal(await executeRunTask(engine, { image: 'nope' }, (t) => (text += t), new AbortController().signal), 1);
    assert.deepEqual(calls, ['create']);
    assert.match(text, /Could not run nope: /);
  });

  it('stops and removes the container when the task is terminated while it runs', async () => {
    const { engine, calls } = recordingEngine(0);
    const controller = new AbortController();
    engine.wait = (_id, signal) =>
      new Promise((_resolve, reject) => {
        calls.push('wait');
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
        controller.abort();
      });
    const code = await executeRunTask(engine, { image: 'app', autoRemove: true }, () => undefined, controller.signal);
    assert.equal(code, TERMINATED_EXIT_CODE);
    assert.deepEqual(calls, ['create', 'attach', 'start', 'wait', 'stop', 'remove']);
  });
});
