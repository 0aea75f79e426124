import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argsToSend, describeChoices, seedBuildChoices, toBuildRequest, validateArgValue } from '../../src/workflows/build/buildChoices';
import { readDockerfileFacts } from '../../src/workflows/build/dockerfileFacts';

const facts = readDockerfileFacts(
  [
    'ARG BASE=debian:bookworm-slim',
    'FROM $BASE AS build',
    'ARG GREETING="hello"',
    'ARG TOKEN',
    'RUN echo $GREETING',
    'FROM build AS test',
    'RUN false',
    'FROM build',
  ].join('\n'),
);
const base = { dockerfile: '/w/app/Dockerfile', contextDir: '/w/app', tag: 'app:dev' };

describe('seedBuildChoices', () => {
  it('prefills every ARG that has a default, leaves one without a default unset, and builds the last stage', () => {
    assert.deepEqual(seedBuildChoices(facts, base), {
      ...base,
      target: undefined,
      buildArgs: { BASE: 'debian:bookworm-slim', GREETING: 'hello' },
      noCache: false,
      pull: false,
    });
  });

  it('keeps the remembered choices where the file still has that stage and argument, and drops the ones it has not', () => {
    const remembered = {
      ...base,
      target: 'TEST',
      buildArgs: { GREETING: 'hi', GONE: 'x' },
      noCache: true,
      pull: true,
    };
    const seeded = seedBuildChoices(facts, base, remembered);
    assert.equal(seeded.target, 'TEST', 'stage names compare case-insensitively, as the engines do');
    assert.deepEqual(seeded.buildArgs, { BASE: 'debian:bookworm-slim', GREETING: 'hi' });
    assert.equal(seeded.noCache, true);
    assert.equal(seeded.pull, true);
    assert.equal(seedBuildChoices(facts, base, { ...remembered, target: 'removed' }).target, undefined);
  });
});

describe('toBuildRequest', () => {
  it('sends the Dockerfile relative to the context, the target and options, and only the arguments that differ from their defaults', () => {
    const choices = {
      ...base,
      dockerfile: '/w/app/docker/Dockerfile',
      target: 'test',
      buildArgs: { BASE: 'debian:bookworm-slim', GREETING: 'hi' },
      noCache: true,
      pull: false,
    };
    assert.deepEqual(toBuildRequest(choices, facts, { a: 'b' }), {
      contextDir: '/w/app',
      dockerfile: 'docker/Dockerfile',
      tag: 'app:dev',
      labels: { a: 'b' },
      buildArgs: { GREETING: 'hi' },
      target: 'test',
      noCache: true,
      pull: false,
    });
  });

  it('an argument without a default is sent whenever it is set, even empty', () => {
    assert.deepEqual(argsToSend(facts, { TOKEN: '' }), { TOKEN: '' });
  });
});

describe('describeChoices', () => {
  it('names the stage, the changed arguments and the options', () => {
    assert.equal(
      describeChoices({ target: 'test', buildArgs: { GREETING: 'hi', BASE: 'debian:bookworm-slim' }, noCache: true, pull: true }, facts),
      'stage test, GREETING=hi, no cache, pull',
    );
    assert.equal(describeChoices({ buildArgs: {}, noCache: false, pull: false }), 'the last stage');
  });
});

describe('validateArgValue', () => {
  it('takes any one-line value and refuses a line break', () => {
    assert.equal(validateArgValue('a b = c'), undefined);
    assert.match(validateArgValue('a\nb') ?? '', /one line/);
  });
});
