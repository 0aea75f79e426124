/**
 * The compose command lines, for both flavours, by exactly what they build. Only
 * docker-compose 1.29 runs on this machine (test/integration/compose.test.ts); the v2
 * lines are held to Compose v2's documented flags here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ComposeCli } from '../../src/compose/composeCli';
import { commandArgs, composeInvocation, defaultProjectName, projectArgs, type ComposeTarget } from '../../src/compose/composeCommands';
import type { EngineEndpoint } from '../../src/engine/connection';

const plugin: ComposeCli = { flavour: 'plugin', program: 'docker', version: '2.29.7', major: 2, dockerCliFound: true };
const v1: ComposeCli = { flavour: 'standalone', program: 'docker-compose', version: '1.29.2', major: 1, dockerCliFound: true };
const v2binary: ComposeCli = { flavour: 'standalone', program: 'docker-compose', version: '2.29.7', major: 2, dockerCliFound: true };
const socket: EngineEndpoint = { host: 'unix:///run/user/1000/docker.sock', source: 'setting' };
const target: ComposeTarget = { files: ['/work/app/compose.yaml'] };

describe('compose command arguments', () => {
  it('up: detached, chosen services after "--", --build and --remove-orphans when asked', () => {
    assert.deepEqual(commandArgs({ kind: 'up' }), ['up', '-d']);
    assert.deepEqual(commandArgs({ kind: 'up', services: ['web', 'db', 'web'], build: true }), ['up', '-d', '--build', '--', 'web', 'db']);
    assert.deepEqual(commandArgs({ kind: 'up', removeOrphans: true, services: [] }), ['up', '-d', '--remove-orphans']);
  });

  it('down keeps volumes unless asked; restart, start, stop, pull, build, logs, config', () => {
    assert.deepEqual(commandArgs({ kind: 'down' }), ['down']);
    assert.deepEqual(commandArgs({ kind: 'down', volumes: true, removeOrphans: true }), ['down', '--volumes', '--remove-orphans']);
    assert.deepEqual(commandArgs({ kind: 'restart', services: ['web'] }), ['restart', '--', 'web']);
    assert.deepEqual(commandArgs({ kind: 'pull' }), ['pull']);
    assert.deepEqual(commandArgs({ kind: 'pull', services: ['web'] }), ['pull', '--', 'web']);
    assert.deepEqual(commandArgs({ kind: 'build' }), ['build']);
    assert.deepEqual(commandArgs({ kind: 'start' }), ['start'], 'the whole project, no "--": 1.29 has none for start');
    assert.deepEqual(commandArgs({ kind: 'stop' }), ['stop']);
    assert.deepEqual(commandArgs({ kind: 'build', pull: true, services: ['app'] }), ['build', '--pull', '--', 'app']);
    assert.deepEqual(commandArgs({ kind: 'logs', follow: true }), ['logs', '--follow'], 'every service, following; their prefixes kept');
    assert.deepEqual(commandArgs({ kind: 'logs', follow: false, tail: 100.7, services: ['web'] }), ['logs', '--tail', '100', '--', 'web']);
    assert.deepEqual(commandArgs({ kind: 'config' }), ['config', '--quiet']);
  });

  it('the project: every -f in order, -p, --project-directory, each --profile once', () => {
    assert.deepEqual(
      projectArgs({
        files: ['/p/compose.yaml', '/p/compose.dev.yaml'],
        projectName: 'shop',
        projectDirectory: '/p',
        profiles: ['debug', 'tools', 'debug', ''],
      }),
      [
        '-f',
        '/p/compose.yaml',
        '-f',
        '/p/compose.dev.yaml',
        '-p',
        'shop',
        '--project-directory',
        '/p',
        '--profile',
        'debug',
        '--profile',
        'tools',
      ],
    );
    assert.throws(() => projectArgs({ files: [] }), /at least one compose file/);
  });
});

describe('compose invocations', () => {
  it('the plugin: "docker compose", --ansi never for the output channel', () => {
    const inv = composeInvocation(plugin, socket, { ...target, profiles: ['tools'] }, { kind: 'up', build: true }, { PATH: '/usr/bin' });
    assert.equal(inv.program, 'docker');
    assert.deepEqual(inv.args, ['compose', '-f', '/work/app/compose.yaml', '--profile', 'tools', '--ansi', 'never', 'up', '-d', '--build']);
    assert.equal(inv.cwd, '/work/app', "runs where a person would: the first file's folder");
    assert.equal(inv.env.DOCKER_HOST, 'unix:///run/user/1000/docker.sock');
    assert.equal(inv.display, 'docker compose -f /work/app/compose.yaml --profile tools --ansi never up -d --build');
  });

  it('docker-compose 1.29: the same options, no "compose" word', () => {
    const inv = composeInvocation(v1, socket, { ...target, projectName: 'demo' }, { kind: 'down', volumes: true }, {});
    assert.equal(inv.program, 'docker-compose');
    assert.deepEqual(inv.args, ['-f', '/work/app/compose.yaml', '-p', 'demo', '--ansi', 'never', 'down', '--volumes']);
  });

  it('logs ask for colours: the terminal shows them and the CLI only sees a pipe', () => {
    for (const cli of [plugin, v1, v2binary]) {
      const inv = composeInvocation(cli, socket, target, { kind: 'logs', follow: true }, {});
      assert.deepEqual(inv.args.slice(-4), ['--ansi', 'always', 'logs', '--follow'], cli.program);
    }
    // docker-compose before 1.28 had only --no-ansi.
    const old: ComposeCli = { ...v1, version: '1.25.0' };
    assert.deepEqual(composeInvocation(old, socket, target, { kind: 'logs', follow: true }, {}).args, [
      '-f',
      '/work/app/compose.yaml',
      'logs',
      '--follow',
    ]);
    assert.deepEqual(composeInvocation(old, socket, target, { kind: 'up' }, {}).args, [
      '-f',
      '/work/app/compose.yaml',
      '--no-ansi',
      'up',
      '-d',
    ]);
  });

  it('a context: --context before "compose" for the plugin, its own --context for 1.29, DOCKER_CONTEXT for all', () => {
    const ctx: EngineEndpoint = { host: 'ssh://me@build-box', source: 'context', contextName: 'build box' };
    const p = composeInvocation(plugin, ctx, target, { kind: 'pull' }, {});
    assert.deepEqual(p.args.slice(0, 3), ['--context', 'build box', 'compose']);
    assert.equal(p.display.startsWith("docker --context 'build box' compose -f"), true, p.display);
    const one = composeInvocation(v1, ctx, target, { kind: 'pull' }, {});
    assert.deepEqual(one.args.slice(0, 3), ['--context', 'build box', '-f']);
    const two = composeInvocation(v2binary, ctx, target, { kind: 'pull' }, {});
    assert.equal(two.args[0], '-f');
    for (const inv of [p, one, two]) {
      assert.equal(inv.env.DOCKER_CONTEXT, 'build box');
      assert.equal(inv.env.DOCKER_HOST, undefined);
    }
  });

  it('a project directory is where it runs, and paths with spaces are quoted for display', () => {
    const inv = composeInvocation(v1, socket, { files: ['/my work/a.compose.yaml'], projectDirectory: '/my work' }, { kind: 'config' }, {});
    assert.equal(inv.cwd, '/my work');
    assert.equal(inv.display, "docker-compose -f '/my work/a.compose.yaml' --project-directory '/my work' --ansi never config --quiet");
  });
});

describe('default project names', () => {
  it('as each CLI derives them from the folder', () => {
    assert.equal(defaultProjectName('/home/me/My_App-2', 1), 'myapp2');
    assert.equal(defaultProjectName('/home/me/My_App-2', 2), 'my_app-2');
    assert.equal(defaultProjectName('/home/me/_hidden.app/', 2), 'hiddenapp');
    assert.equal(defaultProjectName('C:\\work\\Shop', 2), 'shop');
  });
});
