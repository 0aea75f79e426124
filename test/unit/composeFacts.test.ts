import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  locateKey,
  locateListItem,
  matchKeyPath,
  mergeComposeFacts,
  readComposeFacts,
  servicesStarted,
} from '../../src/compose/composeFacts';

const file = `x-defaults: &defaults
  image: debian:bookworm-slim
  profiles: [tools]

services:
  web:
    build: ./web
    ports: ["8080:80"]
    depends_on: [db]
  db:
    image: postgres:16
  debug:
    <<: *defaults
  migrate:
    <<: *defaults
    profiles: [setup, tools]
`;

describe('compose file facts', () => {
  it('services, their profiles (anchors and merge keys resolved), images and builds', () => {
    const facts = readComposeFacts(file);
    assert.deepEqual(facts.errors, []);
    assert.deepEqual(facts.services, [
      { name: 'web', profiles: [], build: true },
      { name: 'db', profiles: [], build: false, image: 'postgres:16' },
      { name: 'debug', profiles: ['tools'], build: false, image: 'debian:bookworm-slim' },
      { name: 'migrate', profiles: ['setup', 'tools'], build: false, image: 'debian:bookworm-slim' },
    ]);
    assert.deepEqual(facts.profiles, ['setup', 'tools']);
  });

  it('which services up starts: those without profiles, plus those of the profiles given', () => {
    const facts = readComposeFacts(file);
    assert.deepEqual(
      servicesStarted(facts, []).map((s) => s.name),
      ['web', 'db'],
    );
    assert.deepEqual(
      servicesStarted(facts, ['setup']).map((s) => s.name),
      ['web', 'db', 'migrate'],
    );
    assert.deepEqual(
      servicesStarted(facts, ['tools']).map((s) => s.name),
      ['web', 'db', 'debug', 'migrate'],
    );
  });

  it('several files merge as compose merges them; later profiles replace earlier ones', () => {
    const base = readComposeFacts('services:\n  web:\n    image: a\n  debug:\n    image: d\n    profiles: [tools]\n');
    const override = readComposeFacts('services:\n  web:\n    build: .\n  debug:\n    profiles: [dev]\n  extra:\n    image: e\n');
    const merged = mergeComposeFacts([base, override]);
    assert.deepEqual(merged.services, [
      { name: 'web', profiles: [], build: true, image: 'a' },
      { name: 'debug', profiles: ['dev'], build: false, image: 'd' },
      { name: 'extra', profiles: [], build: false, image: 'e' },
    ]);
    assert.deepEqual(merged.profiles, ['dev']);
  });

  it('a file that does not parse: its errors with lines, and whatever could be read', () => {
    const facts = readComposeFacts('services:\n  web:\n    image: debian\n   ports:\n      - "80:80"\n');
    assert.equal(facts.errors.length > 0, true);
    assert.equal(facts.errors[0].line, 4);
    assert.doesNotMatch(facts.errors[0].message, /\n/);
    assert.deepEqual(readComposeFacts('').services, []);
    assert.deepEqual(readComposeFacts('services: [a, b]\n').services, [], 'services as a list is not services');
    assert.deepEqual(
      readComposeFacts('services:\n  web:\n  db: null\n').services.map((s) => s.name),
      ['web', 'db'],
    );
  });

  it('an alias bomb is refused, not expanded', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const facts = readComposeFacts(`${bomb}\nservices: {}\n`);
    assert.equal(facts.services.length, 0);
    assert.match(facts.errors.at(-1)?.message ?? '', /alias/i);
  });

  it('locates key paths, list items and the deepest part found', () => {
    assert.deepEqual(locateKey(file, ['services', 'web', 'ports']), { line: 8, column: 5 });
    assert.deepEqual(locateKey(file, ['services', 'web', 'ports', '0']), { line: 8, column: 13 });
    assert.deepEqual(matchKeyPath(file, ['services', 'web', 'portz']), { at: { line: 6, column: 3 }, matched: 2 });
    assert.equal(locateKey(file, ['nothing']), undefined);
    assert.deepEqual(locateListItem(file, ['services', 'web', 'depends_on'], 'db'), { line: 9, column: 18 });
    const long = 'services:\n  web:\n    depends_on:\n      db:\n        condition: service_healthy\n';
    assert.deepEqual(locateListItem(long, ['services', 'web', 'depends_on'], 'db'), { line: 4, column: 7 });
  });
});
