import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVertexName } from '../../src/engine/build/vertexName';
import { readDockerfileFacts } from '../../src/workflows/build/dockerfileFacts';
import { locateClassicStep, locateEngineMessage, locateVertex, normalizeImage } from '../../src/workflows/build/stepLocation';
import { recordedBuild } from '../support/buildFixtures';

// The Dockerfile of the recorded "fail" builds: a global ARG, variables, continuations.
const failing = readDockerfileFacts(recordedBuild('buildkit-fail').dockerfile);

describe('parseVertexName', () => {
  it('reads stage, number and command, with or without a stage and a platform', () => {
    assert.deepEqual(parseVertexName('[build 2/5] RUN make'), {
      platform: undefined,
      stage: 'build',
      index: 2,
      total: 5,
      command: 'RUN make',
    });
    assert.deepEqual(parseVertexName('[3/4] RUN echo x'), {
      platform: undefined,
      stage: undefined,
      index: 3,
      total: 4,
      command: 'RUN echo x',
    });
    assert.deepEqual(parseVertexName('[linux/arm64 stage-0  1/12] FROM docker.io/library/debian'), {
      platform: 'linux/arm64',
      stage: 'stage-0',
      index: 1,
      total: 12,
      command: 'FROM docker.io/library/debian',
    });
  });

  it("leaves BuildKit's own steps alone", () => {
    assert.equal(parseVertexName('[internal] load build definition from Dockerfile'), undefined);
    assert.equal(parseVertexName('exporting to image'), undefined);
    assert.equal(parseVertexName('copy /context /'), undefined);
  });
});

describe('locateClassicStep', () => {
  it('takes step N as the Nth instruction, global ARGs counted, over its continuation lines', () => {
    assert.deepEqual(locateClassicStep(failing, 5, 'RUN echo about to fail &&     echo on stderr >&2 &&     exit 3'), {
      firstLine: 7,
      lastLine: 9,
      how: 'instruction',
      stageIndex: 0,
    });
    assert.deepEqual(locateClassicStep(failing, 1, 'ARG BASE=debian:bookworm-slim'), {
      firstLine: 1,
      lastLine: 1,
      how: 'instruction',
      stageIndex: undefined,
    });
  });

  it('falls back to the text when the count does not fit the file', () => {
    assert.deepEqual(locateClassicStep(failing, 9, 'RUN echo never'), { firstLine: 10, lastLine: 10, how: 'instruction', stageIndex: 0 });
    assert.equal(
      locateClassicStep(failing, 7, 'LABEL dev.container-workflows.context=/x'),
      undefined,
      "the LABEL the engine appends is nobody's line",
    );
  });

  it('puts a failing ONBUILD trigger (it runs inside the FROM step) on the FROM line', () => {
    const facts = readDockerfileFacts(recordedBuild('classic-onbuild').dockerfile);
    assert.deepEqual(locateClassicStep(facts, 1, 'FROM cw-bkx:onbuild'), { firstLine: 1, lastLine: 1, how: 'instruction', stageIndex: 0 });
  });
});

describe('locateVertex', () => {
  it('finds a step by its text, with build arguments already expanded by BuildKit', () => {
    assert.deepEqual(locateVertex(failing, '[2/4] RUN echo "hello world"  && echo line two'), {
      firstLine: 5,
      lastLine: 6,
      how: 'instruction',
      stageIndex: 0,
    });
    assert.deepEqual(locateVertex(failing, '[3/4] RUN echo about to fail &&     echo on stderr >&2 &&     exit 3'), {
      firstLine: 7,
      lastLine: 9,
      how: 'instruction',
      stageIndex: 0,
    });
  });

  it('looks in the named stage (case-insensitive) and in an unnamed one by its number', () => {
    const facts = readDockerfileFacts(
      ['FROM debian:bookworm-slim', 'RUN echo same', 'FROM debian:bookworm-slim AS Final', 'WORKDIR /app', 'RUN echo same'].join('\n'),
    );
    assert.equal(locateVertex(facts, '[final 3/3] RUN echo same')?.firstLine, 5);
    assert.equal(locateVertex(facts, '[stage-0 2/2] RUN echo same')?.firstLine, 2);
    assert.equal(locateVertex(facts, '[final 2/3] WORKDIR /app')?.firstLine, 4);
    assert.equal(locateVertex(facts, '[nosuchstage 1/1] RUN echo same'), undefined);
  });

  it('tells identical lines in one stage apart by the step number', () => {
    const facts = readDockerfileFacts(['FROM debian:bookworm-slim', 'RUN echo again', 'ENV X=1', 'RUN echo again'].join('\n'));
    assert.equal(locateVertex(facts, '[2/3] RUN echo again')?.firstLine, 2);
    assert.equal(locateVertex(facts, '[3/3] RUN echo again')?.firstLine, 4, 'ENV makes no step, so it is not counted');
  });

  it("puts a FROM step, and a step nobody wrote here (an ONBUILD trigger), on the stage's FROM line", () => {
    const onbuild = readDockerfileFacts(recordedBuild('buildkit-onbuild').dockerfile);
    assert.deepEqual(locateVertex(onbuild, '[2/2] RUN echo trigger && exit 4'), { firstLine: 1, lastLine: 1, how: 'from', stageIndex: 0 });
    assert.deepEqual(locateVertex(onbuild, '[3/2] RUN echo after'), { firstLine: 2, lastLine: 2, how: 'instruction', stageIndex: 0 });
    assert.deepEqual(locateVertex(failing, '[1/4] FROM docker.io/library/debian:bookworm-slim'), {
      firstLine: 2,
      lastLine: 2,
      how: 'from',
      stageIndex: 0,
    });
  });

  it('puts a base image that cannot be resolved on the FROM lines that name it, ARGs resolved', () => {
    assert.deepEqual(locateVertex(failing, '[internal] load metadata for docker.io/library/debian:bookworm-slim'), {
      firstLine: 2,
      lastLine: 2,
      how: 'from',
      stageIndex: 0,
    });
    const facts = readDockerfileFacts(['FROM python:3.11-slim AS a', 'FROM localhost:5000/team/app'].join('\n'));
    assert.equal(locateVertex(facts, '[internal] load metadata for localhost:5000/team/app:latest')?.firstLine, 2);
    assert.equal(locateVertex(facts, '[internal] load metadata for docker.io/library/other:1'), undefined);
  });

  it('matches a variable that expands to nothing', () => {
    const facts = readDockerfileFacts(['FROM debian:bookworm-slim', 'ARG FLAGS', 'RUN make $FLAGS all'].join('\n'));
    assert.equal(locateVertex(facts, '[2/2] RUN make  all')?.firstLine, 3);
  });
});

describe('locateEngineMessage', () => {
  it("reads the line from both builders' parse errors and from newer engines' wording", () => {
    assert.deepEqual(
      locateEngineMessage(
        'failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: RUNN',
      ),
      { firstLine: 3, lastLine: 3, how: 'parse' },
    );
    assert.equal(locateEngineMessage('dockerfile parse error on line 12: unknown instruction: X')?.firstLine, 12);
    assert.equal(locateEngineMessage('failed to solve: process did not complete (Dockerfile:7)')?.firstLine, 7);
    assert.equal(locateEngineMessage('executor failed running [/bin/sh -c exit 3]: exit code: 3'), undefined);
  });
});

describe('normalizeImage', () => {
  it('names Docker Hub images the way BuildKit prints them', () => {
    assert.equal(normalizeImage('debian'), 'docker.io/library/debian:latest');
    assert.equal(normalizeImage('python:3.11-slim'), 'docker.io/library/python:3.11-slim');
    assert.equal(normalizeImage('team/app:1'), 'docker.io/team/app:1');
    assert.equal(normalizeImage('ghcr.io/o/app@sha256:ab'), 'ghcr.io/o/app@sha256:ab');
    assert.equal(normalizeImage('localhost:5000/app'), 'localhost:5000/app:latest');
  });
});
