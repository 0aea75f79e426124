import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EngineEndpoint } from '../../src/engine/connection';
import {
  CancelledError,
  EngineRequestError,
  EngineUnavailableError,
  type EngineProblem,
  describeConnectionFailure,
  engineMessage,
  engineStoppedError,
  engineTimeoutError,
  withRequestTimeout,
  isCancellation,
  isConnectionFailure,
  toEngineRequestError,
} from '../../src/engine/errors';

const socket: EngineEndpoint = { host: 'unix:///var/run/docker.sock', source: 'DOCKER_HOST' };
const defaultMissing: EngineEndpoint = { host: 'unix:///var/run/docker.sock', source: 'default', socketExists: false };
const pipe: EngineEndpoint = { host: 'npipe:////./pipe/docker_engine', source: 'default', socketExists: true };
const remote: EngineEndpoint = { host: 'tcp://build-box.example:2376', source: 'setting' };
const sshRemote: EngineEndpoint = { host: 'ssh://me@build-box.example', source: 'setting' };

const failure = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

function assertComplete(problem: EngineProblem): void {
  assert.ok(problem.summary.trim().length > 0, 'summary is empty');
  assert.ok(problem.action.trim().length > 0, 'action is empty');
}

describe('describeConnectionFailure', () => {
  it('ENOENT on a socket: notInstalled, naming the socket', () => {
    const p = describeConnectionFailure(failure('ENOENT'), socket);
    assert.equal(p.kind, 'notInstalled');
    assert.match(p.summary, /\/var\/run\/docker\.sock/);
    assert.match(p.action, /Install/);
    assert.match(p.action, /containerWorkflows\.engine\.host/);
  });

  it('ENOTDIR on a socket (a path through a file): notInstalled', () => {
    assert.equal(describeConnectionFailure(failure('ENOTDIR'), socket).kind, 'notInstalled');
  });

  it('a default endpoint whose socket does not exist: notInstalled whatever the error', () => {
    assert.equal(describeConnectionFailure(failure('ECONNREFUSED'), defaultMissing).kind, 'notInstalled');
    assert.equal(describeConnectionFailure(new Error('no code at all'), defaultMissing).kind, 'notInstalled');
  });

  it('EACCES: permissionDenied, mentioning the docker group', () => {
    const p = describeConnectionFailure(failure('EACCES'), socket);
    assert.equal(p.kind, 'permissionDenied');
    assert.match(p.summary, /Permission denied/);
    assert.match(p.summary, /\/var\/run\/docker\.sock/);
    assert.match(p.action, /docker group/);
    assert.match(p.action, /usermod -aG docker/);
  });

  it('EPERM: permissionDenied too', () => {
    assert.equal(describeConnectionFailure(failure('EPERM'), socket).kind, 'permissionDenied');
  });

  it('ECONNREFUSED on a socket: notRunning (the socket exists, nothing answers)', () => {
    const p = describeConnectionFailure(failure('ECONNREFUSED'), socket);
    assert.equal(p.kind, 'notRunning');
    assert.match(p.summary, /not running/);
    assert.match(p.summary, /\/var\/run\/docker\.sock/);
    assert.match(p.action, /Start it/);
  });

  it('ECONNREFUSED on a named pipe: notRunning', () => {
    assert.equal(describeConnectionFailure(failure('ECONNREFUSED'), pipe).kind, 'notRunning');
  });

  for (const code of ['ENOTSOCK', 'ECONNRESET', 'EPIPE']) {
    it(`${code} on a socket: notRunning`, () => {
      assert.equal(describeConnectionFailure(failure(code), socket).kind, 'notRunning');
    });
  }

  it('ENGINE_TIMEOUT on a socket: notRunning', () => {
    const p = describeConnectionFailure(failure('ENGINE_TIMEOUT'), socket);
    assert.equal(p.kind, 'notRunning');
    assert.match(p.summary, /nothing answers/);
  });

  it('ENGINE_TIMEOUT on tcp: notRunning, naming host:port', () => {
    const p = describeConnectionFailure(failure('ENGINE_TIMEOUT'), remote);
    assert.equal(p.kind, 'notRunning');
    assert.match(p.summary, /build-box\.example:2376/);
  });

  it('ECONNREFUSED on tcp: notRunning ("does not answer"), naming host:port', () => {
    const p = describeConnectionFailure(failure('ECONNREFUSED'), remote);
    assert.equal(p.kind, 'notRunning');
    assert.match(p.summary, /build-box\.example:2376 does not answer/);
    assert.match(p.action, /listening/);
  });

  it('ENOENT on tcp is not "not installed": the address is remote', () => {
    assert.equal(describeConnectionFailure(failure('ENOENT'), remote).kind, 'unreachable');
  });

  it('ENOTFOUND: unreachable, with the code and the host in the summary', () => {
    const p = describeConnectionFailure(failure('ENOTFOUND'), remote);
    assert.equal(p.kind, 'unreachable');
    assert.match(p.summary, /build-box\.example:2376/);
    assert.match(p.summary, /ENOTFOUND/);
    assert.match(p.action, /network/);
  });

  for (const code of ['EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']) {
    it(`${code} on a remote host: unreachable`, () => {
      assert.equal(describeConnectionFailure(failure(code), sshRemote).kind, 'unreachable');
    });
  }

  it('an error without a code: unreachable, without "(undefined)"', () => {
    const p = describeConnectionFailure(new Error('weird'), remote);
    assert.equal(p.kind, 'unreachable');
    assert.doesNotMatch(p.summary, /undefined/);
  });

  it('every problem has a non-empty summary and action', () => {
    const codes = [
      'ENOENT',
      'ENOTDIR',
      'EACCES',
      'EPERM',
      'ECONNREFUSED',
      'ENOTSOCK',
      'ECONNRESET',
      'EPIPE',
      'ENGINE_TIMEOUT',
      'ENOTFOUND',
      'EHOSTUNREACH',
      'ETIMEDOUT',
      'EAI_AGAIN',
      'WHATEVER',
    ];
    const kinds = new Set<string>();
    for (const endpoint of [socket, defaultMissing, pipe, remote, sshRemote]) {
      for (const code of codes) {
        const p = describeConnectionFailure(failure(code), endpoint);
        assertComplete(p);
        kinds.add(p.kind);
      }
      assertComplete(describeConnectionFailure(undefined, endpoint));
    }
    assert.deepEqual([...kinds].sort(), ['notInstalled', 'notRunning', 'permissionDenied', 'unreachable']);
  });
});

describe('EngineUnavailableError', () => {
  it('carries the problem, and its message is summary + action', () => {
    const problem = describeConnectionFailure(failure('EACCES'), socket);
    const cause = failure('EACCES');
    const err = new EngineUnavailableError(problem, cause);
    assert.equal(err.name, 'EngineUnavailableError');
    assert.equal(err.problem, problem);
    assert.equal(err.message, `${problem.summary} ${problem.action}`);
    assert.equal(err.cause, cause);
  });
});

describe('isCancellation', () => {
  it('true for CancelledError, AbortError and ABORT_ERR', () => {
    assert.equal(isCancellation(new CancelledError()), true);
    const abort = new Error('The operation was aborted');
    abort.name = 'AbortError';
    assert.equal(isCancellation(abort), true);
    assert.equal(isCancellation(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' })), true);
    // What AbortSignal.abort() really produces:
    assert.equal(isCancellation(AbortSignal.abort().reason), true);
  });

  it('false for other errors and non-errors', () => {
    assert.equal(isCancellation(new Error('boom')), false);
    assert.equal(isCancellation(failure('ECONNREFUSED')), false);
    assert.equal(isCancellation(undefined), false);
    assert.equal(isCancellation(null), false);
    assert.equal(isCancellation('AbortError'), false);
  });

  it('CancelledError has a name and a default message', () => {
    const err = new CancelledError();
    assert.equal(err.name, 'CancelledError');
    assert.equal(err.message, 'Cancelled');
    assert.equal(new CancelledError('Build cancelled').message, 'Build cancelled');
  });
});

describe('isConnectionFailure', () => {
  it('true for connection error codes and EngineUnavailableError', () => {
    for (const code of [
      'ENOENT',
      'ECONNREFUSED',
      'EACCES',
      'EPERM',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ECONNRESET',
      'ENOTSOCK',
      'ENOTDIR',
      'EPIPE',
      'ENGINE_TIMEOUT',
    ]) {
      assert.equal(isConnectionFailure(failure(code)), true, code);
    }
    assert.equal(isConnectionFailure(new EngineUnavailableError(describeConnectionFailure(failure('ENOENT'), socket))), true);
  });

  it('false for an engine answer (HTTP status) and other errors', () => {
    const httpError = Object.assign(new Error('(HTTP code 404) no such container - No such container: abc'), {
      statusCode: 404,
      json: { message: 'No such container: abc' },
    });
    assert.equal(isConnectionFailure(httpError), false);
    assert.equal(isConnectionFailure(new EngineRequestError('conflict', 409)), false);
    assert.equal(isConnectionFailure(new CancelledError()), false);
    assert.equal(isConnectionFailure(failure('EINVAL')), false);
    assert.equal(isConnectionFailure(undefined), false);
  });
});

describe('engineMessage and toEngineRequestError', () => {
  const dockerodeError = Object.assign(new Error('(HTTP code 409) unexpected - Conflict. The container name "/web" is already in use '), {
    statusCode: 409,
    reason: 'unexpected',
    json: { message: 'Conflict. The container name "/web" is already in use' },
  });

  it("pulls the engine's own message out of a dockerode error", () => {
    assert.equal(engineMessage(dockerodeError), 'Conflict. The container name "/web" is already in use');
  });

  it('falls back to the error message, then to the value as text', () => {
    assert.equal(engineMessage(new Error('socket hang up')), 'socket hang up');
    assert.equal(
      engineMessage(Object.assign(new Error('(HTTP code 500) server error - '), { json: null })),
      '(HTTP code 500) server error - ',
    );
    assert.equal(engineMessage(Object.assign(new Error('raw body'), { json: 'not an object' })), 'raw body');
    assert.equal(engineMessage('plain string'), 'plain string');
  });

  it('an unreachable engine: its problem, then what to do, on one line or as two', () => {
    const err = new EngineUnavailableError(describeConnectionFailure(failure('ECONNREFUSED'), socket));
    assert.equal(engineMessage(err), `${err.problem.summary} ${err.problem.action}`);
    assert.equal(engineMessage(err, '\n'), `${err.problem.summary}\n${err.problem.action}`);
  });

  it('toEngineRequestError keeps the status code and the engine message', () => {
    const err = toEngineRequestError(dockerodeError);
    assert.ok(err instanceof EngineRequestError);
    assert.equal(err.name, 'EngineRequestError');
    assert.equal(err.statusCode, 409);
    assert.equal(err.message, 'Conflict. The container name "/web" is already in use');
    assert.equal(toEngineRequestError(new Error('x')).statusCode, undefined);
  });
});

describe('an engine that stops or hangs', () => {
  it('a connection cut off mid-request (ECONNRESET, EPIPE, a stream ended early): "the engine stopped", and to start it again', () => {
    for (const endpoint of [socket, remote]) {
      for (const code of ['ECONNRESET', 'EPIPE', 'ENGINE_STOPPED']) {
        const p = describeConnectionFailure(failure(code), endpoint);
        assert.equal(p.kind, 'notRunning', code);
        assert.match(p.summary, /engine stopped/, code);
        assert.match(p.action, /Start it again/, code);
      }
    }
  });

  it('engineStoppedError: the same problem, as the error the engine throws', () => {
    const err = engineStoppedError(socket, 'the build');
    assert.ok(err instanceof EngineUnavailableError);
    assert.match(err.message, /engine stopped.*\/var\/run\/docker\.sock/);
    assert.ok(isConnectionFailure(err));
  });

  it('engineTimeoutError: "did not answer", naming the address, and what to do', () => {
    const err = engineTimeoutError(socket, 15_000);
    assert.equal(err.problem.kind, 'notRunning');
    assert.match(err.problem.summary, /did not answer/);
    assert.match(err.problem.summary, /\/var\/run\/docker\.sock/);
    assert.match(err.problem.action, /restart/);
    assert.match(
      engineTimeoutError(remote, 1000).problem.summary,
      /build-box\.example:2376.*did not answer|did not answer.*build-box\.example:2376/,
    );
  });

  it('withRequestTimeout: a request that never ends fails at the deadline with engineTimeoutError, its signal aborted', async () => {
    let seen: AbortSignal | undefined;
    const never = (signal: AbortSignal) =>
      new Promise<never>((_resolve, reject) => {
        seen = signal;
        signal.addEventListener('abort', () => reject(new CancelledError()), { once: true });
      });
    await assert.rejects(
      withRequestTimeout(socket, 20, undefined, never),
      (err: unknown) => err instanceof EngineUnavailableError && /did not answer/.test(err.message),
    );
    assert.equal(seen?.aborted, true, 'the request itself was aborted, not left running');
  });

  it('withRequestTimeout: a client call that ignores its signal still ends at the deadline, and on a cancel', async () => {
    const deaf = () => new Promise<never>(() => undefined);
    await assert.rejects(
      withRequestTimeout(socket, 20, undefined, deaf),
      (err: unknown) => err instanceof EngineUnavailableError && /did not answer/.test(err.message),
    );
    const controller = new AbortController();
    const pending = withRequestTimeout(socket, 60_000, controller.signal, deaf);
    controller.abort();
    await assert.rejects(pending, CancelledError);
  });

  it('withRequestTimeout: the caller cancelling stays a cancel, not a timeout', async () => {
    const controller = new AbortController();
    const pending = withRequestTimeout(
      socket,
      60_000,
      controller.signal,
      (signal) =>
        new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(new CancelledError()), { once: true })),
    );
    controller.abort();
    await assert.rejects(pending, CancelledError);
  });

  it("withRequestTimeout: an answer in time, and the request's own errors, pass through", async () => {
    assert.equal(await withRequestTimeout(socket, 60_000, undefined, async () => 42), 42);
    await assert.rejects(
      withRequestTimeout(socket, 60_000, undefined, async () => {
        throw new EngineRequestError('no such image', 404);
      }),
      EngineRequestError,
    );
  });
});
