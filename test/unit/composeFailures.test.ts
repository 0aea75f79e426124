/**
 * Why a compose command failed. The docker-compose 1.29 outputs are recorded on this machine
 * (Debian 12, docker-compose 1.29.2-3, engine 20.10); the v2 ones are written from the
 * engine's own messages, which v2 passes on ("v2 (written, not run)").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyComposeFailure } from '../../src/compose/composeFailures';

describe('compose failures', () => {
  it('a host port another program holds (1.29, recorded): which port, which service, what to do', () => {
    const out = [
      'Creating network "i17port_default" with the default driver',
      'Creating i17port_web_1 ... ',
      'Host is already in use by another container',
      'Creating i17port_web_1   ... error',
      '',
      'ERROR: for i17port_web_1  Cannot start service web: driver failed programming external connectivity on endpoint i17port_web_1 (f43da265573b): Error starting userland proxy: listen tcp4 0.0.0.0:38961: bind: address already in use',
      '',
      'ERROR: for web  Cannot start service web: driver failed programming external connectivity on endpoint i17port_web_1 (f43da265573b): Error starting userland proxy: listen tcp4 0.0.0.0:38961: bind: address already in use',
      'Encountered errors while bringing up the project.',
    ].join('\n');
    const failure = classifyComposeFailure(out, { projectName: 'i17port' });
    assert.equal(failure.kind, 'portTaken');
    assert.equal(failure.port, 38961);
    assert.equal(failure.service, 'web');
    assert.equal(
      failure.message,
      'Port 38961 is already in use, so service web could not start. Stop what uses it (another container or program), or change the host port in the compose file.',
    );
  });

  it('a host port another container holds (1.29, recorded), on one address', () => {
    const out =
      'ERROR: for web  Cannot start service web: driver failed programming external connectivity on endpoint i17portb_web_1 (d42ebbaf5860): Bind for 127.0.0.1:38962 failed: port is already allocated\nEncountered errors while bringing up the project.\n';
    const failure = classifyComposeFailure(out);
    assert.deepEqual([failure.kind, failure.port, failure.hostIp, failure.service], ['portTaken', 38962, '127.0.0.1', 'web']);
    assert.match(failure.message, /^Port 38962 on 127\.0\.0\.1 is already in use, so service web could not start\./);
  });

  it("v2 (written, not run): the service from the endpoint's container name", () => {
    const out =
      ' Container shop-web-1  Starting\nError response from daemon: driver failed programming external connectivity on endpoint shop-web-1 (0123abcd): Bind for 0.0.0.0:8080 failed: port is already allocated\n';
    const failure = classifyComposeFailure(out, { projectName: 'shop' });
    assert.deepEqual([failure.kind, failure.port, failure.service], ['portTaken', 8080, 'web']);
    const desktop = classifyComposeFailure(
      'Error response from daemon: Ports are not available: exposing port TCP 0.0.0.0:5432 -> 0.0.0.0:0: listen tcp 0.0.0.0:5432: bind: Only one usage of each socket address\n',
    );
    assert.deepEqual([desktop.kind, desktop.port], ['portTaken', 5432]);
  });

  it('an ssh:// engine without paramiko (1.29, recorded): the package to install', () => {
    const out =
      'Traceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/docker/api/client.py", line 171, in __init__\nNameError: name \'SSHHTTPAdapter\' is not defined\n\nDuring handling of the above exception, another exception occurred:\n\ndocker.errors.DockerException: Install paramiko package to enable ssh:// support\n';
    const failure = classifyComposeFailure(out);
    assert.equal(failure.kind, 'sshNeedsParamiko');
    assert.match(failure.message, /sudo apt install python3-paramiko/);
  });

  it('no engine, bad TLS, a missing context (1.29, recorded)', () => {
    const unreachable = classifyComposeFailure(
      "docker.errors.DockerException: Error while fetching server API version: ('Connection aborted.', FileNotFoundError(2, 'No such file or directory'))\n",
      { engine: '/var/run/docker.sock' },
    );
    assert.deepEqual(
      [unreachable.kind, unreachable.message],
      [
        'engineUnreachable',
        'The compose CLI could not reach the engine at /var/run/docker.sock. Check that the engine runs, then try again.',
      ],
    );
    assert.equal(
      classifyComposeFailure(
        'TLS configuration is invalid - make sure your DOCKER_TLS_VERIFY and DOCKER_CERT_PATH are set correctly.\nYou might need to run `eval "$(docker-machine env default)"`\n',
      ).kind,
      'tlsInvalid',
    );
    const context = classifyComposeFailure("Context 'nosuch' not found\n");
    assert.deepEqual(
      [context.kind, context.message],
      ['contextNotFound', 'The Docker context "nosuch" does not exist for the compose CLI. Run "docker context ls" to see the contexts.'],
    );
  });

  it('an image that cannot be pulled, a failing build (1.29, recorded)', () => {
    const pull = classifyComposeFailure(
      'Creating network "i17noimg_default" with the default driver\nPulling web (cw-test/does-not-exist-anywhere:1)...\nGet "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host\n',
    );
    assert.equal(pull.kind, 'imageUnavailable');
    assert.match(pull.message, /^The image cw-test\/does-not-exist-anywhere:1 could not be pulled \(Get .*no such host\)\./);
    const build = classifyComposeFailure(
      "Step 2/2 : RUN exit 3\n ---> Running in 44d9bd1ac7a4\nThe command '/bin/sh -c exit 3' returned a non-zero code: 3\nService 'web' failed to build : Build failed\n",
    );
    assert.deepEqual(
      [build.kind, build.service, build.message],
      ['buildFailed', 'web', 'The image of service web failed to build: /bin/sh -c exit 3 exited with 3. The output shows the step.'],
    );
  });

  it('an invalid file at up, and anything else: the last line that says something', () => {
    assert.equal(classifyComposeFailure('Service "web" uses an undefined network "nope"\n').kind, 'invalidFile');
    const other = classifyComposeFailure('Starting x ... \nERROR: something odd\nAborting.\n');
    assert.deepEqual([other.kind, other.message], ['failed', 'something odd']);
    assert.equal(classifyComposeFailure('').message, 'The compose command failed without saying why.');
  });
});
