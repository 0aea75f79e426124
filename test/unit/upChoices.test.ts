import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readComposeFacts } from '../../src/compose/composeFacts';
import {
  describeUpChoice,
  profileItems,
  rememberedUpChoice,
  serviceItems,
  upChoiceFrom,
  upChoiceKey,
  upCommandFor,
} from '../../src/compose/upChoices';

const facts = readComposeFacts(`services:
  web:
    image: nginx:1.27
  db:
    image: postgres:16
  app:
    build: .
    image: shop/app
  debug:
    image: busybox
    profiles: [tools]
  seed:
    build: ./seed
    profiles: [tools, data]
`);

describe('Compose Up choices', () => {
  it('offers each declared profile with the services it adds, none picked at first', () => {
    assert.deepEqual(
      profileItems(facts).map((i) => [i.label, i.description, i.picked]),
      [
        ['data', 'adds seed', false],
        ['tools', 'adds debug, seed', false],
      ],
    );
    assert.deepEqual(profileItems(readComposeFacts('services:\n  a:\n    image: x\n')), [], 'a file without profiles: no profile step');
  });

  it('offers the services the chosen profiles start, all picked, each with its image or build', () => {
    assert.deepEqual(
      serviceItems(facts, []).map((i) => [i.label, i.description, i.picked]),
      [
        ['web', 'nginx:1.27', true],
        ['db', 'postgres:16', true],
        ['app', 'builds shop/app', true],
      ],
    );
    assert.deepEqual(
      serviceItems(facts, ['data']).map((i) => [i.label, i.description]),
      [
        ['web', 'nginx:1.27'],
        ['db', 'postgres:16'],
        ['app', 'builds shop/app'],
        ['seed', 'built from its Dockerfile · profile tools, data'],
      ],
    );
  });

  it('all picked is the whole project (no names); some picked names them in file order; none picked is nothing to do', () => {
    const offered = ['web', 'db', 'app'];
    assert.deepEqual(upChoiceFrom([], offered, ['app', 'db', 'web']), { profiles: [] });
    assert.deepEqual(upChoiceFrom(['tools'], offered, ['app', 'web']), { profiles: ['tools'], services: ['web', 'app'] });
    assert.equal(upChoiceFrom([], offered, []), undefined);
    assert.deepEqual(upCommandFor({ profiles: [] }), { kind: 'up' });
    assert.deepEqual(upCommandFor({ profiles: [], services: ['web'] }), { kind: 'up', services: ['web'] });
  });

  it("last time's choice is picked again, with what the file no longer has dropped", () => {
    const remembered = rememberedUpChoice({ profiles: ['tools', 'gone'], services: ['web', 'debug', 'old'] }, facts);
    assert.deepEqual(remembered, { profiles: ['tools'], services: ['web', 'debug'] });
    assert.deepEqual(
      profileItems(facts, remembered).map((i) => [i.label, i.picked]),
      [
        ['data', false],
        ['tools', true],
      ],
    );
    assert.deepEqual(
      serviceItems(facts, ['tools'], remembered)
        .filter((i) => i.picked)
        .map((i) => i.label),
      ['web', 'debug'],
    );
    assert.deepEqual(rememberedUpChoice({ profiles: [], services: ['old'] }, facts), { profiles: [] }, 'nothing left: all again');
    assert.equal(rememberedUpChoice('junk', facts), undefined);
    assert.equal(rememberedUpChoice(undefined, facts), undefined);
    assert.notEqual(upChoiceKey('/a/compose.yaml'), upChoiceKey('/b/compose.yaml'));
  });

  it('the progress title names the chosen services and profiles', () => {
    assert.equal(describeUpChoice('compose.yaml', { profiles: [] }), 'compose.yaml');
    assert.equal(
      describeUpChoice('compose.yaml', { profiles: ['tools'], services: ['web', 'db'] }),
      'compose.yaml (web, db; profile tools)',
    );
  });
});
