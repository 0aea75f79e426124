import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPOSE_LABELS, groupByComposeProject, projectTarget, resolveConfigFiles } from '../../src/compose/composeProjects';
import type { ContainerSummary } from '../../src/engine/engine';

let seq = 0;
function container(
  name: string,
  labels: Record<string, string>,
  state: ContainerSummary['state'] = 'running',
  created = ++seq,
): ContainerSummary {
  return {
    id: `id-${name}`,
    name,
    image: 'debian',
    imageId: 'sha256:1',
    state,
    status: '',
    ports: [],
    labels,
    created: new Date(created * 1000),
  };
}
// The labels docker-compose 1.29.2 put on a container here (`-p i17f -f sub/base.yml -f /abs/over.yml`, run in /tmp/i17-exp/a).
const v1Labels = (service: string, number = '1', extra: Record<string, string> = {}) => ({
  'com.docker.compose.config-hash': '1376',
  [COMPOSE_LABELS.number]: number,
  [COMPOSE_LABELS.oneOff]: 'False',
  [COMPOSE_LABELS.project]: 'i17f',
  [COMPOSE_LABELS.configFiles]: 'sub/base.yml,/tmp/i17-exp/a/sub/over.yml',
  [COMPOSE_LABELS.workingDir]: '/tmp/i17-exp/a/sub',
  [COMPOSE_LABELS.service]: service,
  [COMPOSE_LABELS.version]: '1.29.2',
  ...extra,
});
const v2Labels = (project: string, service: string, number = '1') => ({
  [COMPOSE_LABELS.project]: project,
  [COMPOSE_LABELS.service]: service,
  [COMPOSE_LABELS.number]: number,
  [COMPOSE_LABELS.oneOff]: 'False',
  [COMPOSE_LABELS.workingDir]: '/home/me/shop',
  [COMPOSE_LABELS.configFiles]: '/home/me/shop/compose.yaml,/home/me/shop/compose.dev.yaml',
  [COMPOSE_LABELS.version]: '2.29.7',
});

describe('compose projects from labels', () => {
  it('groups by project, rows named by service, numbered only when a service has several', () => {
    const containers = [
      container('plain', {}),
      container('shop-web-2', v2Labels('shop', 'web', '2')),
      container('i17f_worker_1', v1Labels('worker')),
      container('shop-db-1', v2Labels('shop', 'db'), 'exited'),
      container('shop-web-1', v2Labels('shop', 'web', '1')),
      container('shop-web-run-1a2b', { ...v2Labels('shop', 'web', '1'), [COMPOSE_LABELS.oneOff]: 'True' }, 'exited'),
      container('other', { 'dev.container-workflows.owner': 'container-workflows' }),
    ];
    const { projects, others } = groupByComposeProject(containers);
    assert.deepEqual(
      others.map((c) => c.name),
      ['plain', 'other'],
    );
    assert.deepEqual(
      projects.map((p) => p.name),
      ['i17f', 'shop'],
    );
    const shop = projects[1];
    assert.deepEqual(
      shop.members.map((m) => [m.label, m.container.name]),
      [
        ['db', 'shop-db-1'],
        ['web 1', 'shop-web-1'],
        ['web 2', 'shop-web-2'],
        ['web (run)', 'shop-web-run-1a2b'],
      ],
    );
    assert.equal(shop.running, 2);
    assert.equal(shop.workingDir, '/home/me/shop');
    assert.deepEqual(shop.configFiles, ['/home/me/shop/compose.yaml', '/home/me/shop/compose.dev.yaml']);
    assert.equal(shop.composeVersion, '2.29.7');
    assert.deepEqual(
      projects[0].members.map((m) => m.label),
      ['worker'],
    );
  });

  it('a lone container with a number over 1 (after a scale down) keeps its number', () => {
    const { projects } = groupByComposeProject([container('p_web_3', v1Labels('web', '3'))]);
    assert.equal(projects[0].members[0].label, 'web 3');
  });

  it("1.29's relative config files: from the folder it ran in, worked out from working_dir", () => {
    // Recorded: `docker-compose -f sub/base.yml -f /tmp/i17-exp/a/sub/over.yml` run in /tmp/i17-exp/a.
    assert.deepEqual(resolveConfigFiles('sub/base.yml,/tmp/i17-exp/a/sub/over.yml', '/tmp/i17-exp/a/sub'), [
      '/tmp/i17-exp/a/sub/base.yml',
      '/tmp/i17-exp/a/sub/over.yml',
    ]);
    // Recorded: a plain `docker-compose up` in /tmp/i17-exp/a.
    assert.deepEqual(resolveConfigFiles('compose.yaml', '/tmp/i17-exp/a'), ['/tmp/i17-exp/a/compose.yaml']);
    assert.deepEqual(resolveConfigFiles('compose.yaml,./extra/x.yml', '/p'), ['/p/compose.yaml', '/p/extra/x.yml']);
    // --project-directory elsewhere: the rule cannot hold; the reading that finds the file wins.
    const exists = (p: string) => p === '/proj/compose.yaml';
    assert.deepEqual(resolveConfigFiles('compose.yaml', '/proj', exists), ['/proj/compose.yaml']);
    assert.deepEqual(
      resolveConfigFiles('a/compose.yaml', '/proj', (p) => p === '/proj/a/compose.yaml'),
      ['/proj/a/compose.yaml'],
    );
    assert.deepEqual(resolveConfigFiles('', '/p'), []);
    assert.deepEqual(resolveConfigFiles('x.yml', undefined), ['x.yml']);
  });

  it('the target of a project node: its name, folder, files and the profiles given', () => {
    const { projects } = groupByComposeProject([container('shop-web-1', v2Labels('shop', 'web'))]);
    assert.deepEqual(projectTarget(projects[0], ['tools']), {
      files: ['/home/me/shop/compose.yaml', '/home/me/shop/compose.dev.yaml'],
      projectName: 'shop',
      projectDirectory: '/home/me/shop',
      profiles: ['tools'],
    });
  });
});
