import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuildKitDecoder } from '../../src/engine/build/buildkitDecoder';
import { ImageBuildError, type BuildStreamDecoder } from '../../src/engine/build/buildTypes';
import { ClassicDecoder } from '../../src/engine/build/classicDecoder';
import { formatProblem, problemText, problemsBeforeBuild, problemsForFailure } from '../../src/workflows/build/buildProblems';
import { readDockerfileFacts } from '../../src/workflows/build/dockerfileFacts';
import { decodeAll, recordedBuild } from '../support/buildFixtures';

/** A recorded failing build, decoded, as the build runner would throw it. */
function failureOf(name: string, decoder: BuildStreamDecoder, builder: 'buildkit' | 'classic') {
  const recorded = recordedBuild(name);
  decodeAll(decoder, recorded.messages);
  assert.ok(decoder.error, `${name} is a failing build`);
  return { facts: readDockerfileFacts(recorded.dockerfile), error: new ImageBuildError(decoder.error, builder, decoder.failedStep()) };
}

describe('problemsForFailure', () => {
  it("puts a failing RUN on its lines for both builders, with the engine's error and the step's last output", () => {
    for (const [name, decoder, builder] of [
      ['buildkit-fail', new BuildKitDecoder(), 'buildkit'],
      ['classic-fail', new ClassicDecoder(), 'classic'],
    ] as const) {
      const { facts, error } = failureOf(name, decoder, builder);
      const [problem, ...more] = problemsForFailure(error, facts, '/w/Dockerfile');
      assert.equal(more.length, 0);
      assert.deepEqual(
        { first: problem.firstLine, last: problem.lastLine, how: problem.how, file: problem.file },
        { first: 7, last: 9, how: 'instruction', file: '/w/Dockerfile' },
        name,
      );
      assert.match(problem.message, /exit 3|code: 3/, name);
      assert.deepEqual([...problem.outputTail].sort(), ['about to fail', 'on stderr'], name);
    }
  });

  it('finds a failing step in a named stage after an unnamed one BuildKit calls stage-0 (recorded)', () => {
    const { facts, error } = failureOf('buildkit-unnamed-stage', new BuildKitDecoder(), 'buildkit');
    assert.equal(error.failedStep?.step.name, '[app 3/3] RUN false');
    assert.deepEqual(
      problemsForFailure(error, facts, 'Dockerfile').map((p) => [p.firstLine, p.how]),
      [[5, 'instruction']],
    );
  });

  it("puts a base image's failing ONBUILD trigger on the FROM line, for both builders", () => {
    for (const [name, decoder, builder] of [
      ['buildkit-onbuild', new BuildKitDecoder(), 'buildkit'],
      ['classic-onbuild', new ClassicDecoder(), 'classic'],
    ] as const) {
      const { facts, error } = failureOf(name, decoder, builder);
      const [problem] = problemsForFailure(error, facts, 'Dockerfile');
      assert.equal(problem.firstLine, 1, name);
      assert.deepEqual(problem.outputTail.slice(-1), ['trigger'], name);
    }
  });

  it('takes the line from a parse error, and keeps the message on one line', () => {
    const facts = readDockerfileFacts('FROM debian:bookworm-slim\nRUN echo ok\nRUNN echo bad\n');
    const [problem] = problemsForFailure(
      new ImageBuildError(
        'failed to solve with frontend dockerfile.v0:\nfailed to create LLB definition: dockerfile parse error line 3: unknown instruction: RUNN',
        'buildkit',
      ),
      facts,
      'Dockerfile',
    );
    assert.deepEqual(
      { first: problem.firstLine, how: problem.how, outputTail: problem.outputTail },
      { first: 3, how: 'parse', outputTail: [] },
    );
    assert.equal(
      problem.message,
      'failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: RUNN',
    );
  });

  it('falls back to what the file itself gets wrong, then to the first FROM, never to no line', () => {
    const withTypo = readDockerfileFacts('FROM debian:bookworm-slim\nRUNN x\n');
    assert.equal(problemsForFailure(new ImageBuildError('unknown instruction: RUNN', 'classic'), withTypo, 'D')[0].firstLine, 2);
    const fine = readDockerfileFacts('# a comment\nFROM debian:bookworm-slim\n');
    assert.deepEqual(
      problemsForFailure(new ImageBuildError('no space left on device', 'buildkit'), fine, 'D').map((p) => [p.firstLine, p.how]),
      [[2, 'file']],
    );
    assert.equal(problemsForFailure(new ImageBuildError('x', 'buildkit'), readDockerfileFacts(''), 'D')[0].firstLine, 1);
  });
});

describe('problemsBeforeBuild', () => {
  it('refuses a target the file has no stage for, naming the stages it has', () => {
    const facts = readDockerfileFacts('FROM debian:bookworm-slim AS base\nFROM base AS Test\n');
    assert.deepEqual(problemsBeforeBuild(facts, 'D', { target: 'test' }), [], 'stage names are not case-sensitive');
    const [problem] = problemsBeforeBuild(facts, 'D', { target: 'prod' });
    assert.equal(problem.message, 'there is no stage named "prod"; the named stages are base, Test');
    assert.equal(problem.firstLine, 1);
  });
});

describe('formatProblem', () => {
  it("writes the problem matcher's <file>:<line>: <message>, then the output indented", () => {
    assert.deepEqual(
      formatProblem({
        file: 'app/Dockerfile',
        firstLine: 7,
        lastLine: 9,
        message: 'exit code: 3',
        outputTail: ['a', 'b'],
        how: 'instruction',
      }),
      ['app/Dockerfile:7: exit code: 3', '    a', '    b'],
    );
  });
});

describe('problemText', () => {
  it("is the engine's error with the step's name, then the step's last lines indented", () => {
    const problem = {
      file: '/w/Dockerfile',
      firstLine: 3,
      lastLine: 3,
      how: 'instruction' as const,
      message: 'exit code: 3',
      stepName: '[2/2] RUN exit 3',
      outputTail: ['oops'],
    };
    assert.equal(problemText(problem), 'exit code: 3 ([2/2] RUN exit 3)\n  oops');
    assert.equal(problemText({ ...problem, stepName: undefined, outputTail: [] }), 'exit code: 3');
  });
});
