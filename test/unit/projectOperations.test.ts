import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ComposeCli, ComposeNotInstalledError } from '../../src/compose/composeCli';
import { COMPOSE_LABELS, groupByComposeProject } from '../../src/compose/composeProjects';
import {
  actsThroughEngine,
  engineFallbackNote,
  membersFor,
  ProjectFilesMissingError,
  ProjectOperationError,
  projectInvocation,
  runProjectAction,
} from '../../src/compose/projectOperations';
import type { ContainerSummary } from '../../src/engine/engine';
import { CancelledError, EngineRequestError } from '../../src/engine/errors';
import { FakeEngine } from '../support/fakeEngine';

const labels = (service: string, extra: Record<string, string> = {}) => ({
  [COMPOSE_LABELS.project]: 'shop',
  [COMPOSE_LABELS.service]: service,
  [COMPOSE_LABELS.number]: '1',
  [COMPOSE_LABELS.workingDir]: '/home/me/shop',
  [COMPOSE_LABELS.configFiles]: '/home/me/shop/compose.yaml',
  ...extra,
});
const c = (
  name: string,
  service: string,
  state: ContainerSummary['state'],
  created: number,
  extra: Record<string, string> = {},
): ContainerSummary => ({
  id: name,
  name,
  image: 'x',
  imageId: 'sha256:x',
  state,
  status: '',
  ports: [],
  labels: labels(service, extra),
  created: new Date(created * 1000),
});
// db was created first (web depends on it), then web, then the cache; a one-off run container too.
const containers = () => [
  c('shop-web-1', 'web', 'running', 2),
  c('shop-db-1', 'db', 'exited', 1),
  c('shop-cache-1', 'cache', 'running', 3),
  c('shop-web-run-1', 'web', 'exited', 4, { [COMPOSE_LABELS.oneOff]: 'True' }),
];
const shop = (list = containers()) => groupByComposeProject(list).projects[0];
const v1: ComposeCli = { flavour: 'standalone', program: 'docker-compose', version: '1.29.2', major: 1, dockerCliFound: true };

describe('project operations', () => {
  it('which containers, in which order: dependencies first to start, dependants first to stop', () => {
    assert.deepEqual(
      membersFor('start', shop()).map((m) => m.container.name),
      ['shop-db-1'],
    );
    assert.deepEqual(
      membersFor('stop', shop()).map((m) => m.container.name),
      ['shop-cache-1', 'shop-web-1'],
    );
    assert.deepEqual(
      membersFor('restart', shop()).map((m) => m.container.name),
      ['shop-db-1', 'shop-web-1', 'shop-cache-1'],
      'one-off run containers are left alone',
    );
  });

  it('starts and stops through the engine, passing the signal on', async () => {
    const engine = new FakeEngine({ containers: containers() });
    const signal = new AbortController().signal;
    assert.deepEqual(await runProjectAction(engine, shop(engine.containers), 'start', signal), ['db']);
    assert.deepEqual(
      engine.calls.filter((x) => x.method === 'start').map((x) => x.args),
      [['shop-db-1', signal]],
    );
    assert.deepEqual(await runProjectAction(engine, shop(engine.containers), 'stop'), ['cache', 'web', 'db']);
    assert.ok(engine.containers.filter((x) => !x.name.includes('run')).every((x) => x.state === 'exited'));
  });

  it('a failure does not stop the others, and the error names both', async () => {
    const engine = new FakeEngine({ containers: containers() });
    engine.restart = async (id: string) => {
      if (id === 'shop-web-1') throw new EngineRequestError('container is marked for removal', 409);
    };
    await assert.rejects(runProjectAction(engine, shop(), 'restart'), (err: unknown) => {
      assert.ok(err instanceof ProjectOperationError);
      assert.deepEqual(err.done, ['db', 'cache']);
      assert.equal(err.message, 'Could not restart web (container is marked for removal) of project shop; db, cache did restart.');
      return true;
    });
  });

  it('cancel stops before the next container', async () => {
    const engine = new FakeEngine({ containers: containers() });
    const controller = new AbortController();
    engine.stop = async () => controller.abort();
    await assert.rejects(runProjectAction(engine, shop(), 'stop', controller.signal), CancelledError);
  });

  it("down and logs through the CLI with the labels' project, and every profile of its files", () => {
    const files: Record<string, string> = {
      '/home/me/shop/compose.yaml': 'services:\n  web: {image: a}\n  debug:\n    image: b\n    profiles: [tools]\n',
    };
    const options = { baseEnv: {}, exists: (f: string) => f in files, readText: (f: string) => files[f] };
    const endpoint = { host: 'unix:///var/run/docker.sock', source: 'default' as const };
    const down = projectInvocation(v1, endpoint, shop(), { kind: 'down' }, options);
    assert.deepEqual(down.args, [
      '-f',
      '/home/me/shop/compose.yaml',
      '-p',
      'shop',
      '--project-directory',
      '/home/me/shop',
      '--profile',
      'tools',
      '--ansi',
      'never',
      'down',
    ]);
    assert.equal(down.cwd, '/home/me/shop');
    const logs = projectInvocation(v1, endpoint, shop(), { kind: 'logs', follow: true }, options);
    assert.deepEqual(logs.args.slice(-4), ['--ansi', 'always', 'logs', '--follow']);
  });

  it('Up from a node enables only the profiles of the services it has containers of', () => {
    const files: Record<string, string> = {
      '/home/me/shop/compose.yaml':
        'services:\n  web: {image: a}\n  db: {image: a}\n  cache:\n    image: c\n    profiles: [speed]\n  debug:\n    image: b\n    profiles: [tools]\n',
    };
    const options = { baseEnv: {}, exists: (f: string) => f in files, readText: (f: string) => files[f] };
    const endpoint = { host: 'unix:///var/run/docker.sock', source: 'default' as const };
    const up = projectInvocation(v1, endpoint, shop(), { kind: 'up' }, options);
    const profiles = up.args.flatMap((a, i) => (a === '--profile' ? [up.args[i + 1]] : []));
    assert.deepEqual(profiles, ['speed'], 'cache has a container, debug has none');
    const down = projectInvocation(v1, endpoint, shop(), { kind: 'down' }, options);
    assert.deepEqual(
      down.args.flatMap((a, i) => (a === '--profile' ? [down.args[i + 1]] : [])),
      ['speed', 'tools'],
    );
  });

  it('a project whose files are gone: says so and what to do instead', () => {
    const options = { baseEnv: {}, exists: () => false, readText: () => undefined };
    const endpoint = { host: 'unix:///var/run/docker.sock', source: 'default' as const };
    assert.throws(
      () => projectInvocation(v1, endpoint, shop(), { kind: 'down' }, options),
      (err: unknown) => {
        assert.ok(err instanceof ProjectFilesMissingError);
        assert.match(
          err.message,
          /^The compose file \/home\/me\/shop\/compose\.yaml of project shop is not there any more, so compose cannot act on the project\. Stop or remove its containers/,
        );
        return true;
      },
    );
    const unlabelled = shop(containers().map((x) => ({ ...x, labels: { ...x.labels, [COMPOSE_LABELS.configFiles]: '' } })));
    assert.throws(() => projectInvocation(v1, endpoint, unlabelled, { kind: 'down' }, options), /do not say which compose files made them/);
  });

  it('start, stop and restart of a node go to the engine when compose cannot act: files gone or no CLI; other failures do not', () => {
    assert.equal(actsThroughEngine(new ProjectFilesMissingError('shop', ['/gone/compose.yaml'])), true);
    assert.equal(actsThroughEngine(new ComposeNotInstalledError(['"docker compose"', '"docker-compose"'])), true);
    assert.equal(actsThroughEngine(new Error('port is already allocated')), false);
    assert.equal(actsThroughEngine(new CancelledError()), false);
    assert.equal(
      engineFallbackNote(new ProjectFilesMissingError('shop', ['/gone/compose.yaml']), 'stop', 'shop'),
      'Compose cannot act on project shop (/gone/compose.yaml is not there any more): the engine will stop its containers one by one.',
    );
    assert.match(
      engineFallbackNote(new ComposeNotInstalledError(['a', 'b']), 'start', 'shop'),
      /\(no compose CLI is installed\): the engine will start/,
    );
  });
});
