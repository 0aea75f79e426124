import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FormItem, type RunFormContext, aliasesToOffer, formItems, toggledRow, withoutRow } from '../../src/pickers/runFormRows';
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

describe('the Network row', () => {
  it('is there when the form can list networks, and names the network and its aliases', () => {
    const withNetworks = { ...context, networkNames: () => Promise.resolve(['app-net']) };
    assert.ok(!rows(formItems(config(), context, [])).some((r) => r.row.kind === 'network'));
    const plain = rows(formItems(config(), withNetworks, [])).find((r) => r.row.kind === 'network');
    assert.equal(plain?.label, '$(type-hierarchy) Network: the default bridge');
    const chosen = rows(formItems(config({ network: 'app-net', networkAliases: ['web'] }), withNetworks, [])).find(
      (r) => r.row.kind === 'network',
    );
    assert.equal(chosen?.label, '$(type-hierarchy) Network: app-net');
    assert.equal(chosen?.description, 'also reached as web');
  });

  it("after a run with an alias, the row names the last run's alias as an offer, not as given", () => {
    const lastRun = { network: 'app-net', networkAliases: ['web'] };
    const withLast = { ...context, networkNames: () => Promise.resolve(['app-net']), lastRun };
    const offered = rows(formItems(config({ network: 'app-net' }), withLast, [])).find((r) => r.row.kind === 'network');
    assert.equal(offered?.label, '$(type-hierarchy) Network: app-net');
    assert.equal(offered?.description, "the last run's alias web: pick this row to give it again");
    const elsewhere = rows(formItems(config({ network: 'other-net' }), withLast, [])).find((r) => r.row.kind === 'network');
    assert.equal(elsewhere?.description, undefined);
    const given = rows(formItems(config({ network: 'app-net', networkAliases: ['api'] }), withLast, [])).find(
      (r) => r.row.kind === 'network',
    );
    assert.equal(given?.description, 'also reached as api');
  });

  it('shows a named volume as one', () => {
    const row = rows(
      formItems(config({ volumes: [{ containerPath: '/data', hostPath: 'shared', readOnly: false, kind: 'volume' }] }), context, []),
    ).find((r) => r.row.kind === 'volume');
    assert.equal(row?.label, '$(database) /data ← shared');
    assert.match(row?.description ?? '', /^named volume · read-write/);
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

describe('aliasesToOffer', () => {
  const lastRun = { network: 'app-net', networkAliases: ['web', 'www'] };

  it("offers the form's own aliases on the same network first", () => {
    assert.deepEqual(aliasesToOffer(config({ network: 'app-net', networkAliases: ['api'] }), 'app-net', lastRun), ['api']);
  });

  it("offers the last run's aliases when the network picked is the last run's", () => {
    assert.deepEqual(aliasesToOffer(config({ network: 'app-net' }), 'app-net', lastRun), ['web', 'www']);
    assert.deepEqual(aliasesToOffer(config(), 'app-net', lastRun), ['web', 'www']);
  });

  it('offers nothing on another network, without a last run, or when the last run had no alias', () => {
    assert.deepEqual(aliasesToOffer(config({ network: 'app-net', networkAliases: ['api'] }), 'other-net', lastRun), []);
    assert.deepEqual(aliasesToOffer(config(), 'app-net'), []);
    assert.deepEqual(aliasesToOffer(config(), 'app-net', { network: 'app-net' }), []);
  });

  it('gives a copy: editing the offer leaves the last run alone', () => {
    const offer = aliasesToOffer(config(), 'app-net', lastRun);
    offer.push('more');
    assert.deepEqual(lastRun.networkAliases, ['web', 'www']);
  });
});
