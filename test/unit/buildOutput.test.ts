import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuildFailedError, BuildOutcome, parseStreamLine } from '../../src/engine/buildOutput';
import type { BuildEvent } from '../../src/engine/engine';

/** Feeds raw engine lines (as the build stream carries them) and returns every event. */
function feed(outcome: BuildOutcome, lines: string[]): BuildEvent[] {
  return lines.flatMap((line) => outcome.accept(parseStreamLine(line)));
}

const line = (message: unknown) => JSON.stringify(message);

describe('BuildOutcome', () => {
  it('turns "Step n/m : instruction" into step events and keeps the text as output', () => {
    const outcome = new BuildOutcome();
    const events = feed(outcome, [line({ stream: 'Step 1/5 : FROM debian:bookworm-slim\n' }), line({ stream: 'Step 2/5 : RUN x\n' })]);
    assert.deepEqual(events, [
      { kind: 'step', step: 1, total: 5, instruction: 'FROM debian:bookworm-slim' },
      { kind: 'output', text: 'Step 1/5 : FROM debian:bookworm-slim\n' },
      { kind: 'step', step: 2, total: 5, instruction: 'RUN x' },
      { kind: 'output', text: 'Step 2/5 : RUN x\n' },
    ]);
    assert.deepEqual(outcome.step, { step: 2, total: 5, instruction: 'RUN x' });
  });

  it('finds a step line in the middle of a multi-line stream message', () => {
    const outcome = new BuildOutcome();
    const events = outcome.accept({ stream: ' ---> 1c19be482ef2\nStep 3/4 : COPY . /app\n' });
    assert.deepEqual(events[0], { kind: 'step', step: 3, total: 4, instruction: 'COPY . /app' });
    assert.equal(events.length, 2);
  });

  it('takes the image id from aux.ID', () => {
    const outcome = new BuildOutcome();
    feed(outcome, [
      line({ stream: 'Step 1/1 : FROM debian\n' }),
      line({ aux: { ID: 'sha256:' + 'ab'.repeat(32) } }),
      line({ stream: 'Successfully tagged t:latest\n' }),
    ]);
    assert.deepEqual(outcome.finish('t:latest'), { imageId: 'sha256:' + 'ab'.repeat(32), tag: 't:latest' });
  });

  it('takes the image id from "Successfully built abc123" when there is no aux message', () => {
    const outcome = new BuildOutcome();
    feed(outcome, [
      line({ stream: 'Step 1/1 : FROM debian\n' }),
      line({ stream: 'Successfully built abc123\n' }),
      line({ stream: 'Successfully tagged t:latest\n' }),
    ]);
    assert.deepEqual(outcome.finish('t:latest'), { imageId: 'abc123', tag: 't:latest' });
  });

  it('aux.ID wins over a later "Successfully built"', () => {
    const outcome = new BuildOutcome();
    feed(outcome, [line({ aux: { ID: 'sha256:' + 'cd'.repeat(32) } }), line({ stream: 'Successfully built 0123456789ab\n' })]);
    assert.equal(outcome.finish('t').imageId, 'sha256:' + 'cd'.repeat(32));
  });

  it('an errorDetail fails finish() with BuildFailedError naming the step number and instruction', () => {
    const outcome = new BuildOutcome();
    const events = feed(outcome, [
      line({ stream: 'Step 1/4 : FROM debian:bookworm-slim\n' }),
      line({ stream: 'Step 2/4 : LABEL a=b\n' }),
      line({ stream: 'Step 3/4 : RUN exit 3\n' }),
      line({ stream: ' ---> Running in 0a1b2c3d4e5f\n' }),
      line({
        errorDetail: { code: 3, message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3" },
        error: "The command '/bin/sh -c exit 3' returned a non-zero code: 3",
      }),
    ]);
    assert.deepEqual(events.at(-1), { kind: 'error', message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3" });
    assert.throws(
      () => outcome.finish('t'),
      (err: unknown) => {
        assert.ok(err instanceof BuildFailedError);
        assert.equal(err.name, 'BuildFailedError');
        assert.match(err.message, /step 3\/4/);
        assert.match(err.message, /RUN exit 3/);
        assert.match(err.message, /returned a non-zero code: 3/);
        assert.equal(err.reason, "The command '/bin/sh -c exit 3' returned a non-zero code: 3");
        assert.deepEqual(err.step, { step: 3, total: 4, instruction: 'RUN exit 3' });
        return true;
      },
    );
  });

  it('an error fails the build even when a later message looks like success', () => {
    const outcome = new BuildOutcome();
    feed(outcome, [
      line({ stream: 'Step 1/2 : FROM debian\n' }),
      line({ stream: 'Step 2/2 : RUN false\n' }),
      line({ errorDetail: { message: 'first failure' } }),
      line({ errorDetail: { message: 'second failure' } }),
      line({ aux: { ID: 'sha256:' + 'ef'.repeat(32) } }),
      line({ stream: 'Successfully built abcdef123456\n' }),
      line({ stream: 'Successfully tagged t:latest\n' }),
    ]);
    assert.throws(
      () => outcome.finish('t'),
      (err: unknown) =>
        err instanceof BuildFailedError &&
        /first failure/.test(err.message) &&
        !/second failure/.test(err.message) &&
        /step 2\/2 \(RUN false\)/.test(err.message),
    );
  });

  it('an error with only "error" (no errorDetail) also fails the build', () => {
    const outcome = new BuildOutcome();
    const events = outcome.accept({ error: '  pull access denied  ' });
    assert.deepEqual(events, [{ kind: 'error', message: 'pull access denied' }]);
    assert.throws(
      () => outcome.finish('t'),
      (err: unknown) => err instanceof BuildFailedError && err.message === 'Build failed: pull access denied' && err.step === undefined,
    );
  });

  it('a stream that ends without an image id fails', () => {
    const outcome = new BuildOutcome();
    feed(outcome, [line({ stream: 'Step 1/2 : FROM debian\n' }), line({ stream: 'Step 2/2 : RUN true\n' })]);
    assert.throws(
      () => outcome.finish('t'),
      (err: unknown) => err instanceof BuildFailedError && /without reporting an image/.test(err.message) && /step 2\/2/.test(err.message),
    );
    assert.throws(() => new BuildOutcome().finish('t'), BuildFailedError);
  });

  it('"Successfully built" with something that is not an id is not an image id', () => {
    const outcome = new BuildOutcome();
    outcome.accept({ stream: 'Successfully built the thing\n' });
    assert.throws(() => outcome.finish('t'), BuildFailedError);
  });

  it('pull status lines become output, with the layer id and progress', () => {
    const outcome = new BuildOutcome();
    assert.deepEqual(outcome.accept({ status: 'Pulling from library/debian', id: 'bookworm-slim' }), [
      { kind: 'output', text: 'bookworm-slim: Pulling from library/debian\n' },
    ]);
    assert.deepEqual(
      outcome.accept({
        status: 'Downloading',
        id: 'a1b2c3',
        progress: '[=====>    ] 10MB/20MB',
        progressDetail: { current: 10, total: 20 },
      }),
      [{ kind: 'output', text: 'a1b2c3: Downloading [=====>    ] 10MB/20MB\n' }],
    );
    assert.deepEqual(outcome.accept({ status: 'Digest: sha256:0000' }), [{ kind: 'output', text: 'Digest: sha256:0000\n' }]);
  });

  it('messages with nothing to show give no events', () => {
    const outcome = new BuildOutcome();
    assert.deepEqual(outcome.accept(undefined), []);
    assert.deepEqual(outcome.accept({}), []);
    assert.deepEqual(outcome.accept({ aux: { ID: 'sha256:' + '01'.repeat(32) } }), []);
  });
});

describe('parseStreamLine', () => {
  it('parses a JSON line', () => {
    assert.deepEqual(parseStreamLine('{"stream":"Step 1/2 : FROM x\\n"}'), { stream: 'Step 1/2 : FROM x\n' });
    assert.deepEqual(parseStreamLine('  {"aux":{"ID":"sha256:1"}}\r'), { aux: { ID: 'sha256:1' } });
  });

  it('shows a line that is not JSON as plain output', () => {
    assert.deepEqual(parseStreamLine('not json at all'), { stream: 'not json at all\n' });
    assert.deepEqual(parseStreamLine('{"truncated":'), { stream: '{"truncated":\n' });
    const outcome = new BuildOutcome();
    assert.deepEqual(outcome.accept(parseStreamLine('Step 1/1 : FROM x')), [
      { kind: 'step', step: 1, total: 1, instruction: 'FROM x' },
      { kind: 'output', text: 'Step 1/1 : FROM x\n' },
    ]);
  });

  it('a blank line is nothing', () => {
    assert.equal(parseStreamLine(''), undefined);
    assert.equal(parseStreamLine('   \t'), undefined);
  });

  it('knows the step containers the builder has not removed yet (left behind when the engine stops mid-build)', () => {
    const outcome = new BuildOutcome();
    feed(outcome, [
      line({ stream: 'Step 2/4 : RUN make\n' }),
      line({ stream: ' ---> Running in 3f2a1b0c9d8e\n' }),
      line({ stream: 'Removing intermediate container 3f2a1b0c9d8e\n' }),
      line({ stream: ' ---> 1c19be482ef2\n' }),
      line({ stream: 'Step 3/4 : RUN sleep 600\n' }),
      line({ stream: ' ---> Running in 0a1b2c3d4e5f\n' }),
    ]);
    assert.deepEqual(outcome.intermediateContainers, ['0a1b2c3d4e5f']);
    assert.equal(outcome.finished, false, 'no image and no error yet');
    // Newer engines say "Removed".
    feed(outcome, [line({ stream: ' ---> Removed intermediate container 0a1b2c3d4e5f\n' })]);
    assert.deepEqual(outcome.intermediateContainers, []);
    feed(outcome, [line({ aux: { ID: 'sha256:abc' } })]);
    assert.equal(outcome.finished, true);
  });
});
