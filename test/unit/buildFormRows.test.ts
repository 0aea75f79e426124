import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LAST_STAGE, buildFormRows, targetItems, toggled } from '../../src/pickers/buildFormRows';
import { readDockerfileFacts } from '../../src/workflows/build/dockerfileFacts';

const facts = readDockerfileFacts(
  ['FROM debian AS build', 'ARG GREETING=hello', 'ARG TOKEN', 'FROM build AS test', 'FROM build'].join('\n'),
);
const choices = {
  dockerfile: '/w/Dockerfile',
  contextDir: '/w',
  tag: 'app:1',
  buildArgs: { GREETING: 'hello' },
  noCache: false,
  pull: true,
};

describe('buildFormRows', () => {
  it('Build first, then the target, each declared argument with its value, no cache and pull', () => {
    assert.deepEqual(
      buildFormRows(choices, facts).map((r) => [r.kind, r.label, r.description]),
      [
        ['build', '$(play) Build', 'app:1'],
        ['target', 'Target stage', LAST_STAGE],
        ['arg', 'ARG GREETING', '= hello'],
        ['arg', 'ARG TOKEN', '(not set)'],
        ['noCache', 'No cache', 'off'],
        ['pull', 'Pull base images', 'on: ask the registry for newer ones'],
      ],
    );
  });

  it('has no target row for a Dockerfile without named stages', () => {
    const rows = buildFormRows(choices, readDockerfileFacts('FROM debian\nRUN true\n'));
    assert.ok(!rows.some((r) => r.kind === 'target'));
    assert.ok(!rows.some((r) => r.kind === 'arg'));
  });
});

describe('targetItems', () => {
  it('offers the last stage, then each named stage with its FROM line', () => {
    assert.deepEqual(targetItems(facts), [
      { label: LAST_STAGE, target: undefined, description: '' },
      { label: 'build', target: 'build', description: 'line 1: FROM debian' },
      { label: 'test', target: 'test', description: 'line 4: FROM build' },
    ]);
  });
});

describe('toggled', () => {
  it('flips one option and leaves the rest', () => {
    assert.deepEqual(toggled(choices, 'noCache'), { ...choices, noCache: true });
    assert.deepEqual(toggled(choices, 'pull'), { ...choices, pull: false });
  });
});
