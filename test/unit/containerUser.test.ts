import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containerUserFor } from '../../src/engine/containerUser';

describe('containerUserFor', () => {
  const me = { uid: 1000, gid: 1001 };

  it('a local Linux engine on a unix socket runs the container as uid:gid', () => {
    assert.equal(containerUserFor('unix:///var/run/docker.sock', 'linux', me), '1000:1001');
    assert.equal(containerUserFor('unix:///root/.cache/container-workflows/engine/docker.sock', 'linux', { uid: 0, gid: 0 }), '0:0');
  });

  it('a remote engine (tcp, ssh) gets no user', () => {
    assert.equal(containerUserFor('tcp://10.0.0.5:2376', 'linux', me), undefined);
    assert.equal(containerUserFor('ssh://me@build-box', 'linux', me), undefined);
  });

  it('rootless Podman (the caller is root in the container already) gets no user', () => {
    assert.equal(containerUserFor('unix:///run/user/1000/podman/podman.sock', 'linux', me), undefined);
  });

  it('not Linux (Docker Desktop shares files through a VM) gets no user', () => {
    assert.equal(containerUserFor('unix:///Users/me/.docker/run/docker.sock', 'darwin', me), undefined);
    assert.equal(containerUserFor('npipe:////./pipe/docker_engine', 'win32', me), undefined);
  });

  it('no uid (a platform without getuid) gets no user', () => {
    assert.equal(containerUserFor('unix:///var/run/docker.sock', 'linux', { uid: undefined, gid: undefined }), undefined);
  });

  it("uses this process's own ids by default", () => {
    const expected = process.platform === 'linux' ? `${process.getuid?.()}:${process.getgid?.()}` : undefined;
    assert.equal(containerUserFor('unix:///var/run/docker.sock'), process.platform === 'linux' ? expected : undefined);
  });

  // BUG (src/engine/containerUser.ts containerUserFor, fixed): rootless Docker
  // ($XDG_RUNTIME_DIR/docker.sock = /run/user/<uid>/docker.sock) maps the caller to root in
  // the container exactly like rootless Podman; running as 1000:1001 there writes files
  // owned by a sub-uid (e.g. 100999) on the host, not by the person.
  it('rootless Docker (a socket under /run/user/<uid>/) gets no user either', () => {
    assert.equal(containerUserFor('unix:///run/user/1000/docker.sock', 'linux', me), undefined);
  });

  // BUG (same function): rootful Podman's system socket /run/podman/podman.sock contains
  // "/podman/" and is treated as rootless, so the container runs as the image's user and
  // cannot write into a folder that is not world-writable. Rootful Podman maps ids 1:1.
  it('rootful Podman (the system socket) runs as uid:gid like rootful Docker', () => {
    assert.equal(containerUserFor('unix:///run/podman/podman.sock', 'linux', { uid: 0, gid: 0 }), '0:0');
  });
});
