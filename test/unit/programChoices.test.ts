import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interactiveTerminalName, programChoices, typedProgram } from '../../src/commands/interactive/programChoices';

const python = {
  image: 'python:3.11',
  found: [
    { program: 'python' as const, path: '/usr/local/bin/python' },
    { program: 'bash' as const, path: '/bin/bash' },
    { program: 'sh' as const, path: '/bin/sh' },
  ],
  defaultCommand: ['python3'],
  hasEntrypoint: false,
};

describe('programChoices', () => {
  it("offers the image's command, each program found at its path, then a typed one", () => {
    const choices = programChoices(python);
    assert.deepEqual(
      choices.map((c) => [c.label, c.description]),
      [
        ["The image's command", 'python3'],
        ['python', '/usr/local/bin/python'],
        ['bash', '/bin/bash'],
        ['sh', '/bin/sh'],
        ['Type a command…', 'e.g. python -q, or /bin/ls -la /'],
      ],
    );
    assert.deepEqual(choices[0], { choice: 'pick', label: "The image's command", description: 'python3', pick: { title: 'python3' } });
    assert.deepEqual(choices[1].choice === 'pick' && choices[1].pick, { program: '/usr/local/bin/python', title: 'python' });
  });

  it('offers no image command when the image has none, and only what it has (a shell-less image: just typing)', () => {
    const choices = programChoices({ image: 'scratchy', found: [], defaultCommand: [], hasEntrypoint: false });
    assert.deepEqual(
      choices.map((c) => c.choice),
      ['type'],
    );
  });
});

describe('typedProgram', () => {
  it('splits a typed line as a shell would: the program, then its arguments', () => {
    assert.deepEqual(typedProgram(' python -c "print(1 + 1)" '), { program: 'python', args: ['-c', 'print(1 + 1)'], title: 'python' });
  });

  it('says what is wrong with an empty line or an open quote', () => {
    assert.match((typedProgram('  ') as { error: string }).error, /Type the program to run/);
    assert.ok('error' in typedProgram('python -c "print(1)'));
  });
});

describe('interactiveTerminalName', () => {
  it('names the program and the image', () => {
    assert.equal(interactiveTerminalName('debian:bullseye', { program: '/bin/bash', title: 'bash' }), 'bash in debian:bullseye');
  });
});
