import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  COMPOSE_FILE_GLOB,
  COMPOSE_FILE_NAME_PATTERN,
  DEFAULT_COMPOSE_FILE_NAMES,
  isComposeFileName,
  isComposeFilePath,
} from '../../src/compose/composeFiles';

const yes = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml', 'dev.compose.yaml', 'web.prod.compose.yml'];
const no = [
  'compose.json',
  'Compose.yaml',
  'docker-compose.yml.bak',
  'mycompose.yaml',
  '.compose.yaml',
  'compose.yaml.orig',
  'docker-compose',
  'compose',
  'Dockerfile',
  'docker-compose.override.txt',
];

describe('compose file names', () => {
  it('recognises the names compose looks for and NAME.compose.yaml, nothing near them', () => {
    for (const name of yes) assert.ok(isComposeFileName(name), name);
    for (const name of no) assert.ok(!isComposeFileName(name), name);
    for (const name of DEFAULT_COMPOSE_FILE_NAMES) assert.ok(isComposeFileName(name), name);
    assert.ok(isComposeFilePath('/work/app/compose.yaml'));
    assert.ok(isComposeFilePath('C:\\work\\app\\docker-compose.yml'));
    assert.ok(!isComposeFilePath('/work/compose.yaml/notes.txt'));
  });

  it('the pattern works as a `resourceFilename =~ /…/` clause, as VS Code reads it', () => {
    // VS Code turns the text between the slashes into a RegExp; what package.json will
    // carry is this string, so it must need no escaping beyond its own.
    const clause = `resourceFilename =~ /${COMPOSE_FILE_NAME_PATTERN}/`;
    const source = /=~ \/(.*)\/$/.exec(clause)?.[1] ?? '';
    const regex = new RegExp(source);
    for (const name of yes) assert.ok(regex.test(name), name);
    for (const name of no) assert.ok(!regex.test(name), name);
  });

  it('the glob names the same set', () => {
    const inner = /^\*\*\/\{(.*)\}$/.exec(COMPOSE_FILE_GLOB)?.[1].split(',') ?? [];
    const asRegex = (glob: string) => new RegExp(`^${glob.replace(/\./g, '\\.').replace(/\*/g, '.+')}$`);
    const matchesGlob = (name: string) => inner.some((g) => asRegex(g).test(name));
    for (const name of yes) assert.ok(matchesGlob(name), name);
    for (const name of no) assert.ok(!matchesGlob(name), name);
  });
});
