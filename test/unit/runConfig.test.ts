/**
 * The run form's model (src/workflows/runConfig.ts), without an engine: seeding from an
 * image's config and its template manifest, free host ports, and the RunRequest that
 * reaches the engine. Its checks are in runValidation.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ImageConfig } from '../../src/engine/engine';
import { OWNER_LABEL, OWNER_VALUE, PURPOSE_LABEL } from '../../src/engine/engine';
import type { TemplateRunDefaults } from '../../src/templates/manifest';
import { type RunConfig, fromLastRun, nextFreePort, seedRunConfig, toRunRequest } from '../../src/workflows/runConfig';

function imageConfig(partial: Partial<ImageConfig> = {}): ImageConfig {
  return {
    id: 'sha256:abc',
    repoTags: ['demo:latest'],
    exposedPorts: [],
    volumes: [],
    env: { PATH: '/usr/local/bin:/usr/bin:/bin' },
    entrypoint: [],
    cmd: [],
    workingDir: '',
    user: '',
    labels: {},
    ...partial,
  };
}

function template(partial: Partial<TemplateRunDefaults> = {}): TemplateRunDefaults {
  return { image: 'demo', args: [], env: {}, ports: [], volumes: [], ...partial };
}

/** A port probe over a set of busy ports, recording what it was asked. */
function probe(busy: number[] = []) {
  const asked: number[] = [];
  const isPortFree = async (port: number) => {
    asked.push(port);
    return !busy.includes(port);
  };
  return { isPortFree, asked };
}

const allFree = probe().isPortFree;

function config(partial: Partial<RunConfig> = {}): RunConfig {
  return { image: 'demo:latest', name: '', args: [], env: {}, ports: [], volumes: [], autoRemove: true, user: '', ...partial };
}

describe('seedRunConfig: ports', () => {
  it('maps every EXPOSEd port to the same host port when it is free', async () => {
    const seeded = await seedRunConfig({
      image: 'demo:latest',
      config: imageConfig({
        exposedPorts: [
          { port: 8080, protocol: 'tcp' },
          { port: 9000, protocol: 'tcp' },
        ],
      }),
      isPortFree: allFree,
    });
    assert.deepEqual(seeded.ports, [
      { containerPort: 8080, protocol: 'tcp', hostPort: 8080, label: undefined },
      { containerPort: 9000, protocol: 'tcp', hostPort: 9000, label: undefined },
    ]);
  });

  it('picks the next free host port when the same number is in use', async () => {
    const { isPortFree } = probe([8080, 8081]);
    const seeded = await seedRunConfig({
      image: 'demo',
      config: imageConfig({ exposedPorts: [{ port: 8080, protocol: 'tcp' }] }),
      isPortFree,
    });
    assert.equal(seeded.ports[0].containerPort, 8080);
    assert.equal(seeded.ports[0].hostPort, 8082);
  });

  it('never gives two rows the same host port (a port taken by an earlier row is skipped)', async () => {
    // 8080 is busy, so 8080 -> 8081; then 8081 is free on the machine but taken by row one.
    const { isPortFree } = probe([8080]);
    const seeded = await seedRunConfig({
      image: 'demo',
      config: imageConfig({
        exposedPorts: [
          { port: 8080, protocol: 'tcp' },
          { port: 8081, protocol: 'tcp' },
        ],
      }),
      isPortFree,
    });
    assert.deepEqual(
      seeded.ports.map((p) => [p.containerPort, p.hostPort]),
      [
        [8080, 8081],
        [8081, 8082],
      ],
    );
  });

  it("merges the template's ports: labels on EXPOSEd ones, extra ones added, no duplicates", async () => {
    const seeded = await seedRunConfig({
      image: 'demo',
      config: imageConfig({ exposedPorts: [{ port: 7860, protocol: 'tcp' }] }),
      template: template({
        ports: [
          { containerPort: 7860, protocol: 'tcp', label: 'Gradio web app' },
          { containerPort: 9100, protocol: 'tcp', label: 'metrics' },
        ],
      }),
      isPortFree: allFree,
    });
    assert.deepEqual(seeded.ports, [
      { containerPort: 7860, protocol: 'tcp', hostPort: 7860, label: 'Gradio web app' },
      { containerPort: 9100, protocol: 'tcp', hostPort: 9100, label: 'metrics' },
    ]);
  });

  // BUG (src/workflows/runConfig.ts seedRunConfig, `taken` holds bare numbers): host port
  // 53/tcp and host port 53/udp are different sockets (docker run -p 53:53/tcp -p 53:53/udp),
  // but the second row is moved to 54.
  it('maps 53/tcp and 53/udp both to host port 53 (TCP and UDP ports do not clash)', async () => {
    const seeded = await seedRunConfig({
      image: 'dns',
      config: imageConfig({
        exposedPorts: [
          { port: 53, protocol: 'tcp' },
          { port: 53, protocol: 'udp' },
        ],
      }),
      isPortFree: allFree,
    });
    assert.deepEqual(
      seeded.ports.map((p) => `${p.containerPort}/${p.protocol}->${p.hostPort}`),
      ['53/tcp->53', '53/udp->53'],
    );
  });
});

describe('seedRunConfig: volumes', () => {
  it('merges VOLUME, template volumes (relative host paths from baseDir) and *_DIR variables without duplicates', async () => {
    const seeded = await seedRunConfig({
      image: 'demo',
      config: imageConfig({
        volumes: ['/data', '/output'],
        env: {
          PATH: '/usr/bin',
          INPUT_DIR: '/input',
          OUTPUT_DIR: '/output',
          ROOT_DIR: '/', // never a volume
          WORK_DIR: 'relative/path', // not absolute: not a volume
          DIRECTORY: '/not-a-dir-variable', // the name does not end in _DIR
        },
      }),
      template: template({
        volumes: [
          { containerPath: '/output', hostPath: 'output', readOnly: false, label: 'Where results go' },
          { containerPath: '/models', hostPath: '/srv/models', readOnly: true, label: 'Models' },
        ],
      }),
      baseDir: '/home/me/project',
      isPortFree: allFree,
    });
    assert.deepEqual(seeded.volumes, [
      { containerPath: '/output', hostPath: '/home/me/project/output', readOnly: false, label: 'Where results go' },
      { containerPath: '/models', hostPath: '/srv/models', readOnly: true, label: 'Models' },
      { containerPath: '/data', hostPath: '', readOnly: false, label: undefined },
      { containerPath: '/input', hostPath: '', readOnly: true, label: 'INPUT_DIR' },
    ]);
  });

  it('a VOLUME and the *_DIR variable naming it are one row', async () => {
    const seeded = await seedRunConfig({
      image: 'demo',
      config: imageConfig({ volumes: ['/output'], env: { OUTPUT_DIR: '/output' } }),
      isPortFree: allFree,
    });
    assert.deepEqual(seeded.volumes, [{ containerPath: '/output', hostPath: '', readOnly: false, label: 'OUTPUT_DIR' }]);
  });

  it('an INPUT_* folder is seeded read-only, an OUTPUT_* one read-write', async () => {
    const seeded = await seedRunConfig({
      image: 'img2vid',
      config: imageConfig({ env: { INPUT_DIR: '/input', OUTPUT_DIR: '/output' } }),
      isPortFree: allFree,
    });
    assert.deepEqual(
      seeded.volumes.map((v) => [v.containerPath, v.readOnly]),
      [
        ['/input', true],
        ['/output', false],
      ],
    );
  });

  // Debatable BUG (src/workflows/runConfig.ts addVolume): when the image also declares
  // VOLUME /input, the INPUT_DIR=/input hint is dropped and the row is read-write.
  it('INPUT_DIR keeps its read-only hint when the same folder is also a VOLUME', async () => {
    const seeded = await seedRunConfig({
      image: 'demo',
      config: imageConfig({ volumes: ['/input'], env: { INPUT_DIR: '/input' } }),
      isPortFree: allFree,
    });
    assert.equal(seeded.volumes.length, 1);
    assert.equal(seeded.volumes[0].readOnly, true);
  });

  it("a template's explicit read-write choice is not overridden by the INPUT_ hint", async () => {
    const seeded = await seedRunConfig({
      image: 'demo',
      config: imageConfig({ env: { INPUT_DIR: '/input' } }),
      template: template({ volumes: [{ containerPath: '/input', hostPath: '/abs/in', readOnly: false }] }),
      isPortFree: allFree,
    });
    assert.deepEqual(seeded.volumes, [{ containerPath: '/input', hostPath: '/abs/in', readOnly: false, label: 'INPUT_DIR' }]);
  });

  it('without baseDir a relative template host path is kept as written', async () => {
    const seeded = await seedRunConfig({
      image: 'demo',
      config: imageConfig(),
      template: template({ volumes: [{ containerPath: '/output', hostPath: 'output', readOnly: false }] }),
      isPortFree: allFree,
    });
    assert.equal(seeded.volumes[0].hostPath, 'output');
  });
});

describe('seedRunConfig: arguments, environment, options', () => {
  it("copies the template's args and env (copies, not the template's own arrays)", async () => {
    const defaults = template({ args: ['hello earthling ', '2'], env: { GREETING: 'hi' } });
    const seeded = await seedRunConfig({ image: 'greet-args:latest', config: imageConfig(), template: defaults, isPortFree: allFree });
    assert.equal(seeded.image, 'greet-args:latest');
    assert.equal(seeded.name, '');
    assert.deepEqual(seeded.args, ['hello earthling ', '2']);
    assert.deepEqual(seeded.env, { GREETING: 'hi' });
    seeded.args.push('x');
    Object.assign(seeded.env, { OTHER: 'y' });
    assert.deepEqual(defaults.args, ['hello earthling ', '2']);
    assert.deepEqual(defaults.env, { GREETING: 'hi' });
  });

  it('does not copy the image env into the run env (the image has it already)', async () => {
    const seeded = await seedRunConfig({
      image: 'demo',
      config: imageConfig({ env: { PATH: '/bin', OUTPUT_DIR: '/output' } }),
      isPortFree: allFree,
    });
    assert.deepEqual(seeded.args, []);
    assert.deepEqual(seeded.env, {});
  });

  it('removes a one-shot tool on exit, keeps a server (a container with ports)', async () => {
    const tool = await seedRunConfig({ image: 'tool', config: imageConfig(), isPortFree: allFree });
    assert.equal(tool.autoRemove, true);
    const server = await seedRunConfig({
      image: 'web',
      config: imageConfig({ exposedPorts: [{ port: 80, protocol: 'tcp' }] }),
      isPortFree: allFree,
    });
    assert.equal(server.autoRemove, false);
  });

  it('runs as userForMounts only when a host folder is mounted read-write', async () => {
    const rw = template({ volumes: [{ containerPath: '/output', hostPath: '/abs/out', readOnly: false }] });
    const ro = template({ volumes: [{ containerPath: '/input', hostPath: '/abs/in', readOnly: true }] });
    const cases: { name: string; template?: TemplateRunDefaults; config?: ImageConfig; userForMounts?: string; user: string }[] = [
      { name: 'writable mount + user', template: rw, userForMounts: '1000:1000', user: '1000:1000' },
      { name: 'writable mount, no user (remote engine)', template: rw, userForMounts: undefined, user: '' },
      { name: 'read-only mount only', template: ro, userForMounts: '1000:1000', user: '' },
      { name: 'a declared VOLUME with no host folder', config: imageConfig({ volumes: ['/data'] }), userForMounts: '1000:1000', user: '' },
      { name: 'no volumes', userForMounts: '1000:1000', user: '' },
    ];
    for (const c of cases) {
      const seeded = await seedRunConfig({
        image: 'demo',
        config: c.config ?? imageConfig(),
        template: c.template,
        isPortFree: allFree,
        userForMounts: c.userForMounts,
      });
      assert.equal(seeded.user, c.user, c.name);
    }
  });
});

describe('nextFreePort', () => {
  it('returns the preferred port when it is free', async () => {
    assert.equal(await nextFreePort(3000, allFree), 3000);
  });

  it('walks upward past busy and taken ports', async () => {
    const { isPortFree } = probe([3000, 3002]);
    assert.equal(await nextFreePort(3000, isPortFree, new Set([3001, 3003])), 3004);
  });

  it('does not probe ports that are taken already', async () => {
    const { isPortFree, asked } = probe();
    assert.equal(await nextFreePort(5000, isPortFree, new Set([5000])), 5001);
    assert.deepEqual(asked, [5001]);
  });

  it('starts at 1024 when the preferred port is out of range', async () => {
    assert.equal(await nextFreePort(0, allFree), 1024);
    assert.equal(await nextFreePort(70000, allFree), 1024);
    assert.equal(await nextFreePort(-5, allFree), 1024);
  });

  it('wraps around to 1024 after 65535', async () => {
    const { isPortFree } = probe([65534, 65535]);
    assert.equal(await nextFreePort(65534, isPortFree), 1024);
  });

  it('throws when no port is free', async () => {
    await assert.rejects(
      nextFreePort(8080, async () => false),
      /No free host port/,
    );
  });
});

describe('toRunRequest', () => {
  it('gives the network and its aliases, and no aliases without a network', () => {
    const request = toRunRequest(config({ network: 'app-net', networkAliases: ['web'] }));
    assert.equal(request.network, 'app-net');
    assert.deepEqual(request.networkAliases, ['web']);
    assert.equal(toRunRequest(config({ networkAliases: ['web'] })).networkAliases, undefined);
  });

  it('keeps a named volume a volume', () => {
    const request = toRunRequest(
      config({ volumes: [{ containerPath: '/data', hostPath: 'shared-data', readOnly: false, kind: 'volume' }] }),
    );
    assert.deepEqual(request.volumes, [{ kind: 'volume', hostPath: 'shared-data', containerPath: '/data', readOnly: false }]);
  });

  it('maps the config, labels it as a run, and drops unmounted volumes', () => {
    const request = toRunRequest(
      config({
        image: 'greet-volume:latest',
        name: '  my-run  ',
        args: ['hello alien ', '3', 'local_output'],
        env: { GREETING: 'hi' },
        ports: [{ containerPort: 7860, protocol: 'tcp', hostPort: 7861, label: 'Gradio' }],
        volumes: [
          { containerPath: '/output', hostPath: '/abs/out', readOnly: false, label: 'out' },
          { containerPath: '/cache', hostPath: '', readOnly: false },
          { containerPath: '/input', hostPath: '/abs/in', readOnly: true },
        ],
        autoRemove: false,
        user: '1000:1000',
      }),
    );
    assert.deepEqual(request, {
      image: 'greet-volume:latest',
      name: 'my-run',
      args: ['hello alien ', '3', 'local_output'],
      env: { GREETING: 'hi' },
      ports: [{ containerPort: 7860, protocol: 'tcp', hostPort: 7861 }],
      volumes: [
        { hostPath: '/abs/out', containerPath: '/output', readOnly: false },
        { hostPath: '/abs/in', containerPath: '/input', readOnly: true },
      ],
      autoRemove: false,
      user: '1000:1000',
      labels: { [OWNER_LABEL]: OWNER_VALUE, [PURPOSE_LABEL]: 'run' },
    });
  });

  it('omits an empty name, empty args and an empty user (the image decides)', () => {
    const request = toRunRequest(config({ name: '   ', args: [], user: '' }));
    assert.equal(request.name, undefined);
    assert.equal(request.args, undefined);
    assert.equal(request.user, undefined);
    assert.equal(request.autoRemove, true);
    assert.deepEqual(request.volumes, []);
    assert.deepEqual(request.ports, []);
  });

  it('keeps an empty-string argument (it is an argument)', () => {
    assert.deepEqual(toRunRequest(config({ args: [''] })).args, ['']);
  });
});

describe('fromLastRun', () => {
  const last: RunConfig = {
    image: 'demo:latest',
    name: 'demo',
    args: ['serve'],
    env: { MODE: 'fast' },
    ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }],
    volumes: [{ containerPath: '/data', hostPath: '/home/me/data', readOnly: false }],
    autoRemove: false,
    user: '1000:1000',
    network: 'app-net',
    networkAliases: ['web'],
  };

  it("keeps every choice and the network, but not the network's aliases", () => {
    const start = fromLastRun(last);
    const { networkAliases: _aliases, ...rest } = last;
    assert.deepEqual(start, rest);
    assert.equal('networkAliases' in start, false);
    assert.equal(toRunRequest(start).networkAliases, undefined);
    assert.equal(toRunRequest(start).network, 'app-net');
  });

  it('is a copy: editing the form leaves the remembered run alone', () => {
    const start = fromLastRun(last);
    start.ports[0].hostPort = 9090;
    start.env.MODE = 'slow';
    assert.equal(last.ports[0].hostPort, 8080);
    assert.equal(last.env.MODE, 'fast');
    assert.deepEqual(last.networkAliases, ['web']);
  });
});
