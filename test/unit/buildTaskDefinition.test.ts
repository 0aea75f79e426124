import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { choicesFromTask, terminalText } from '../../src/tasks/buildTaskDefinition';

describe('choicesFromTask', () => {
  it('takes the context and Dockerfile from the workspace folder, and the Dockerfile from the context by default', () => {
    assert.deepEqual(choicesFromTask({ tag: 'app:dev', context: 'app' }, '/w'), {
      dockerfile: '/w/app/Dockerfile',
      contextDir: '/w/app',
      tag: 'app:dev',
      target: undefined,
      buildArgs: {},
      noCache: false,
      pull: false,
    });
    assert.deepEqual(
      choicesFromTask(
        { tag: 'app:dev', dockerfile: 'docker/Dockerfile.dev', target: 'test', args: { A: '1' }, noCache: true, pull: true },
        '/w',
      ),
      {
        dockerfile: '/w/docker/Dockerfile.dev',
        contextDir: '/w',
        tag: 'app:dev',
        target: 'test',
        buildArgs: { A: '1' },
        noCache: true,
        pull: true,
      },
    );
  });

  it('says what is wrong with a task without a tag, with a bad tag or a non-string argument', () => {
    assert.deepEqual(choicesFromTask({}, '/w'), { problem: 'the task needs a "tag" for the image' });
    assert.ok('problem' in choicesFromTask({ tag: 'Not A Tag' }, '/w'));
    assert.deepEqual(choicesFromTask({ tag: 'a:1', args: { N: 3 as unknown as string } }, '/w'), {
      problem: 'the build argument "N" must be a string',
    });
  });
});

describe('terminalText', () => {
  it('ends lines the way a terminal wants', () => {
    assert.equal(terminalText('a\nb\r\nc'), 'a\r\nb\r\nc');
  });
});
