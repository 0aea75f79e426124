import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClassicDecoder } from '../../src/engine/build/classicDecoder';
import type { BuildEvent } from '../../src/engine/build/buildTypes';
import { decodeAll, outputText, recordedBuild } from '../support/buildFixtures';

const kinds = (events: BuildEvent[], kind: BuildEvent['kind']) => events.filter((e) => e.kind === kind);

describe('ClassicDecoder', () => {
  it('reads "Step N/M : …" as steps even when the newline comes in the next message (recorded)', () => {
    const events = decodeAll(new ClassicDecoder(), recordedBuild('classic-fail').messages);
    assert.deepEqual(
      kinds(events, 'step').map((e) => (e.kind === 'step' ? `${e.step}/${e.total} ${e.instruction}` : '')),
      [
        '1/6 ARG BASE=debian:bookworm-slim',
        '2/6 FROM ${BASE}',
        '3/6 ARG WHO=world',
        '4/6 RUN echo "hello $WHO"  && echo line two',
        '5/6 RUN echo about to fail &&     echo on stderr >&2 &&     exit 3',
      ],
    );
  });

  it("gives each step's own output to it, stderr told apart by the builder's red, without the colour codes", () => {
    const events = decodeAll(new ClassicDecoder(), recordedBuild('classic-fail').messages);
    const logs = kinds(events, 'stepLog').map((e) => (e.kind === 'stepLog' ? [e.stepId, e.text, e.stream] : []));
    assert.deepEqual(logs, [
      ['step-4', 'hello world\n', 'stdout'],
      ['step-4', 'line two\n', 'stdout'],
      ['step-5', 'about to fail\n', 'stdout'],
      ['step-5', 'on stderr\n', 'stderr'],
    ]);
    assert.ok(!outputText(events).includes('\x1b'));
  });

  it("marks the failing step with the engine's error and keeps its last lines", () => {
    const decoder = new ClassicDecoder();
    decodeAll(decoder, recordedBuild('classic-fail').messages);
    const failed = decoder.failedStep();
    assert.ok(failed);
    assert.deepEqual(failed.step.classicStep, { step: 5, total: 6 });
    assert.equal(failed.step.state, 'error');
    assert.equal(
      failed.step.error,
      "The command '/bin/sh -c echo about to fail &&     echo on stderr >&2 &&     exit 3' returned a non-zero code: 3",
    );
    assert.deepEqual(failed.outputTail, ['about to fail', 'on stderr']);
    assert.equal(decoder.imageId, undefined);
    assert.deepEqual(
      decoder.steps.map((s) => s.state),
      ['done', 'done', 'done', 'done', 'error'],
    );
  });

  it("fails the FROM step when a base image's ONBUILD trigger fails (recorded)", () => {
    const decoder = new ClassicDecoder();
    decodeAll(decoder, recordedBuild('classic-onbuild').messages);
    assert.equal(decoder.failedStep()?.step.name, 'FROM cw-bkx:onbuild');
    assert.deepEqual(decoder.failedStep()?.outputTail, ['# Executing 1 build trigger', 'trigger']);
  });

  it('knows the intermediate container of the step under way, until the builder removes it', () => {
    const decoder = new ClassicDecoder();
    decoder.accept({ stream: 'Step 2/2 : RUN sleep 100\n' });
    decoder.accept({ stream: ' ---> Running in 0123456789ab\n' });
    assert.equal(decoder.runningContainer, '0123456789ab');
    decoder.accept({ stream: 'Removing intermediate container 0123456789ab\n' });
    assert.equal(decoder.runningContainer, undefined);
  });

  it('says "cached" for a step the builder took from its cache, and reads the image id', () => {
    const decoder = new ClassicDecoder();
    const events = [
      ...decoder.accept({ stream: 'Step 1/2 : FROM debian\n' }),
      ...decoder.accept({ stream: ' ---> f3301031f3b8\n' }),
      ...decoder.accept({ stream: 'Step 2/2 : RUN make\n' }),
      ...decoder.accept({ stream: ' ---> Using cache\n ---> 4e1f\n' }),
      ...decoder.accept({ aux: { ID: 'sha256:' + 'ab'.repeat(32) } }),
      ...decoder.accept({ stream: 'Successfully built abababababab\nSuccessfully tagged t:1\n' }),
      ...decoder.end(),
    ];
    assert.deepEqual(
      kinds(events, 'stepState').map((e) => (e.kind === 'stepState' ? `${e.step.id} ${e.step.state}` : '')),
      ['step-1 running', 'step-1 done', 'step-2 running', 'step-2 cached'],
    );
    assert.equal(decoder.imageId, 'sha256:' + 'ab'.repeat(32));
    assert.equal(kinds(events, 'stepLog').length, 0, "the builder's own lines are not the step's output");
  });

  it("reads Podman's STEP wording and shows pull progress as output", () => {
    const decoder = new ClassicDecoder();
    const events = [
      ...decoder.accept({ stream: 'STEP 1/3: FROM debian\n' }),
      ...decoder.accept({ status: 'Downloading', id: 'abc', progress: '[==>  ]' }),
    ];
    assert.deepEqual(events[1], { kind: 'step', step: 1, total: 3, instruction: 'FROM debian' });
    assert.deepEqual(events[events.length - 1], { kind: 'output', text: 'abc: Downloading [==>  ]\n' });
  });
});
