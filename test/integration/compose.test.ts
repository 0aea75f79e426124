/**
 * Compose through the real CLI against the test engine: Debian's docker-compose 1.29 is the
 * one this machine can install (the v2 lines are unit-tested by what they build). Every
 * project has a name unique to this run and is removed, with its network and volumes, at
 * the end; another project running beside it is never touched.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { classifyComposeFailure } from '../../src/compose/composeFailures';
import { parseConfigProblems } from '../../src/compose/composeProblems';
import { type ComposeProject, groupByComposeProject } from '../../src/compose/composeProjects';
import { runCompose } from '../../src/compose/composeProcess';
import { projectInvocation, runProjectAction } from '../../src/compose/projectOperations';
import { composeInvocation } from '../../src/compose/composeCommands';
import type { ContainerEngine } from '../../src/engine/engine';
import { CancelledError } from '../../src/engine/errors';
import { tempDir } from '../support/frames';
import { realEngine } from '../support/realEngine';
import { assertSucceeded, compose, composeCli, projectResources, uniqueProjectName } from '../support/composeRig';

// Local base image (the rig makes it); `init: true` so a stop takes no grace period.
const APP = `services:
  web:
    image: debian:bookworm-slim
    init: true
    command: ["sh", "-c", "echo web ready; while true; do echo web tick; sleep 1; done"]
    volumes: [data:/data]
    networks: [back]
  worker:
    image: debian:bookworm-slim
    init: true
    command: ["sh", "-c", "echo worker ready; while true; do echo worker tick; sleep 1; done"]
    networks: [back]
  debug:
    image: debian:bookworm-slim
    init: true
    command: ["sleep", "infinity"]
    profiles: [tools]
volumes:
  data: {}
networks:
  back: {}
`;

describe('compose with docker-compose 1.29 on the real engine', () => {
  let engine: ContainerEngine;
  let resources: ReturnType<typeof projectResources>;
  const projects: string[] = [];
  const dirs: string[] = [];

  /** A folder with the compose file, and a project name of this run. */
  function project(label: string, text = APP, fileName = 'compose.yaml') {
    const dir = tempDir(`compose-${label}`);
    dirs.push(dir);
    const file = path.join(dir, fileName);
    fs.writeFileSync(file, text);
    const name = uniqueProjectName(label);
    projects.push(name);
    return { dir, file, name, target: { files: [file], projectName: name } };
  }

  async function grouped(name: string): Promise<ComposeProject | undefined> {
    const all = await engine.listContainers({ all: true });
    return groupByComposeProject(all).projects.find((p) => p.name === name);
  }

  before(async () => {
    engine = await realEngine();
    resources = projectResources(engine);
  });

  after(async () => {
    for (const name of projects) await resources.removeProject(name);
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds docker-compose 1.29 here (no v2 plugin), with its version', async () => {
    const cli = await composeCli();
    assert.equal(cli.flavour, 'standalone');
    assert.equal(cli.program, 'docker-compose');
    assert.equal(cli.major, 1);
    assert.match(cli.version, /^1\.29\.\d+$/);
  });

  it('up starts the services without a profile; --profile adds its service; the containers group under the project by their labels', async () => {
    const p = project('up');
    assertSucceeded(await compose(engine, p.target, { kind: 'up' }), 'up');
    let group = await grouped(p.name);
    assert.ok(group, 'the project is there');
    assert.deepEqual(
      group.members.map((m) => [m.label, m.container.state]),
      [
        ['web', 'running'],
        ['worker', 'running'],
      ],
    );
    assert.equal(group.workingDir, p.dir);
    assert.deepEqual(group.configFiles, [p.file], 'absolute, as the extension passes them');
    assert.equal(group.composeVersion?.startsWith('1.29'), true);

    assertSucceeded(await compose(engine, { ...p.target, profiles: ['tools'] }, { kind: 'up' }), 'up --profile tools');
    group = await grouped(p.name);
    assert.deepEqual(
      group?.members.map((m) => m.label),
      ['debug', 'web', 'worker'],
    );
    assert.equal(group?.running, 3);

    // Chosen services only: after a down, up of one service starts that one.
    assertSucceeded(await compose(engine, p.target, { kind: 'down' }), 'down');
    assertSucceeded(await compose(engine, p.target, { kind: 'up', services: ['worker'] }), 'up worker');
    assert.deepEqual(
      (await grouped(p.name))?.members.map((m) => m.label),
      ['worker'],
    );
  });

  // The CLI's colour codes are what these expressions look for: the escape character is the point.
  /* eslint-disable no-control-regex */
  it('logs follow every service in one stream, each line prefixed with its service, colours kept; cancel ends it', async () => {
    const p = project('logs');
    assertSucceeded(await compose(engine, p.target, { kind: 'up' }), 'up');
    const controller = new AbortController();
    let text = '';
    // Both services' prefixes, each in an ANSI colour, then "tick" lines after "ready".
    const seen = () => /\x1b\[3\dm(web_1\s+\|)\x1b\[0m web tick/.test(text) && /\x1b\[3\dm(worker_1\s+\|)\x1b\[0m worker tick/.test(text);
    const following = compose(
      engine,
      p.target,
      { kind: 'logs', follow: true },
      {
        signal: controller.signal,
        onOutput: (chunk) => {
          text += chunk;
          if (seen()) controller.abort();
        },
      },
    );
    await assert.rejects(following, CancelledError);
    assert.ok(seen(), text);
    assert.match(text, /web_1\s+\|\x1b\[0m web ready/);
    assert.match(text, /worker_1\s+\|\x1b\[0m worker ready/);
  });
  /* eslint-enable no-control-regex */

  it('down removes its own containers and network, keeps its volume unless asked, and leaves another project alone', async () => {
    const a = project('downa');
    const b = project('downb'); // the same services and volume names, another project
    assertSucceeded(await compose(engine, a.target, { kind: 'up' }), 'up a');
    assertSucceeded(await compose(engine, b.target, { kind: 'up' }), 'up b');
    // Its user network, and the default one 1.29 makes for the service without networks.
    assert.deepEqual(await resources.networks(a.name), [`${a.name}_back`, `${a.name}_default`]);
    assert.deepEqual(await resources.volumes(a.name), [`${a.name}_data`]);

    assertSucceeded(await compose(engine, a.target, { kind: 'down' }), 'down a');
    assert.equal(await grouped(a.name), undefined, 'its containers are gone');
    assert.deepEqual(await resources.networks(a.name), [], 'its network is gone');
    assert.deepEqual(await resources.volumes(a.name), [`${a.name}_data`], 'its volume is kept: down without --volumes');
    const other = await grouped(b.name);
    assert.deepEqual(
      other?.members.map((m) => [m.label, m.container.state]),
      [
        ['web', 'running'],
        ['worker', 'running'],
      ],
      'the other project runs on',
    );
    assert.deepEqual(await resources.networks(b.name), [`${b.name}_back`, `${b.name}_default`]);
    assert.deepEqual(await resources.volumes(b.name), [`${b.name}_data`]);

    assertSucceeded(await compose(engine, a.target, { kind: 'down', volumes: true }), 'down -v a');
    assert.deepEqual(await resources.volumes(a.name), [], 'with --volumes its volume goes');
    assert.deepEqual(await resources.volumes(b.name), [`${b.name}_data`], "the other project's volume stays");
  });

  it('a project started from a terminal (relative -f, another folder): grouped, then stopped, started and taken down from its labels', async () => {
    const p = project('terminal');
    fs.mkdirSync(path.join(p.dir, 'deploy'));
    fs.renameSync(p.file, path.join(p.dir, 'deploy', 'compose.yaml'));
    const cli = await composeCli();
    // As a person types it in a shell in p.dir; the engine from the environment, as the extension's.
    const env = composeInvocation(cli, engine.endpoint, { files: ['x'] }, { kind: 'config' }, process.env).env;
    const typed = spawnSync(cli.program, ['-p', p.name, '-f', 'deploy/compose.yaml', '--profile', 'tools', 'up', '-d'], {
      cwd: p.dir,
      env,
      encoding: 'utf8',
    });
    assert.equal(typed.status, 0, typed.stderr);

    let group = await grouped(p.name);
    assert.ok(group);
    assert.equal(group.workingDir, path.join(p.dir, 'deploy'));
    assert.deepEqual(group.configFiles, [path.join(p.dir, 'deploy', 'compose.yaml')], 'the relative label worked out');
    assert.equal(group.running, 3);

    assert.deepEqual((await runProjectAction(engine, group, 'stop')).sort(), ['debug', 'web', 'worker']);
    group = await grouped(p.name);
    assert.equal(group?.running, 0);
    await runProjectAction(engine, group, 'start');
    group = await grouped(p.name);
    assert.equal(group?.running, 3);
    await runProjectAction(engine, group, 'restart');
    assert.equal((await grouped(p.name))?.running, 3);

    // Down from the node: its name, folder and files from the labels, every profile of the file.
    const down = projectInvocation(
      cli,
      engine.endpoint,
      group,
      { kind: 'down' },
      { baseEnv: process.env, exists: fs.existsSync, readText: (f) => fs.readFileSync(f, 'utf8') },
    );
    assert.ok(down.args.includes('--profile') && down.args.includes('tools'));
    assertSucceeded(await runCompose(down), 'down from the labels');
    assert.equal(await grouped(p.name), undefined, "every container, the profile's one too");
    assert.deepEqual(await resources.networks(p.name), []);
  });

  it('an invalid file: `config` fails and its message becomes a problem at the line', async () => {
    const cases: [string, string, number][] = [
      ['yaml', 'services:\n  web:\n    image: debian\n   ports:\n      - "80:80"\n', 4],
      ['key', 'services:\n  web:\n    image: debian\n    portz: ["80"]\n', 4],
      ['type', 'services:\n  web:\n    image: debian\n    ports: 8080\n', 4],
      ['depends', 'services:\n  web:\n    image: debian\n    depends_on: [db]\n', 4],
    ];
    for (const [label, text, line] of cases) {
      const p = project(`bad${label}`, text);
      const result = await compose(engine, p.target, { kind: 'config' });
      assert.equal(result.exitCode, 1, `${label}: config fails`);
      const problems = parseConfigProblems(result.stderr, { files: [p.file], cwd: p.dir, readText: (f) => fs.readFileSync(f, 'utf8') });
      assert.equal(problems.length, 1, `${label}: ${result.stderr}`);
      assert.equal(problems[0].file, p.file, label);
      assert.equal(problems[0].line, line, `${label}: ${problems[0].message}`);
    }
    const good = project('good');
    const ok = await compose(engine, good.target, { kind: 'config' });
    assert.equal(ok.exitCode, 0, ok.stderr);
    assert.deepEqual(parseConfigProblems(ok.stderr, { files: [good.file], cwd: good.dir, readText: () => APP }), []);
  });

  it('up of a file whose host port is taken says which port and which service', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '0.0.0.0', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const p = project(
        'port',
        `services:\n  web:\n    image: debian:bookworm-slim\n    init: true\n    command: ["sleep", "infinity"]\n    ports: ["${port}:80"]\n`,
      );
      const result = await compose(engine, p.target, { kind: 'up' });
      assert.notEqual(result.exitCode, 0);
      const failure = classifyComposeFailure(`${result.stdout}\n${result.stderr}`, { projectName: p.name });
      assert.equal(failure.kind, 'portTaken', result.stderr);
      assert.equal(failure.port, port);
      assert.equal(failure.service, 'web');
      assert.match(failure.message, new RegExp(`^Port ${port} is already in use, so service web could not start\\.`));
      assertSucceeded(await compose(engine, p.target, { kind: 'down' }), 'down after the failed up');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
