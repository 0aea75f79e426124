import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EngineEndpoint } from '../../src/engine/connection';
import { DockerodeEngine } from '../../src/engine/dockerodeEngine';
import type { EngineVersion } from '../../src/engine/engine';
import type { EngineProblemKind } from '../../src/engine/errors';
import { describeStatus, shortHost } from '../../src/status/describeEngineStatus';

const docker: EngineVersion = {
  version: '27.3.1',
  apiVersion: '1.47',
  os: 'linux',
  arch: 'amd64',
  platformName: 'Docker Engine - Community',
};
const podman: EngineVersion = { version: '5.2.3', apiVersion: '1.41', os: 'linux', arch: 'arm64', platformName: 'Podman Engine' };
const systemSocket: EngineEndpoint = { host: 'unix:///var/run/docker.sock', source: 'default', socketExists: true };

describe('describeStatus', () => {
  it('checking: a spinner, no warning', () => {
    const view = describeStatus({ state: 'checking' });
    assert.equal(view.text, '$(sync~spin) Engine…');
    assert.match(view.tooltip, /Connecting/);
    assert.equal(view.warning, false);
    assert.deepEqual(describeStatus({ state: 'checking', endpoint: systemSocket }), view);
  });

  it('connected to Docker: name, version and the socket', () => {
    const view = describeStatus({ state: 'connected', endpoint: systemSocket, version: docker });
    assert.equal(view.text, '$(vm-active) Docker 27.3.1 · /var/run/docker.sock');
    assert.equal(view.warning, false);
    assert.match(view.tooltip, /^Docker 27\.3\.1 \(API 1\.47, linux\/amd64\)/);
    assert.match(view.tooltip, /unix:\/\/\/var\/run\/docker\.sock \(from the default socket\)/);
    assert.match(view.tooltip, /Click to reconnect\./);
  });

  it('connected to Podman: says Podman', () => {
    const endpoint: EngineEndpoint = { host: 'unix:///run/user/1000/podman/podman.sock', source: 'default', socketExists: true };
    const view = describeStatus({ state: 'connected', endpoint, version: podman });
    assert.equal(view.text, '$(vm-active) Podman 5.2.3 · …/podman/podman.sock');
    assert.match(view.tooltip, /^Podman 5\.2\.3 \(API 1\.41, linux\/arm64\)/);
  });

  it('an engine that does not name its platform is shown as Docker', () => {
    const view = describeStatus({ state: 'connected', endpoint: systemSocket, version: { ...docker, platformName: undefined } });
    assert.match(view.text, /^\$\(vm-active\) Docker 27\.3\.1 /);
  });

  it('a remote engine is shown as host:port, and the tooltip says where the address came from', () => {
    const cases: [EngineEndpoint, string, string][] = [
      [{ host: 'tcp://10.0.0.5:2376', source: 'DOCKER_HOST' }, '10.0.0.5:2376', 'DOCKER_HOST'],
      [{ host: 'ssh://me@build-box', source: 'setting' }, 'me@build-box', 'containerWorkflows.engine.host'],
      [{ host: 'tcp://10.0.0.6:2376', source: 'context', contextName: 'remote' }, '10.0.0.6:2376', 'the Docker context'],
    ];
    for (const [endpoint, shown, from] of cases) {
      const view = describeStatus({ state: 'connected', endpoint, version: docker });
      assert.equal(view.text, `$(vm-active) Docker 27.3.1 · ${shown}`);
      assert.ok(view.tooltip.includes(`${endpoint.host} (from ${from})`), view.tooltip);
    }
  });

  it('a long socket path is shortened to its last two parts', () => {
    const endpoint: EngineEndpoint = { host: 'unix:///var/lib/some/deep/folder/for/engine/docker.sock', source: 'setting' };
    assert.equal(
      describeStatus({ state: 'connected', endpoint, version: docker }).text,
      '$(vm-active) Docker 27.3.1 · …/engine/docker.sock',
    );
  });

  it('each problem kind has its own short text, a warning, and summary + action in the tooltip', () => {
    const expected: Record<EngineProblemKind, string> = {
      notInstalled: 'No engine',
      notRunning: 'Engine not running',
      permissionDenied: 'Engine: permission denied',
      unreachable: 'Engine unreachable',
      misconfigured: 'Engine address invalid',
    };
    for (const [kind, label] of Object.entries(expected) as [EngineProblemKind, string][]) {
      const problem = { kind, summary: `Summary for ${kind}.`, action: `Action for ${kind}.` };
      const view = describeStatus({ state: 'unavailable', endpoint: systemSocket, problem });
      assert.equal(view.text, `$(vm-outline) ${label}`);
      assert.equal(view.warning, true);
      assert.equal(view.tooltip, `Summary for ${kind}.\nAction for ${kind}.\nClick to retry.`);
    }
    // Without an endpoint (misconfigured) too.
    assert.equal(
      describeStatus({ state: 'unavailable', problem: { kind: 'misconfigured', summary: 's', action: 'a' } }).text,
      '$(vm-outline) Engine address invalid',
    );
  });

  it('the texts differ between the problem kinds', () => {
    const kinds: EngineProblemKind[] = ['notInstalled', 'notRunning', 'permissionDenied', 'unreachable', 'misconfigured'];
    const texts = new Set(kinds.map((kind) => describeStatus({ state: 'unavailable', problem: { kind, summary: 's', action: 'a' } }).text));
    assert.equal(texts.size, kinds.length);
  });
});

describe('shortHost', () => {
  it('replaces the home folder with ~', () => {
    assert.equal(shortHost('/home/me/.docker/run/docker.sock', '/home/me'), '~/.docker/run/docker.sock');
  });

  it('keeps only the last two parts of a long path', () => {
    assert.equal(shortHost('/home/me/.local/share/containers/podman/machine/podman.sock', '/home/me'), '…/machine/podman.sock');
    assert.equal(shortHost('/root/.cache/container-workflows/engine/docker.sock', '/root'), '…/engine/docker.sock');
  });

  it('leaves short paths, host:port and paths of a similarly named home alone', () => {
    assert.equal(shortHost('/var/run/docker.sock', '/home/me'), '/var/run/docker.sock');
    assert.equal(shortHost('10.0.0.5:2376', '/home/me'), '10.0.0.5:2376');
    assert.equal(shortHost('/home/meadow/d.sock', '/home/me'), '/home/meadow/d.sock');
    assert.equal(shortHost('/home/me', '/home/me'), '/home/me');
  });

  it('an empty home replaces nothing', () => {
    assert.equal(shortHost('/x/d.sock', ''), '/x/d.sock');
  });

  it('a long name without any slash stays whole', () => {
    const host = 'a-very-long-engine-host-name.build.example.com:2376';
    assert.equal(shortHost(host, '/home/me'), host);
  });

  it('defaults to $HOME', () => {
    const home = process.env.HOME;
    if (!home || home === '/') {
      assert.equal(shortHost('/var/run/docker.sock'), '/var/run/docker.sock');
      return;
    }
    assert.equal(shortHost(`${home}/d.sock`), '~/d.sock');
  });
});

// What engines really answer on GET /version (trimmed), served on a local socket so the
// whole path runs: DockerodeEngine.version() -> EngineVersion -> status bar text.
const versionAnswers: Record<string, unknown> = {
  // Debian's docker.io (the engine the integration tests use): an empty platform name.
  debian: {
    Platform: { Name: '' },
    Components: [{ Name: 'Engine', Version: '20.10.24+dfsg1', Details: { ApiVersion: '1.41' } }],
    Version: '20.10.24+dfsg1',
    ApiVersion: '1.41',
    Os: 'linux',
    Arch: 'amd64',
  },
  dockerCe: {
    Platform: { Name: 'Docker Engine - Community' },
    Components: [{ Name: 'Engine', Version: '27.3.1', Details: { ApiVersion: '1.47' } }],
    Version: '27.3.1',
    ApiVersion: '1.47',
    Os: 'linux',
    Arch: 'amd64',
  },
  // Podman's compat API (pkg/api/handlers/compat/version.go): Platform.Name is
  // "<os>/<arch>/<distribution>-<version>"; "Podman Engine" is the first component's name.
  podman: {
    Platform: { Name: 'linux/amd64/fedora-40' },
    Components: [
      { Name: 'Podman Engine', Version: '5.2.3', Details: { APIVersion: '5.2.3', Arch: 'amd64', Os: 'linux' } },
      { Name: 'Conmon', Version: 'conmon version 2.1.12', Details: { Package: 'conmon-2.1.12-2.fc40.x86_64' } },
      { Name: 'OCI Runtime (crun)', Version: 'crun version 1.17', Details: { Package: 'crun-1.17-1.fc40.x86_64' } },
    ],
    Version: '5.2.3',
    ApiVersion: '1.41',
    MinAPIVersion: '1.24',
    Os: 'linux',
    Arch: 'amd64',
  },
};

describe('describeStatus from real /version answers', () => {
  let dir: string;
  const servers: http.Server[] = [];
  const sockets: Record<string, string> = {};

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-version-'));
    for (const [name, answer] of Object.entries(versionAnswers)) {
      const socketPath = path.join(dir, `${name}.sock`);
      const server = http.createServer((_req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(answer));
      });
      await new Promise<void>((resolve) => server.listen(socketPath, () => resolve()));
      servers.push(server);
      sockets[name] = socketPath;
    }
  });

  after(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function statusText(name: string): Promise<string> {
    const endpoint: EngineEndpoint = { host: `unix://${sockets[name]}`, source: 'setting' };
    const version = await new DockerodeEngine(endpoint, {}).version();
    return describeStatus({ state: 'connected', endpoint, version }).text;
  }

  it("Debian's dockerd shows as Docker", async () => {
    assert.match(await statusText('debian'), /^\$\(vm-active\) Docker 20\.10\.24\+dfsg1 · /);
  });

  it('Docker CE shows as Docker', async () => {
    assert.match(await statusText('dockerCe'), /^\$\(vm-active\) Docker 27\.3\.1 · /);
  });

  it('Podman shows as Podman', async () => {
    assert.match(await statusText('podman'), /^\$\(vm-active\) Podman 5\.2\.3 · /);
  });
});
