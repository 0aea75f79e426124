/**
 * Pull, push, tag and the login check against a stand-in for dockerode that answers with
 * the streams and errors Docker Engine 20.10.24 gave here (test/support/recordedStreams.ts).
 * What is sent to dockerode is checked too: the name, the tag, X-Registry-Auth, the signal.
 */
import * as assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type Docker from 'dockerode';
import type { EngineEndpoint } from '../../src/engine/connection';
import { CancelledError, EngineUnavailableError } from '../../src/engine/errors';
import { InvalidReferenceError } from '../../src/engine/registry/imageReference';
import { createImageTransfer, type EngineHandle } from '../../src/engine/dockerodeTransfer';
import { RegistryError } from '../../src/engine/registry/transferErrors';
import type { TransferSnapshot } from '../../src/engine/registry/transferProgress';
import { recordedPull, recordedPush } from '../support/recordedStreams';

const endpoint: EngineEndpoint = { host: 'unix:///var/run/docker.sock', source: 'default' };
const alice = { registry: '127.0.0.1:5000', username: 'alice', secret: 's3cret' };

interface Calls {
  pull: { name: string; options: Record<string, unknown> }[];
  push: { image: string; options: Record<string, unknown> }[];
  tag: { image: string; options: Record<string, unknown> }[];
  auth: Record<string, unknown>[];
}

/** dockerode's errors for a non-2xx answer: "(HTTP code N) <reason> - <engine message>". */
function dockerodeError(statusCode: number, engineWords: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) ${statusCode === 404 ? 'unexpected' : 'server error'} - ${engineWords} `), {
    statusCode,
    json: null,
  });
}

function lines(messages: string[]): Readable {
  return Readable.from(messages.map((m) => `${m}\r\n`));
}

function fakeEngine(answers: {
  pull?: () => Promise<Readable>;
  push?: () => Promise<Readable>;
  tag?: () => Promise<unknown>;
  auth?: () => Promise<unknown>;
}): { engine: EngineHandle; calls: Calls } {
  const calls: Calls = { pull: [], push: [], tag: [], auth: [] };
  const docker = {
    createImage: (options: Record<string, unknown>) => {
      const query = options._query as { fromImage: string; tag: string };
      calls.pull.push({ name: `${query.fromImage}:${query.tag}`, options });
      return (answers.pull ?? (async () => lines(recordedPull)))();
    },
    getImage: (image: string) => ({
      push: (options: Record<string, unknown>) => {
        calls.push.push({ image, options });
        return (answers.push ?? (async () => lines(recordedPush)))();
      },
      tag: (options: Record<string, unknown>) => {
        calls.tag.push({ image, options });
        return (answers.tag ?? (async () => undefined))();
      },
    }),
    checkAuth: (options: Record<string, unknown>) => {
      calls.auth.push(options);
      return (answers.auth ?? (async () => ({ IdentityToken: '', Status: 'Login Succeeded' })))();
    },
  };
  return { engine: { docker: docker as unknown as Docker, endpoint }, calls };
}

describe('pull', () => {
  it('pulls the reference as people write it, :latest by default, anonymously with an empty X-Registry-Auth', async () => {
    const { engine, calls } = fakeEngine({});
    const snapshots: TransferSnapshot[] = [];
    const result = await createImageTransfer(engine).pull('127.0.0.1:5000/you/app', { onProgress: (s) => snapshots.push(s) });
    assert.equal(calls.pull[0].name, '127.0.0.1:5000/you/app:latest');
    // No JSON body besides the query: with one, the engine does not notice a cancel (dockerodeTransfer.ts).
    assert.deepEqual(calls.pull[0].options._body, {});
    assert.deepEqual(calls.pull[0].options.authconfig, {});
    assert.equal(result.reference, '127.0.0.1:5000/you/app:latest');
    assert.equal(result.digest, 'sha256:9a2be0e785b574957990a246b5bdfb1183e6db54fe7f43ce24d3139bc8cc0b72');
    assert.ok(
      snapshots.some((s) => s.bytesDone > 0 && s.bytesDone < s.bytesTotal),
      'progress part-way was reported',
    );
    assert.equal(result.snapshot.layersDone, 2);
  });

  it("sends the credential as the engine's AuthConfig and hands the signal to dockerode", async () => {
    const { engine, calls } = fakeEngine({});
    const controller = new AbortController();
    await createImageTransfer(engine).pull('127.0.0.1:5000/you/app:1', { credential: alice, signal: controller.signal });
    assert.deepEqual(calls.pull[0].options.authconfig, { serveraddress: '127.0.0.1:5000', username: 'alice', password: 's3cret' });
    assert.equal(calls.pull[0].options.abortSignal, controller.signal);
  });

  it("pulls by digest with the digest as the engine's tag parameter, as the docker CLI does", async () => {
    const { engine, calls } = fakeEngine({});
    const digest = `sha256:${'c'.repeat(64)}`;
    await createImageTransfer(engine).pull(`you/app:1@${digest}`);
    assert.deepEqual(calls.pull[0].options._query, { fromImage: 'you/app', tag: digest });
  });

  it('refuses a bad reference before anything is sent', async () => {
    const { engine, calls } = fakeEngine({});
    await assert.rejects(createImageTransfer(engine).pull('MyApp'), InvalidReferenceError);
    assert.equal(calls.pull.length, 0);
  });

  it("a missing image: notFound, in the engine's words without dockerode's prefix", async () => {
    const { engine } = fakeEngine({
      pull: () =>
        Promise.reject(dockerodeError(404, 'manifest for 127.0.0.1:5000/you/nope:x not found: manifest unknown: manifest unknown')),
    });
    await assert.rejects(createImageTransfer(engine).pull('127.0.0.1:5000/you/nope:x'), (err: unknown) => {
      assert.ok(err instanceof RegistryError);
      assert.equal(err.kind, 'notFound');
      assert.equal(err.detail, 'manifest for 127.0.0.1:5000/you/nope:x not found: manifest unknown: manifest unknown');
      assert.match(err.message, /^127\.0\.0\.1:5000\/you\/nope:x was not found in 127\.0\.0\.1:5000 .* Check the name and the tag\.$/);
      return true;
    });
  });

  it('no credentials for a registry that wants them: unauthorized', async () => {
    const { engine } = fakeEngine({
      pull: () => Promise.reject(dockerodeError(500, 'Head "http://127.0.0.1:5000/v2/you/app/manifests/1": no basic auth credentials')),
    });
    await assert.rejects(
      createImageTransfer(engine).pull('127.0.0.1:5000/you/app:1'),
      (err: unknown) => err instanceof RegistryError && err.kind === 'unauthorized' && err.operation === 'pull',
    );
  });

  it("a registry that is not running: unreachable, in the engine's words", async () => {
    const { engine } = fakeEngine({
      pull: () =>
        Promise.reject(dockerodeError(500, 'Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused')),
    });
    await assert.rejects(
      createImageTransfer(engine).pull('127.0.0.1:5999/you/app:1'),
      (err: unknown) => err instanceof RegistryError && err.kind === 'unreachable' && err.message.includes('connect: connection refused'),
    );
  });

  it('an engine that is not there: EngineUnavailableError, not a registry problem', async () => {
    const { engine } = fakeEngine({
      pull: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' })),
    });
    await assert.rejects(createImageTransfer(engine).pull('debian'), EngineUnavailableError);
  });

  it('a stream that ends before the engine said it finished is a failure, not a success', async () => {
    const { engine } = fakeEngine({ pull: async () => lines(recordedPull.slice(0, 4)) });
    await assert.rejects(createImageTransfer(engine).pull('debian'), /the engine ended the pull without finishing it/);
  });

  it("cancel part-way: CancelledError, and the engine's stream is closed", async () => {
    const stream = new PassThrough();
    const { engine } = fakeEngine({ pull: async () => stream });
    const controller = new AbortController();
    const pending = createImageTransfer(engine).pull('debian', {
      signal: controller.signal,
      onProgress: (s) => {
        if (s.bytesDone > 0) controller.abort();
      },
    });
    for (const line of recordedPull.slice(0, 4)) stream.write(`${line}\n`);
    await assert.rejects(pending, CancelledError);
    assert.ok(stream.destroyed);
  });
});

describe('push', () => {
  it("pushes the repository with its tag and resolves with the registry's digest and size", async () => {
    const { engine, calls } = fakeEngine({});
    const result = await createImageTransfer(engine).push('127.0.0.1:5000/you/app:x', { credential: alice });
    assert.deepEqual(calls.push[0].image, '127.0.0.1:5000/you/app');
    assert.deepEqual(calls.push[0].options._query, { tag: 'x' });
    assert.deepEqual(calls.push[0].options._body, {});
    assert.deepEqual(calls.push[0].options.authconfig, { serveraddress: '127.0.0.1:5000', username: 'alice', password: 's3cret' });
    assert.deepEqual(
      { reference: result.reference, digest: result.digest, size: result.size },
      {
        reference: '127.0.0.1:5000/you/app:x',
        digest: 'sha256:9a2be0e785b574957990a246b5bdfb1183e6db54fe7f43ce24d3139bc8cc0b72',
        size: 740,
      },
    );
    assert.equal(result.snapshot.layersExisting, 1);
  });

  it('an error inside the stream fails the push, classified (recorded: no credentials)', async () => {
    const { engine } = fakeEngine({
      push: async () =>
        lines([
          recordedPush[0],
          recordedPush[1],
          '{"errorDetail":{"message":"no basic auth credentials"},"error":"no basic auth credentials"}',
        ]),
    });
    await assert.rejects(createImageTransfer(engine).push('127.0.0.1:5000/you/app:x'), (err: unknown) => {
      assert.ok(err instanceof RegistryError);
      assert.equal(err.kind, 'unauthorized');
      assert.equal(
        err.message,
        '127.0.0.1:5000 refused to let you push 127.0.0.1:5000/you/app:x (no basic auth credentials). Log in to 127.0.0.1:5000 and try again.',
      );
      return true;
    });
  });

  it('a name no local image has: says to tag one first (recorded)', async () => {
    const { engine } = fakeEngine({
      push: async () =>
        lines([
          '{"errorDetail":{"message":"An image does not exist locally with the tag: 127.0.0.1:5000/you/none"},"error":"An image does not exist locally with the tag: 127.0.0.1:5000/you/none"}',
        ]),
    });
    await assert.rejects(
      createImageTransfer(engine).push('127.0.0.1:5000/you/none:1'),
      (err: unknown) => err instanceof RegistryError && err.kind === 'noLocalImage',
    );
  });

  it('a push without a digest at its end is a failure', async () => {
    const { engine } = fakeEngine({ push: async () => lines(recordedPush.slice(0, 8)) });
    await assert.rejects(createImageTransfer(engine).push('you/app:1'), /without reporting a digest/);
  });

  it('refuses to push a digest, or with a credential for another registry', async () => {
    const { engine, calls } = fakeEngine({});
    await assert.rejects(createImageTransfer(engine).push(`you/app@sha256:${'a'.repeat(64)}`), /a push sends a tag, not a digest/);
    await assert.rejects(
      createImageTransfer(engine).push('ghcr.io/you/app:1', { credential: alice }),
      /the credential given is for 127\.0\.0\.1:5000, not ghcr\.io/,
    );
    assert.equal(calls.push.length, 0);
  });
});

describe('tag', () => {
  it('tags with the repository and tag of the new name and answers the new reference', async () => {
    const { engine, calls } = fakeEngine({});
    assert.equal(
      await createImageTransfer(engine).tag('sha256:abc', '127.0.0.1:5000/you/img2vid-app:exe'),
      '127.0.0.1:5000/you/img2vid-app:exe',
    );
    assert.deepEqual(calls.tag[0].image, 'sha256:abc');
    assert.equal(calls.tag[0].options.repo, '127.0.0.1:5000/you/img2vid-app');
    assert.equal(calls.tag[0].options.tag, 'exe');
    assert.equal(await createImageTransfer(engine).tag('x', 'debian'), 'debian:latest');
  });

  it('refuses a bad new name or one with a digest', async () => {
    const { engine, calls } = fakeEngine({});
    await assert.rejects(createImageTransfer(engine).tag('x', 'You/App'), /use you\/app, not You\/App/);
    await assert.rejects(createImageTransfer(engine).tag('x', `a@sha256:${'b'.repeat(64)}`), /a tag cannot carry a digest/);
    assert.equal(calls.tag.length, 0);
  });
});

describe('checkLogin', () => {
  it("asks the engine's /auth with the credential and answers its status", async () => {
    const { engine, calls } = fakeEngine({});
    assert.deepEqual(await createImageTransfer(engine).checkLogin(alice), { status: 'Login Succeeded' });
    assert.equal(calls.auth[0].serveraddress, '127.0.0.1:5000');
    assert.equal(calls.auth[0].username, 'alice');
  });

  it('a wrong password: unauthorized, said for people (recorded engine answer)', async () => {
    const { engine } = fakeEngine({
      auth: () => Promise.reject(dockerodeError(500, 'login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized')),
    });
    await assert.rejects(createImageTransfer(engine).checkLogin(alice), (err: unknown) => {
      assert.ok(err instanceof RegistryError);
      assert.equal(err.kind, 'unauthorized');
      assert.equal(
        err.message,
        '127.0.0.1:5000 did not accept the user name and password (login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized). Check them and log in again.',
      );
      return true;
    });
  });

  it('keeps an identity token the registry gave', async () => {
    const { engine } = fakeEngine({ auth: async () => ({ Status: 'Login Succeeded', IdentityToken: 'tok' }) });
    assert.deepEqual(await createImageTransfer(engine).checkLogin(alice), { status: 'Login Succeeded', identityToken: 'tok' });
  });
});
