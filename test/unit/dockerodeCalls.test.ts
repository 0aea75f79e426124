import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import Docker from 'dockerode';
import { DockerodeCalls, ignoreStatus, unlessNotFound } from '../../src/engine/dockerodeCalls';
import { CancelledError, EngineRequestError, EngineUnavailableError, hasStatus } from '../../src/engine/errors';

const endpoint = { host: 'unix:///nonexistent/docker.sock', source: 'setting' as const };
// Never dialled: these tests hand the calls their work and streams themselves.
const calls = new DockerodeCalls(new Docker({ socketPath: '/nonexistent/docker.sock' }), endpoint, 1000);
const refusal = (statusCode: number, message: string) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) ${message}`), { statusCode, json: { message } });

describe('DockerodeCalls', () => {
  it("call: a refusal becomes EngineRequestError with the engine's words and status", async () => {
    const err = await calls.call(undefined, () => Promise.reject(refusal(409, 'Conflict'))).catch((e: unknown) => e);
    assert.ok(err instanceof EngineRequestError);
    assert.equal(err.message, 'Conflict');
    assert.equal(err.statusCode, 409);
  });

  it('call: a socket error becomes EngineUnavailableError with what to do', async () => {
    const err = await calls
      .call(undefined, () => Promise.reject(Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' })))
      .catch((e: unknown) => e);
    assert.ok(err instanceof EngineUnavailableError);
    assert.equal(err.problem.kind, 'notInstalled');
  });

  it('call: an aborted signal is CancelledError, before the work and for whatever the work fails with', async () => {
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    await assert.rejects(
      calls.call(controller.signal, () => {
        ran = true;
        return Promise.resolve();
      }),
      CancelledError,
    );
    assert.equal(ran, false);
    const late = new AbortController();
    await assert.rejects(
      calls.call(late.signal, () => {
        late.abort();
        return Promise.reject(new Error('socket hang up'));
      }),
      CancelledError,
    );
  });

  it('quick: the request gets a signal, and its answer comes back', async () => {
    let given: AbortSignal | undefined;
    assert.equal(
      await calls.quick(undefined, (signal) => {
        given = signal;
        return Promise.resolve('answer');
      }),
      'answer',
    );
    assert.ok(given);
  });

  it('read: every chunk until the stream ends; an error of the stream is translated', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    const reading = calls.read(stream, undefined, (chunk) => chunks.push(chunk.toString()));
    stream.write('a');
    stream.end('b');
    await reading;
    assert.deepEqual(chunks, ['a', 'b']);

    const broken = new PassThrough();
    const failing = calls.read(broken, undefined, () => undefined);
    broken.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    const err = await failing.catch((e: unknown) => e);
    assert.ok(err instanceof EngineUnavailableError);
    assert.equal(err.problem.kind, 'notRunning');
  });

  it('read: the signal ends the reading with CancelledError and destroys the stream', async () => {
    const stream = new PassThrough();
    const controller = new AbortController();
    const reading = calls.read(stream, controller.signal, () => undefined);
    controller.abort();
    await assert.rejects(reading, CancelledError);
    assert.equal(stream.destroyed, true);
  });

  it('readLines: whole lines, the last one without its newline too', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    const reading = calls.readLines(stream, undefined, (line) => lines.push(line));
    stream.write('{"a":1}\n{"b"');
    stream.end(':2}\n{"c":3}');
    await reading;
    assert.deepEqual(lines, ['{"a":1}', '{"b":2}', '{"c":3}']);
  });
});

describe('status helpers', () => {
  it('unlessNotFound: 404 is undefined, other failures stay failures', async () => {
    assert.equal(await unlessNotFound(Promise.reject(new EngineRequestError('no such container', 404))), undefined);
    assert.equal(await unlessNotFound(Promise.resolve(7)), 7);
    await assert.rejects(unlessNotFound(Promise.reject(new EngineRequestError('server error', 500))), /server error/);
  });

  it('ignoreStatus: the status that means "done already" passes, others are rethrown', () => {
    assert.doesNotThrow(() => ignoreStatus(304)(refusal(304, 'not modified')));
    assert.throws(() => ignoreStatus(304)(refusal(500, 'server error')), /server error/);
    assert.equal(hasStatus(undefined, 404), false);
  });
});
