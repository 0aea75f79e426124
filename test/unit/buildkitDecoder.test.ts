import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeStatus, encodeStatus } from '../../src/engine/build/buildkitProto';
import { BuildKitDecoder } from '../../src/engine/build/buildkitDecoder';
import type { BuildEvent, BuildStep } from '../../src/engine/build/buildTypes';
import { decodeAll, outputText, recordedBuild } from '../support/buildFixtures';

const statesOf = (events: BuildEvent[], name: string) =>
  events.flatMap((e) => (e.kind === 'stepState' && e.step.name === name ? [e.step.state] : []));
const stepsOf = (events: BuildEvent[]) => events.flatMap((e) => (e.kind === 'step' ? [`${e.step}/${e.total} ${e.instruction}`] : []));
const trace = (status: Parameters<typeof encodeStatus>[0]) => ({ id: 'moby.buildkit.trace', aux: encodeStatus(status) });
const at = (seconds: number) => ({ seconds, nanos: 0 });

describe('BuildKit status decoding', () => {
  it('decodes a recorded StatusResponse: vertexes with digest, name, inputs, times and errors', () => {
    const failing = recordedBuild('buildkit-fail').messages as { id: string; aux: string }[];
    const vertexes = failing.filter((m) => m.id === 'moby.buildkit.trace').flatMap((m) => decodeStatus(m.aux).vertexes);
    const failed = vertexes.find((v) => v.error !== '');
    assert.ok(failed, 'the recorded stream has a failing vertex');
    assert.match(failed.name, /^\[3\/4\] RUN echo about to fail/);
    assert.match(failed.error, /exit code: 3/);
    assert.ok(failed.started && failed.completed && failed.completed.seconds >= failed.started.seconds);
    assert.equal(failed.inputs.length, 1);
    assert.ok(
      vertexes.some((v) => v.name === '[internal] load remote build context' && v.started === undefined),
      'a vertex not started yet has no start time',
    );
  });

  it('round-trips what it encodes (the fixtures for the cases below)', () => {
    const encoded = encodeStatus({ logs: [{ vertex: 'sha256:a', stream: 2, msg: Buffer.from('oops\n'), timestamp: at(5) }] });
    assert.deepEqual(
      decodeStatus(encoded).logs.map((l) => [l.vertex, l.stream, l.msg.toString()]),
      [['sha256:a', 2, 'oops\n']],
    );
  });
});

describe('BuildKitDecoder', () => {
  it('follows each step through its states and reads the image id (recorded multi-stage build with a cache mount)', () => {
    const decoder = new BuildKitDecoder();
    const events = decodeAll(decoder, recordedBuild('buildkit-cache-first').messages);
    const runCache =
      '[base 2/2] RUN --mount=type=cache,target=/var/cache/cw echo "hello there" > /greeting && ls /var/cache/cw && date > /var/cache/cw/stamp';
    assert.deepEqual(statesOf(events, runCache), ['running', 'done']);
    assert.deepEqual(statesOf(events, '[final 1/1] RUN echo step two && echo to stderr >&2'), ['running', 'done']);
    assert.equal(decoder.imageId, 'sha256:029a6f75460c19a51a02e28e238816d25de89229b7ba286b300115642e96e0cd');
    assert.equal(decoder.error, undefined);
    assert.equal(decoder.failedStep(), undefined);
    const logs = events.flatMap((e) => (e.kind === 'stepLog' ? [[e.text, e.stream]] : []));
    assert.deepEqual(logs, [
      ['step two\n', 'stdout'],
      ['to stderr\n', 'stderr'],
    ]);
  });

  it('says "cached" for every step of a build that changed nothing (recorded second build)', () => {
    const decoder = new BuildKitDecoder();
    const events = decodeAll(decoder, recordedBuild('buildkit-cache-again').messages);
    const finalStates = new Map<string, BuildStep['state']>();
    for (const e of events) if (e.kind === 'stepState') finalStates.set(e.step.name, e.step.state);
    assert.equal(
      finalStates.get(
        '[base 2/2] RUN --mount=type=cache,target=/var/cache/cw echo "hello there" > /greeting && ls /var/cache/cw && date > /var/cache/cw/stamp',
      ),
      'cached',
    );
    assert.equal(finalStates.get('[final 1/1] RUN echo step two && echo to stderr >&2'), 'cached');
    assert.match(outputText(events), /#6 \[final 1\/1\] RUN echo step two && echo to stderr >&2\n#6 CACHED\n/);
  });

  it('counts "step N of M" over the Dockerfile steps BuildKit planned, not its own', () => {
    const events = decodeAll(new BuildKitDecoder(), recordedBuild('buildkit-target').messages);
    assert.deepEqual(stepsOf(events), [
      '1/4 [final 1/4] FROM docker.io/library/debian:bookworm-slim',
      '2/4 [final 2/4] WORKDIR /app',
      '3/4 [final 3/4] COPY Dockerfile /app/',
      '4/4 [final 4/4] RUN echo final',
    ]);
  });

  it("keeps the failing step with its error and its last output lines, and the engine's error", () => {
    const decoder = new BuildKitDecoder();
    const events = decodeAll(decoder, recordedBuild('buildkit-fail').messages);
    const failed = decoder.failedStep();
    assert.ok(failed);
    assert.equal(failed.step.name, '[3/4] RUN echo about to fail &&     echo on stderr >&2 &&     exit 3');
    assert.equal(failed.step.state, 'error');
    assert.match(failed.step.error ?? '', /exit code: 3/);
    assert.deepEqual([...failed.outputTail].sort(), ['about to fail', 'on stderr']);
    assert.match(decoder.error ?? '', /^executor failed running \[\/bin\/sh -c echo about to fail/);
    assert.equal(events.filter((e) => e.kind === 'error').length, 1);
    assert.match(outputText(events), /#6 ERROR: executor failed running/);
  });

  it('puts log chunks cut in the middle of a line back together, per stream, and flushes the rest at the end', () => {
    const decoder = new BuildKitDecoder();
    const v = { digest: 'sha256:v', name: '[1/2] RUN make', started: at(10) };
    const events = [
      ...decoder.accept(
        trace({
          vertexes: [
            { digest: 'sha256:v', name: '[1/2] RUN make' },
            { digest: 'sha256:w', name: '[2/2] RUN test' },
          ],
        }),
      ),
      ...decoder.accept(trace({ vertexes: [v] })),
      ...decoder.accept(trace({ logs: [{ vertex: 'sha256:v', stream: 1, msg: Buffer.from('compil'), timestamp: at(11) }] })),
      ...decoder.accept(trace({ logs: [{ vertex: 'sha256:v', stream: 2, msg: Buffer.from('warn: x\n'), timestamp: at(11) }] })),
      ...decoder.accept(trace({ logs: [{ vertex: 'sha256:v', stream: 1, msg: Buffer.from('ing\nlinking'), timestamp: at(12) }] })),
      ...decoder.end(),
    ];
    assert.equal(outputText(events), ['#1 [1/2] RUN make', '#1 1.000 warn: x', '#1 2.000 compiling', '#1 linking', ''].join('\n'));
    assert.deepEqual(stepsOf(events), ['1/2 [1/2] RUN make']);
  });

  it("shows a step's header again when its output follows another step's, as --progress=plain does", () => {
    const decoder = new BuildKitDecoder();
    const events = [
      ...decoder.accept(
        trace({
          vertexes: [
            { digest: 'a', name: '[a 1/1] RUN one', started: at(1) },
            { digest: 'b', name: '[b 1/1] RUN two', started: at(1) },
          ],
        }),
      ),
      ...decoder.accept(trace({ logs: [{ vertex: 'a', stream: 1, msg: Buffer.from('from a\n'), timestamp: at(2) }] })),
      ...decoder.accept(trace({ vertexes: [{ digest: 'b', name: '[b 1/1] RUN two', started: at(1), completed: at(3) }] })),
    ];
    assert.equal(
      outputText(events),
      [
        '#1 [a 1/1] RUN one',
        '',
        '#2 [b 1/1] RUN two',
        '',
        '#1 [a 1/1] RUN one',
        '#1 1.000 from a',
        '',
        '#2 [b 1/1] RUN two',
        '#2 DONE 2.0s',
        '',
      ].join('\n'),
    );
  });

  it('prints a finished sub-task once, and warnings', () => {
    const decoder = new BuildKitDecoder();
    const done = {
      ID: 'transferring context',
      vertex: 'c',
      name: 'transferring context',
      current: 2350,
      total: 0,
      started: at(1),
      completed: at(2),
    };
    const events = [
      ...decoder.accept(trace({ vertexes: [{ digest: 'c', name: '[internal] load build context', started: at(1) }] })),
      ...decoder.accept(trace({ statuses: [{ ...done, completed: undefined }] })),
      ...decoder.accept(trace({ statuses: [done] })),
      ...decoder.accept(trace({ statuses: [done] })),
      ...decoder.accept(trace({ warnings: [{ vertex: 'c', level: 1, short: Buffer.from('something to know'), detail: [], url: '' }] })),
    ];
    assert.equal(
      outputText(events),
      ['#1 [internal] load build context', '#1 transferring context 2.35kB done', '#1 WARNING: something to know', ''].join('\n'),
    );
  });

  it("passes the engine's plain lines through and ignores messages it does not know", () => {
    const decoder = new BuildKitDecoder();
    assert.deepEqual(decoder.accept({ stream: 'Successfully tagged x:1\n' }), [{ kind: 'output', text: 'Successfully tagged x:1\n' }]);
    assert.deepEqual(decoder.accept({ id: 'something.else', aux: {} }), []);
    assert.deepEqual(decoder.accept(undefined), []);
  });
});
