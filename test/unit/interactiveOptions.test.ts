import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interactiveCreate } from '../../src/engine/interactive/interactiveOptions';

describe("interactiveCreate: docker run --rm -it in the engine's terms", () => {
  it('a TTY, stdin open while attached and closed on detach, removed when it ends, labelled', () => {
    const { name, body } = interactiveCreate({
      run: { image: 'python:3.11-slim', name: 'py', env: { A: '1' }, ports: [{ containerPort: 8000, protocol: 'tcp', hostPort: 8080 }] },
    });
    assert.equal(name, 'py');
    assert.equal('name' in body, false, 'the name goes in the query');
    assert.deepEqual(
      [body.Tty, body.OpenStdin, body.StdinOnce, body.AttachStdin, body.AttachStdout, body.AttachStderr, body.HostConfig?.AutoRemove],
      [true, true, true, true, true, true, true],
    );
    assert.deepEqual(body.Env, ['A=1']);
    assert.deepEqual(body.HostConfig?.PortBindings, { '8000/tcp': [{ HostIp: '', HostPort: '8080' }] });
    assert.equal(body.Labels?.['dev.container-workflows.owner'], 'container-workflows');
    assert.equal(body.Labels?.['dev.container-workflows.purpose'], 'interactive');
    assert.equal(body.Entrypoint, undefined, "the image's own command");
  });

  it('a picked program replaces the ENTRYPOINT, with the arguments as its CMD; additions apply', () => {
    const { body } = interactiveCreate({
      run: { image: 'x', args: ['-q'] },
      program: '/usr/bin/python3',
      additions: { network: 'apps', namedVolumes: [{ volume: 'v1', containerPath: '/v', readOnly: false }] },
    });
    assert.deepEqual([body.Entrypoint, body.Cmd], [['/usr/bin/python3'], ['-q']]);
    assert.equal(body.HostConfig?.NetworkMode, 'apps');
    assert.deepEqual(body.HostConfig?.Mounts, [{ Type: 'volume', Source: 'v1', Target: '/v', ReadOnly: false }]);
    assert.deepEqual(interactiveCreate({ run: { image: 'x' }, program: 'bash' }).body.Cmd, [], 'no image CMD for a picked program');
  });
});
