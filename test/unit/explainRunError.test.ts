import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainRunError } from '../../src/workflows/explainRunError';

describe('explainRunError', () => {
  it('a taken host port: the engine words, then pick another port in the run form', () => {
    const message = 'driver failed programming external connectivity: Bind for 0.0.0.0:8080 failed: port is already allocated';
    assert.equal(
      explainRunError(message),
      `${message}. Another process or container uses that host port: pick another one in the run form.`,
    );
    assert.match(explainRunError('listen tcp4 0.0.0.0:80: bind: address already in use'), /pick another one in the run form\.$/);
  });

  it('a missing host folder, and a name in use, get their fix', () => {
    assert.match(
      explainRunError('invalid mount config for type "bind": bind source path does not exist: /nope'),
      /Choose an existing host folder for the volume\.$/,
    );
    assert.match(
      explainRunError('Conflict. The container name "/web" is already in use by container "abc".'),
      /Choose another name, or remove the old container\.$/,
    );
  });

  it('anything else: the engine words as they are', () => {
    assert.equal(explainRunError('no such image: nope:latest'), 'no such image: nope:latest');
  });
});
