import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandFailure, describeFailure, failingAs } from '../../src/ui/failure';
import { CancelledError, EngineRequestError, EngineUnavailableError, describeConnectionFailure } from '../../src/engine/errors';

const unavailable = () =>
  new EngineUnavailableError(
    describeConnectionFailure(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), {
      host: 'unix:///run/docker.sock',
      source: 'default',
    }),
  );

describe('describeFailure', () => {
  it('a cancellation says nothing, also an AbortError and one wrapped by failingAs', async () => {
    assert.deepEqual(describeFailure(new CancelledError()), { kind: 'quiet' });
    assert.deepEqual(describeFailure(Object.assign(new Error('aborted'), { name: 'AbortError' }), 'Could not list containers'), {
      kind: 'quiet',
    });
    const wrapped = await failingAs('Could not inspect web', () => Promise.reject(new CancelledError())).catch((e: unknown) => e);
    assert.ok(wrapped instanceof CommandFailure);
    assert.deepEqual(describeFailure(wrapped), { kind: 'quiet' });
  });

  it('an unreachable engine: what was being done, the problem and what to do; the error for the monitor', () => {
    const err = unavailable();
    const report = describeFailure(err, 'Could not list containers');
    assert.equal(report.kind, 'engineUnavailable');
    if (report.kind !== 'engineUnavailable') return;
    assert.equal(report.error, err);
    assert.equal(report.message, `Could not list containers: ${err.problem.summary} ${err.problem.action}`);
    assert.match(report.log, /^Could not list containers: /);
  });

  it('without a step named, the problem alone', () => {
    const err = unavailable();
    const report = describeFailure(err);
    assert.equal(report.kind === 'engineUnavailable' && report.message, `${err.problem.summary} ${err.problem.action}`);
  });

  it("the engine's refusal: the step, the engine's words and the usual fix; no stack for the engine's own answer", () => {
    const report = describeFailure(
      new EngineRequestError('conflict: unable to delete', 409),
      'Could not remove web',
      'Remove the containers that use it first.',
    );
    assert.deepEqual(report, {
      kind: 'failed',
      message: 'Could not remove web: conflict: unable to delete Remove the containers that use it first.',
      log: ['Could not remove web: conflict: unable to delete Remove the containers that use it first.'],
    });
  });

  it('an unexpected error: its message shown, its stack logged after it', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const report = describeFailure(bug);
    assert.equal(report.kind, 'failed');
    if (report.kind !== 'failed') return;
    assert.equal(report.message, bug.message);
    assert.equal(report.log.length, 2);
    assert.equal(report.log[1], bug.stack);
  });

  it('a CommandFailure brings its step and hint; the innermost step wins when nested', async () => {
    const inner = failingAs(
      'Could not read the image web:1',
      () => Promise.reject(new EngineRequestError('no such image', 404)),
      'Build it first.',
    );
    const outer = await failingAs('Could not run', () => inner).catch((e: unknown) => e);
    assert.ok(outer instanceof CommandFailure);
    assert.equal(outer.what, 'Could not read the image web:1');
    assert.equal(outer.message, 'Could not read the image web:1: no such image');
    const report = describeFailure(outer);
    assert.equal(report.kind === 'failed' && report.message, 'Could not read the image web:1: no such image Build it first.');
  });

  it('failingAs hands back what the work returns', async () => {
    assert.equal(await failingAs('Could not list', () => Promise.resolve(3)), 3);
  });
});
