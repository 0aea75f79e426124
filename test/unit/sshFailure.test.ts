/**
 * ssh's stderr, as OpenSSH 9.2 and the remote docker CLI print it (captured on this
 * machine), classified, and the messages that say what to do.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineUnavailableError } from '../../src/engine/errors';
import { SshConnectionError, describeSshFailure, sshConnectionError, sshFailureKind } from '../../src/engine/sshFailure';

const changed = `@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
Someone could be eavesdropping on you right now (man-in-the-middle attack)!
It is also possible that a host key has just been changed.
The fingerprint for the ED25519 key sent by the remote host is
SHA256:SzaLeJaGhbxptkHOkSMP6BkbbNdngrUjUxVJKHMNcGk.
Please contact your system administrator.
Add correct host key in /home/me/.ssh/known_hosts to get rid of this message.
Offending ED25519 key in /home/me/.ssh/known_hosts:1
  remove with:
  ssh-keygen -f "/home/me/.ssh/known_hosts" -R "[127.0.0.1]:22917"
Host key for [127.0.0.1]:22917 has changed and you have requested strict checking.
Host key verification failed.
`;

const samples: [string, string, number | null][] = [
  ['hostKeyUnknown', 'Host key verification failed.\r\n', 255],
  [
    'hostKeyUnknown',
    'No ED25519 host key is known for build-box and you have requested strict checking.\r\nHost key verification failed.\r\n',
    255,
  ],
  ['hostKeyChanged', changed, 255],
  ['permissionDenied', 'root@127.0.0.1: Permission denied (publickey,keyboard-interactive).\r\n', 255],
  ['unresolved', 'ssh: Could not resolve hostname nosuchhost.invalid: Name or service not known\r\n', 255],
  ['refused', 'ssh: connect to host 127.0.0.1 port 1: Connection refused\r\n', 255],
  ['timedOut', 'ssh: connect to host 10.1.2.3 port 22: Connection timed out\r\n', 255],
  ['timedOut', 'ssh: connect to host 10.1.2.3 port 22: No route to host\r\n', 255],
  ['noDocker', 'bash: line 1: docker: command not found\n', 127],
  ['noDocker', 'sh: 1: docker: not found\n', 127],
  ['noDocker', '', 127],
  ['remoteEngineDown', 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n', 1],
  [
    'remoteEnginePermission',
    'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/_ping": dial unix /var/run/docker.sock: connect: permission denied\n',
    1,
  ],
  ['other', 'something else entirely\n', 1],
];

describe('sshFailureKind', () => {
  for (const [kind, stderr, code] of samples) {
    it(`${kind}: ${
      stderr
        .split('\n')
        .find((l) => l.trim() && !l.startsWith('@'))
        ?.trim() || `exit ${code}`
    }`, () => {
      assert.equal(sshFailureKind(stderr, code), kind);
    });
  }
});

describe('describeSshFailure', () => {
  const target = { host: 'build-box', user: 'me', port: 2222 };

  it('unknown host key: nothing accepted unseen; ssh once in a terminal, or ssh-keyscan after checking the fingerprint', () => {
    const problem = describeSshFailure('hostKeyUnknown', target, '', 255);
    assert.match(problem.summary, /me@build-box:2222 is not known/);
    assert.ok(problem.action.includes('ssh -p 2222 me@build-box'), problem.action);
    assert.ok(problem.action.includes('ssh-keyscan -p 2222 build-box >> ~/.ssh/known_hosts'), problem.action);
  });

  it("changed host key: warns of an attack, quotes ssh's own removal command", () => {
    const problem = describeSshFailure('hostKeyChanged', target, changed, 255);
    assert.match(problem.summary, /someone may be in between/);
    assert.ok(problem.action.includes('ssh-keygen -f "/home/me/.ssh/known_hosts" -R "[127.0.0.1]:22917"'), problem.action);
    assert.ok(
      describeSshFailure('hostKeyChanged', target, 'Host key verification failed.', 255).action.includes(
        "ssh-keygen -R '[build-box]:2222'",
      ),
      'without it, the one for this host',
    );
  });

  it('every kind has a summary and an action, and maps to a problem kind the views know', () => {
    const kinds = new Set(samples.map(([k]) => k));
    for (const extra of ['hostKeyRevoked', 'noSshClient']) kinds.add(extra);
    for (const kind of kinds) {
      const problem = describeSshFailure(kind as Parameters<typeof describeSshFailure>[0], target, 'x', 1);
      assert.ok(problem.summary.length > 10 && problem.action.length > 10, kind);
      assert.ok(['notInstalled', 'notRunning', 'permissionDenied', 'unreachable', 'misconfigured'].includes(problem.kind), kind);
    }
  });

  it('sshConnectionError is an EngineUnavailableError carrying the kind and what ssh said', () => {
    const err = sshConnectionError({ host: 'h' }, 'Host key verification failed.\r\n', 255);
    assert.ok(err instanceof SshConnectionError && err instanceof EngineUnavailableError);
    assert.equal(err.failure, 'hostKeyUnknown');
    assert.equal(err.stderr, 'Host key verification failed.\r\n');
    assert.equal(err.message, `${err.problem.summary} ${err.problem.action}`);
  });
});
