import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { causeOf, translate } from '../../src/engine/api/translateError';
import type { EngineEndpoint } from '../../src/engine/connection';
import { CancelledError, EngineRequestError, EngineUnavailableError } from '../../src/engine/errors';

const endpoint: EngineEndpoint = { host: 'unix:///var/run/docker.sock', source: 'default', socketExists: true };
function modemError(status: number, message: string, json?: unknown): Error {
  return Object.assign(new Error(message), { statusCode: status, json });
}

describe("translate: a modem failure in the project's terms", () => {
  it("keeps the engine's own words, from the JSON or from a streamed answer's text", () => {
    const fromJson = translate(
      modemError(409, '(HTTP code 409) unexpected - remove x: volume is in use ', { message: 'remove x: volume is in use - [abc]' }),
      undefined,
      endpoint,
    );
    assert.ok(fromJson instanceof EngineRequestError);
    assert.deepEqual([fromJson.message, fromJson.statusCode], ['remove x: volume is in use - [abc]', 409]);
    const streamed = translate(
      modemError(404, '(HTTP code 404) unexpected - Could not find the file /x in container y '),
      undefined,
      endpoint,
    );
    assert.equal(streamed.message, 'Could not find the file /x in container y');
  });

  it("uses the caller's words when the engine sent none (a HEAD answer)", () => {
    assert.equal(
      translate(modemError(404, '(HTTP code 404) unexpected - '), undefined, endpoint, { 404: 'No such path' }).message,
      'No such path',
    );
    assert.equal(causeOf('(HTTP code 500) unexpected - [object Object] '), undefined);
    assert.equal(causeOf('plain'), undefined);
  });

  it('turns socket failures into "the engine is unavailable" and aborts into CancelledError', () => {
    const refused = translate(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), undefined, endpoint);
    assert.ok(refused instanceof EngineUnavailableError);
    assert.equal(refused.problem.kind, 'notRunning');
    const controller = new AbortController();
    controller.abort();
    assert.ok(translate(new Error('whatever'), controller.signal, endpoint) instanceof CancelledError);
    assert.ok(translate(Object.assign(new Error('aborted'), { name: 'AbortError' }), undefined, endpoint) instanceof CancelledError);
  });
});
