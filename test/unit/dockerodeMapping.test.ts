/** Engine JSON (as Docker 20.10 and Podman answer) mapped to the project's types. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Docker from 'dockerode';
import {
  ANONYMOUS_VOLUME_LABEL,
  platformNameOf,
  toContainerDetails,
  toContainerMounts,
  toContainerSummary,
  toEngineEvent,
  toImageConfig,
  toImageSummary,
  volumesToLookUp,
} from '../../src/engine/dockerodeMapping';

describe('dockerode mapping', () => {
  it('a container list entry: name without slash, ports, unknown state as dead', () => {
    const summary = toContainerSummary({
      Id: 'abc123def456789',
      Names: ['/web'],
      Image: 'python:3.11-slim',
      ImageID: 'sha256:1',
      Command: 'python -m http.server',
      Created: 1_700_000_000,
      State: 'running',
      Status: 'Up 3 minutes',
      Ports: [
        { IP: '0.0.0.0', PrivatePort: 8000, PublicPort: 8080, Type: 'tcp' },
        { IP: '', PrivatePort: 53, PublicPort: 0, Type: 'udp' },
      ],
      Labels: { a: 'b' },
    } as unknown as Docker.ContainerInfo);
    assert.equal(summary.name, 'web');
    assert.equal(summary.state, 'running');
    assert.deepEqual(summary.ports, [
      { containerPort: 8000, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
      { containerPort: 53, protocol: 'udp', hostIp: undefined, hostPort: undefined },
    ]);
    assert.equal(summary.created.getTime(), 1_700_000_000_000);
    assert.equal(
      toContainerSummary({ Id: 'x'.repeat(64), Names: [], State: 'weird', Ports: [], Created: 0 } as unknown as Docker.ContainerInfo).state,
      'dead',
    );
  });

  it('an image list entry: <none> tags mean dangling', () => {
    const dangling = toImageSummary({
      Id: 'sha256:2',
      RepoTags: ['<none>:<none>'],
      Size: 10,
      Created: 1,
      Labels: null,
    } as unknown as Docker.ImageInfo);
    assert.equal(dangling.dangling, true);
    assert.deepEqual(dangling.repoTags, []);
    assert.deepEqual(dangling.labels, {});
    assert.equal(
      toImageSummary({ Id: 'sha256:3', RepoTags: ['a:1'], Size: 10, Created: 1 } as unknown as Docker.ImageInfo).dangling,
      false,
    );
  });

  it('image config: exposed ports, volumes, env split at the first =, string or list commands', () => {
    const config = toImageConfig({
      Id: 'sha256:4',
      RepoTags: ['img:1'],
      Config: {
        ExposedPorts: { '7860/tcp': {}, '53/udp': {} },
        Volumes: { '/output': {} },
        Env: ['A=1', 'URL=http://x?a=b', 'EMPTY='],
        Entrypoint: ['python3', '/app/img2vid.py'],
        Cmd: '--help',
        WorkingDir: '/app',
        User: 'img2vid',
        Labels: { t: 'img2vid' },
      },
    } as unknown as Docker.ImageInspectInfo);
    assert.deepEqual(config.exposedPorts, [
      { port: 7860, protocol: 'tcp' },
      { port: 53, protocol: 'udp' },
    ]);
    assert.deepEqual(config.volumes, ['/output']);
    assert.deepEqual(config.env, { A: '1', URL: 'http://x?a=b', EMPTY: '' });
    assert.deepEqual(config.entrypoint, ['python3', '/app/img2vid.py']);
    assert.deepEqual(config.cmd, ['--help']);
    assert.equal(config.user, 'img2vid');
  });

  it('container inspect: state, never-started dates, port bindings, --rm', () => {
    const details = toContainerDetails({
      Id: 'c1',
      Name: '/job',
      Image: 'sha256:5',
      Config: { Image: 'greet:latest', Tty: false, Labels: {} },
      HostConfig: { AutoRemove: true },
      State: { Status: 'created', Running: false, ExitCode: 0, StartedAt: '0001-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' },
      NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }], '9/udp': null } },
    } as unknown as Docker.ContainerInspectInfo);
    assert.equal(details.name, 'job');
    assert.equal(details.image, 'greet:latest');
    assert.equal(details.startedAt, undefined, 'the engine says 0001-01-01 for never');
    assert.equal(details.autoRemove, true);
    assert.deepEqual(details.ports, [
      { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
      { containerPort: 9, protocol: 'udp' },
    ]);
  });

  it('container inspect: mounts; a volume the engine named (64 hex) or labelled anonymous is anonymous, a named one is not', () => {
    const engineNamed = 'a3f1c0d2e4b5968778695a4b3c2d1e0f9a8b7c6d5e4f30211203948576a6b7c8';
    // As the engine answers for `-v /home/me/out:/output -v /data -v cache:/cache -v made:/made --tmpfs /scratch`.
    const raw = [
      { Type: 'bind', Source: '/home/me/out', Destination: '/output', Mode: '', RW: true, Propagation: 'rprivate' },
      {
        Type: 'volume',
        Name: engineNamed,
        Source: `/var/lib/docker/volumes/${engineNamed}/_data`,
        Destination: '/data',
        Driver: 'local',
        Mode: '',
        RW: true,
        Propagation: '',
      },
      {
        Type: 'volume',
        Name: 'cache',
        Source: '/var/lib/docker/volumes/cache/_data',
        Destination: '/cache',
        Driver: 'local',
        Mode: 'z',
        RW: true,
        Propagation: '',
      },
      {
        Type: 'volume',
        Name: 'made',
        Source: '/var/lib/docker/volumes/made/_data',
        Destination: '/made',
        Driver: 'local',
        Mode: '',
        RW: true,
        Propagation: '',
      },
      { Type: 'tmpfs', Source: '', Destination: '/scratch', Mode: '', RW: true, Propagation: '' },
      {
        Type: 'npipe',
        Source: '\\\\.\\pipe\\docker_engine',
        Destination: '\\\\.\\pipe\\docker_engine',
        Mode: '',
        RW: true,
        Propagation: '',
      },
    ] as Docker.ContainerInspectInfo['Mounts'];
    // Only volumes whose name the engine did not make need their labels looked up.
    assert.deepEqual(volumesToLookUp(raw), ['cache', 'made']);
    const labels: Record<string, Record<string, string>> = {
      cache: { 'com.docker.compose.project': 'app' },
      made: { [ANONYMOUS_VOLUME_LABEL]: '' },
    };
    assert.deepEqual(
      toContainerMounts(raw, (name) => labels[name]),
      [
        { type: 'bind', name: '', containerPath: '/output', anonymous: false },
        { type: 'volume', name: engineNamed, containerPath: '/data', anonymous: true },
        { type: 'volume', name: 'cache', containerPath: '/cache', anonymous: false },
        { type: 'volume', name: 'made', containerPath: '/made', anonymous: true },
        { type: 'tmpfs', name: '', containerPath: '/scratch', anonymous: false },
        { type: 'other', name: '', containerPath: '\\\\.\\pipe\\docker_engine', anonymous: false },
      ],
    );
    // Without labels (an older engine, or a failed look-up) the name alone decides.
    assert.deepEqual(
      toContainerMounts(raw)
        .filter((m) => m.anonymous)
        .map((m) => m.containerPath),
      ['/data'],
    );
    assert.equal(
      toContainerMounts([
        { Type: 'volume', Name: engineNamed.toUpperCase(), Source: '', Destination: '/x', Mode: '', RW: true, Propagation: '' },
      ])[0].anonymous,
      false,
      'the engine names in lower-case hex',
    );
    assert.deepEqual(toContainerMounts(null), []);
    const details = toContainerDetails(
      {
        Id: 'c1',
        Name: '/job',
        State: { Status: 'exited' },
        Config: {},
        HostConfig: {},
        Mounts: raw,
      } as unknown as Docker.ContainerInspectInfo,
      (name) => labels[name],
    );
    assert.deepEqual(
      details.mounts.filter((m) => m.anonymous).map((m) => m.name),
      [engineNamed, 'made'],
    );
    assert.deepEqual(
      toContainerDetails({
        Id: 'c2',
        Name: '/old',
        State: { Status: 'exited' },
        Config: {},
        HostConfig: {},
      } as unknown as Docker.ContainerInspectInfo).mounts,
      [],
    );
  });

  it('events: type, action, actor; nanosecond time preferred', () => {
    const event = toEngineEvent({
      Type: 'container',
      Action: 'start',
      Actor: { ID: 'c1', Attributes: { name: 'job' } },
      time: 1,
      timeNano: 1_500_000_000,
    });
    assert.deepEqual(event, { type: 'container', action: 'start', id: 'c1', time: new Date(1500), attributes: { name: 'job' } });
    assert.equal(toEngineEvent({ Type: 'plugin', Action: 'enable' })?.type, 'other');
    assert.equal(toEngineEvent({ status: 'old format' }), undefined);
  });

  it('Podman names itself in Components; Docker in Platform', () => {
    assert.equal(platformNameOf({ Platform: { Name: 'linux/amd64/fedora-40' }, Components: [{ Name: 'Podman Engine' }] }), 'Podman Engine');
    assert.equal(
      platformNameOf({ Platform: { Name: 'Docker Engine - Community' }, Components: [{ Name: 'Engine' }] }),
      'Docker Engine - Community',
    );
    assert.equal(platformNameOf({}), undefined);
  });
});
