import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FormItem, type RunFormContext, formItems, toggledRow, withoutRow } from '../../src/pickers/runFormRows';
import type { RunConfig } from '../../src/workflows/runConfig';

const context: RunFormContext = { isPortFree: () => Promise.resolve(true), hasEntrypoint: true, defaultCommand: 'greet' };

function config(partial: Partial<RunConfig> = {}): RunConfig {
  return { image: 'demo:latest', name: '', args: [], env: {}, ports: [], volumes: [], autoRemove: true, user: '', ...partial };
}

const rows = (items: FormItem[]) => items.flatMap((i) => (i.kind === 'row' ? [i] : []));
const headings = (items: FormItem[]) => items.flatMap((i) => (i.kind === 'separator' ? [i.label] : []));

describe('formItems', () => {
  it('Run first, saying what to fix or that all is ready; Copy last', () => {
    const ready = formItems(config(), context, []);
    assert.deepEqual(ready[0], {
      kind: 'row',
      label: '$(play) Run',
      description: 'demo:latest',
      detail: 'Everything is ready.',
      row: { kind: 'run' },
    });
    assert.equal(rows(formItems(config(), context, ['a', 'b']))[0].detail, 'Fix first: a · b');
    assert.deepEqual(ready.at(-1), { kind: 'row', label: '$(copy) Copy as docker run command', row: { kind: 'copy' } });
  });

  it('the groups in order, each with its add row', () => {
    const items = formItems(config(), context, []);
    assert.deepEqual(headings(items), ['Ports', 'Volumes', 'Command', 'Options', '']);
    assert.deepEqual(
      rows(items).map((r) => r.row.kind),
      ['run', 'addPort', 'addVolume', 'args', 'addEnv', 'name', 'autoRemove', 'copy'],
    );
  });

  it('ports, volumes and variables each have a row that can be removed; the others cannot', () => {
    const items = formItems(
      config({
        ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }],
        volumes: [{ containerPath: '/data', hostPath: '/home/me/data', readOnly: true }],
        env: { GREETING: 'hi' },
      }),
      context,
      [],
    );
    const removable = rows(items).filter((r) => r.removable);
    assert.deepEqual(
      removable.map((r) => r.row),
      [
        { kind: 'port', index: 0 },
        { kind: 'volume', index: 0 },
        { kind: 'env', key: 'GREETING' },
      ],
    );
    assert.equal(removable[0].label, '$(plug) 80/tcp → localhost:8080');
    assert.equal(removable[1].description, 'read-only');
  });

  it('"Run as" is offered only where the person has a uid:gid to run as', () => {
    assert.ok(!rows(formItems(config(), context, [])).some((r) => r.row.kind === 'user'));
    const offered = rows(formItems(config({ user: '1000:1000' }), { ...context, personUser: '1000:1000' }, [])).find(
      (r) => r.row.kind === 'user',
    );
    assert.equal(offered?.label, '$(person) Run as: 1000:1000 (you)');
  });

  it('the arguments row says whether they go to the entrypoint or replace the command', () => {
    const args = (ctx: RunFormContext) => rows(formItems(config({ args: ['hello world'] }), ctx, [])).find((r) => r.row.kind === 'args');
    assert.equal(args(context)?.description, 'passed to the entrypoint greet');
    assert.equal(args({ ...context, hasEntrypoint: false, defaultCommand: '' })?.description, 'replace the command (none)');
  });
});

describe('withoutRow and toggledRow', () => {
  const full = config({
    ports: [
      { containerPort: 80, protocol: 'tcp', hostPort: 8080 },
      { containerPort: 53, protocol: 'udp', hostPort: 5353 },
    ],
    volumes: [{ containerPath: '/data', hostPath: '/d', readOnly: false }],
    env: { A: '1', B: '2' },
  });

  it('Remove takes that port, volume or variable out of a copy, and leaves the config it was given alone', () => {
    assert.deepEqual(
      withoutRow(full, { kind: 'port', index: 0 }).ports.map((p) => p.containerPort),
      [53],
    );
    assert.deepEqual(withoutRow(full, { kind: 'volume', index: 0 }).volumes, []);
    assert.deepEqual(withoutRow(full, { kind: 'env', key: 'A' }).env, { B: '2' });
    assert.equal(full.ports.length, 2);
    assert.deepEqual(full.env, { A: '1', B: '2' });
    assert.equal(withoutRow(full, { kind: 'name' }), full, 'a row without Remove: nothing changes');
  });

  it('Remove when it exits and Run as flip when picked; other rows are not toggles', () => {
    assert.equal(toggledRow(full, { kind: 'autoRemove' }, {})?.autoRemove, false);
    assert.equal(toggledRow(full, { kind: 'user' }, { personUser: '1000:1000' })?.user, '1000:1000');
    assert.equal(toggledRow(config({ user: '1000:1000' }), { kind: 'user' }, { personUser: '1000:1000' })?.user, '');
    assert.equal(toggledRow(full, { kind: 'args' }, {}), undefined);
    assert.equal(full.autoRemove, true);
  });
});
