import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPOSE_LABELS } from '../../src/compose/composeProjects';
import { type ContainerSummary, OWNER_LABEL } from '../../src/engine/engine';
import { composeLayout, describeComposeProject } from '../../src/views/composePresentation';

let seq = 0;
function container(name: string, labels: Record<string, string>, state: ContainerSummary['state'] = 'running'): ContainerSummary {
  return {
    id: `id-${name}`,
    name,
    image: 'debian',
    imageId: 'sha256:1',
    state,
    status: '',
    ports: [],
    labels,
    created: new Date(++seq * 1000),
  };
}
const member = (project: string, service: string, number = '1') => ({
  [COMPOSE_LABELS.project]: project,
  [COMPOSE_LABELS.service]: service,
  [COMPOSE_LABELS.number]: number,
  [COMPOSE_LABELS.workingDir]: `/w/${project}`,
  [COMPOSE_LABELS.configFiles]: `/w/${project}/compose.yaml`,
  [COMPOSE_LABELS.version]: '1.29.2',
});

describe('composePresentation', () => {
  it('groups containers by project label, each row named by its service; the others stay for Running / Stopped', () => {
    const layout = composeLayout(
      [
        container('shop_web_1', member('shop', 'web')),
        container('loose', {}),
        container('shop_db_1', member('shop', 'db'), 'exited'),
        container('blog-app-1', member('blog', 'app')),
      ],
      'all',
    );
    assert.deepEqual(
      layout.projects.map((p) => [p.label, p.description, p.contextValue, p.members.map((m) => m.label)]),
      [
        ['blog', '1/1 running', 'composeProject.running', ['app']],
        ['shop', '1/2 running', 'composeProject.mixed', ['db', 'web']],
      ],
    );
    assert.deepEqual(
      layout.others.map((c) => c.name),
      ['loose'],
    );
    // A row keeps what a container row offers (its menus match the container's own contextValue).
    assert.equal(layout.projects[1].members[0].contextValue, 'exitedContainer');
  });

  it('the contextValue says whether all, some or none of its containers run (Start and Stop menus match it)', () => {
    const running = (state: ContainerSummary['state']) => container(`p_${state}_1`, member('p', state), state);
    const value = (...states: ContainerSummary['state'][]) => composeLayout(states.map(running), 'all').projects[0].contextValue;
    assert.equal(value('running', 'running'), 'composeProject.running');
    assert.equal(value('running', 'exited'), 'composeProject.mixed');
    assert.equal(value('exited', 'created'), 'composeProject.stopped');
  });

  it('a project with nothing running says so in its contextValue; the tooltip names its folder and files', () => {
    const view = composeLayout([container('p_a_1', member('p', 'a'), 'exited')], 'all').projects[0];
    assert.equal(view.contextValue, 'composeProject.stopped');
    assert.equal(view.description, '0/1 running');
    assert.match(view.tooltip, /Folder: \/w\/p/);
    assert.match(view.tooltip, /Files: \/w\/p\/compose\.yaml/);
    assert.match(view.tooltip, /Compose 1\.29\.2/);
  });

  it('the view scope applies first: "owned" keeps only containers this extension started', () => {
    const layout = composeLayout(
      [
        container('x_a_1', member('x', 'a')),
        container('mine', { [OWNER_LABEL]: 'run' }),
        container('y_a_1', { ...member('y', 'a'), [OWNER_LABEL]: 'run' }),
      ],
      'owned',
    );
    assert.deepEqual(
      layout.projects.map((p) => p.label),
      ['y'],
    );
    assert.deepEqual(
      layout.others.map((c) => c.name),
      ['mine'],
    );
  });

  it('scaled services are numbered; files not recorded are said', () => {
    const view = describeComposeProject({
      name: 'old',
      configFiles: [],
      running: 2,
      members: [
        { container: container('old_w_1', {}), service: 'w', number: 1, oneOff: false, label: 'w 1' },
        { container: container('old_w_2', {}), service: 'w', number: 2, oneOff: false, label: 'w 2' },
      ],
    });
    assert.deepEqual(
      view.members.map((m) => m.label),
      ['w 1', 'w 2'],
    );
    assert.match(view.tooltip, /Files: not recorded/);
    assert.match(view.tooltip, /Folder: not recorded/);
  });
});
