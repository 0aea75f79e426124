import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CancelledError } from '../../src/engine/errors';
import {
  CredentialHelperError,
  getFromHelper,
  spawnHelper,
  type HelperOutput,
  type HelperRunner,
} from '../../src/engine/registry/credentialHelper';

function runner(answer: HelperOutput | Error, seen: { program?: string; args?: string[]; input?: string } = {}): HelperRunner {
  return async (program, args, input) => {
    Object.assign(seen, { program, args, input });
    if (answer instanceof Error) throw answer;
    return answer;
  };
}

/**
 * A helper that never answers until its signal aborts. It holds a timer, as a running child
 * process would hold the event loop (the timeout's own timer does not).
 */
const hangs: HelperRunner = (_program, _args, _input, signal) =>
  new Promise((_resolve, reject) => {
    const alive = setInterval(() => undefined, 1000);
    signal.addEventListener('abort', () => {
      clearInterval(alive);
      reject(new Error('aborted'));
    });
  });

describe('getFromHelper', () => {
  it('runs docker-credential-<name> get with the server address on stdin and reads its JSON', async () => {
    const seen: { program?: string; args?: string[]; input?: string } = {};
    const found = await getFromHelper('test', '127.0.0.1:5000', {
      run: runner({ code: 0, stdout: '{"ServerURL":"127.0.0.1:5000","Username":"alice","Secret":"s3cret"}', stderr: '' }, seen),
    });
    assert.deepEqual(found, { username: 'alice', secret: 's3cret' });
    assert.deepEqual(seen, { program: 'docker-credential-test', args: ['get'], input: '127.0.0.1:5000' });
  });

  it('takes the "<token>" user as an identity token', async () => {
    const found = await getFromHelper('desktop', 'https://index.docker.io/v1/', {
      run: runner({ code: 0, stdout: '{"Username":"<token>","Secret":"refresh"}', stderr: '' }),
    });
    assert.deepEqual(found, { username: '', secret: 'refresh', identityToken: true });
  });

  it('takes "credentials not found" as no credential, not a failure', async () => {
    assert.equal(
      await getFromHelper('pass', 'ghcr.io', {
        run: runner({ code: 1, stdout: 'credentials not found in native keychain\n', stderr: '' }),
      }),
      undefined,
    );
  });

  it('says which helper is missing and which config named it', async () => {
    const missing = Object.assign(new Error('spawn docker-credential-desktop ENOENT'), { code: 'ENOENT' });
    await assert.rejects(
      getFromHelper('desktop', 'docker.io', { run: runner(missing), where: 'credsStore in /home/you/.docker/config.json' }),
      (err: unknown) => {
        assert.ok(err instanceof CredentialHelperError);
        assert.equal(
          err.message,
          'docker-credential-desktop (named in credsStore in /home/you/.docker/config.json) is not installed or not on PATH. Install it, or remove it from the docker config.',
        );
        return true;
      },
    );
  });

  it('quotes the first line a failing helper printed', async () => {
    await assert.rejects(
      getFromHelper('pass', 'ghcr.io', { run: runner({ code: 2, stdout: 'gpg: decryption failed: No secret key\nmore\n', stderr: '' }) }),
      /docker-credential-pass get failed \(exit 2\): gpg: decryption failed: No secret key$/,
    );
  });

  it('never quotes the output of a helper that exited 0 with something that is not JSON', async () => {
    await assert.rejects(
      getFromHelper('odd', 'ghcr.io', { run: runner({ code: 0, stdout: 'user=alice secret=hunter2', stderr: '' }) }),
      (err: unknown) => {
        assert.match((err as Error).message, /answered something that is not JSON/);
        assert.ok(!(err as Error).message.includes('hunter2'));
        return true;
      },
    );
  });

  it('takes an answer without a secret as nothing', async () => {
    assert.equal(
      await getFromHelper('x', 'r', { run: runner({ code: 0, stdout: '{"Username":"a","Secret":""}', stderr: '' }) }),
      undefined,
    );
  });

  it('stops a helper that does not answer in time, and says so', async () => {
    await assert.rejects(
      getFromHelper('secretservice', 'r', { run: hangs, timeoutMs: 1 }),
      /docker-credential-secretservice did not answer within 1 s\. Unlock its keyring/,
    );
  });

  it("is cancelled by the caller's signal", async () => {
    const controller = new AbortController();
    const pending = getFromHelper('slow', 'r', { run: hangs, signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, CancelledError);
  });
});

describe('spawnHelper: the real protocol with a script', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-credhelper-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the address to stdin and reads stdout and the exit code', async () => {
    const script = path.join(dir, 'docker-credential-echo');
    fs.writeFileSync(
      script,
      '#!/bin/sh\nread -r server || true\n[ "$1" = get ] || exit 3\nprintf \'{"ServerURL":"%s","Username":"u","Secret":"s"}\' "$server"\n',
      { mode: 0o755 },
    );
    const output = await spawnHelper(script, ['get'], 'ghcr.io', AbortSignal.timeout(30_000));
    assert.deepEqual(output, { code: 0, stdout: '{"ServerURL":"ghcr.io","Username":"u","Secret":"s"}', stderr: '' });
  });

  it('rejects with ENOENT for a helper that is not there', async () => {
    await assert.rejects(spawnHelper(path.join(dir, 'docker-credential-none'), ['get'], 'x', AbortSignal.timeout(30_000)), {
      code: 'ENOENT',
    });
  });
});
