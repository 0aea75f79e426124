/**
 * BuildKit and the classic builder on the real engine, through src/engine/build: cache
 * mounts, targets, build arguments, the fallback, cancelling, and failing steps on their
 * Dockerfile lines. Base images are the two the rig has locally; BuildKit must find them
 * without a registry.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { ImageBuildError } from '../../src/engine/build/buildTypes';
import { buildImage } from '../../src/engine/build/imageBuild';
import { CancelledError } from '../../src/engine/errors';
import { BuildProblemsError, buildDockerfile } from '../../src/workflows/build/buildDockerfile';
import {
  buildRoot,
  containersRunning,
  contextWith,
  dockerClient,
  finalStates,
  logsOf,
  outputOf,
  pruneCacheMounts,
  recordBuild,
  removeImages,
  tagFor,
  type RecordedRun,
} from '../support/buildEngine';
import { eventually, processesWith } from '../support/hostProcesses';
import { realEngine, runToCompletion, testLabels, testRunId } from '../support/realEngine';
import { RefusingEngineProxy } from '../support/refusingEngineProxy';
import { engineSocketPath } from '../support/socketProxy';

const tags: string[] = [];
const tag = (name: string) => {
  const t = tagFor(name);
  tags.push(t);
  return t;
};
/** Unique per run, in the cache mount's path, so that its cleanup finds only ours. */
const cacheTarget = `/cache-${testRunId}`;

describe('image builds on the real engine (src/engine/build)', { timeout: 300_000 }, () => {
  before(async () => {
    await realEngine();
  });

  after(async () => {
    await removeImages(tags);
    await pruneCacheMounts(cacheTarget);
    fs.rmSync(buildRoot, { recursive: true, force: true });
  });

  it('reuses a RUN --mount=type=cache between builds, and says "cached" for an unchanged step', async () => {
    const context = contextWith(
      [
        'FROM debian:bookworm-slim',
        'ARG TOKEN',
        `RUN --mount=type=cache,target=${cacheTarget} echo "previous: $(cat ${cacheTarget}/token 2>/dev/null || echo none)" && echo "$TOKEN" > ${cacheTarget}/token`,
      ].join('\n'),
    );
    const t = tag('cache');
    const first = await recordBuild({ contextDir: context, tag: t, buildArgs: { TOKEN: 'first' } });
    assert.equal(first.error, undefined, outputOf(first));
    assert.equal(first.result?.builder, 'buildkit');
    assert.match(logsOf(first), /previous: none/);

    // A new TOKEN makes the step run again; the cache mount still holds what the first build wrote.
    const second = await recordBuild({ contextDir: context, tag: t, buildArgs: { TOKEN: 'second' } });
    assert.equal(second.error, undefined, outputOf(second));
    assert.match(logsOf(second), /previous: first/);

    const again = await recordBuild({ contextDir: context, tag: t, buildArgs: { TOKEN: 'second' } });
    assert.equal(again.error, undefined, outputOf(again));
    // "[2/2] RUN …" or "[stage-0 2/2] RUN …": BuildKit's prefix for a one-stage file varies.
    const runStep = [...finalStates(again).entries()].find(
      ([name]) => / 2\/2\] RUN --mount=type=cache/.test(name) || name.startsWith('[2/2] RUN --mount=type=cache'),
    );
    assert.deepEqual(runStep?.[1], 'cached', outputOf(again));
    assert.equal(logsOf(again), '', 'a cached step prints nothing');
    assert.match(outputOf(again), /#\d+ CACHED/);
  });

  it('builds only what --target needs, so a later stage that would fail is skipped, with local base images only', async () => {
    const context = contextWith(
      ['FROM debian:bookworm-slim AS good', 'RUN echo good > /good', 'FROM good AS broken', 'RUN echo "this stage fails" && exit 7'].join(
        '\n',
      ),
    );
    const whole = await recordBuild({ contextDir: context, tag: tag('target-whole') });
    assert.ok(whole.error instanceof ImageBuildError, `without a target the failing stage is built:\n${outputOf(whole)}`);
    assert.match(whole.error.reason, /exit code: 7/);

    const targeted = await recordBuild({ contextDir: context, tag: tag('target-good'), target: 'good' });
    assert.equal(targeted.error, undefined, outputOf(targeted));
    const names = [...finalStates(targeted).keys()];
    assert.ok(!names.some((n) => n.startsWith('[broken')), `no step of the skipped stage:\n${outputOf(targeted)}`);
    // No registry answers here, so a build that resolved its base image found it locally.
    assert.notEqual(
      finalStates(targeted).get('[internal] load metadata for docker.io/library/debian:bookworm-slim'),
      'error',
      outputOf(targeted),
    );
    // "Step N of M": M may grow while BuildKit reveals its plan; it ends at the target's two steps.
    const steps = targeted.events.flatMap((e) => (e.kind === 'step' ? [e] : []));
    assert.deepEqual(
      steps.map((e) => e.step),
      [1, 2],
      outputOf(targeted),
    );
    assert.equal(steps[steps.length - 1].total, 2, outputOf(targeted));
    const ran = await runToCompletion(await realEngine(), { image: targeted.result!.imageId, args: ['cat', '/good'] });
    assert.equal(ran.stdout.trim(), 'good');
  });

  it('builds a target stage with a build argument through ContainerEngine.build, reuses its cache, and no-cache runs the step again', async () => {
    const marker = `cw-options-${testRunId}`;
    const context = contextWith(
      [
        'FROM debian:bookworm-slim AS base',
        'ARG GREETING=default',
        `RUN echo "$GREETING ${marker}" > /greeting`,
        'FROM base AS broken',
        'RUN exit 7',
        'FROM base',
      ].join('\n'),
    );
    const request = { contextDir: context, tag: tag('options'), target: 'base', buildArgs: { GREETING: 'chosen' } };
    const runStepState = (run: RecordedRun) => [...finalStates(run)].find(([name]) => name.includes(marker))?.[1];
    const first = await recordBuild(request);
    assert.equal(first.error, undefined, outputOf(first));
    assert.equal(first.result?.builder, 'buildkit');
    assert.ok(![...finalStates(first).keys()].some((n) => n.startsWith('[broken')), outputOf(first));
    const ran = await runToCompletion(await realEngine(), { image: tag('options'), args: ['cat', '/greeting'] });
    assert.equal(ran.stdout.trim(), `chosen ${marker}`);

    const again = await recordBuild(request);
    assert.equal(runStepState(again), 'cached', outputOf(again));
    const fresh = await recordBuild({ ...request, noCache: true });
    assert.equal(fresh.error, undefined, outputOf(fresh));
    assert.equal(runStepState(fresh), 'done', outputOf(fresh));
  });

  it('passes build arguments into the image, with both builders', async () => {
    const context = contextWith(
      ['FROM python:3.11-slim', 'ARG GREETING="from the default"', 'LABEL greeting=$GREETING', 'ENV GREETING=$GREETING'].join('\n'),
    );
    for (const builder of ['buildkit', 'classic'] as const) {
      const value = `hello from ${builder} ${testRunId}`;
      const run = await recordBuild({ contextDir: context, tag: tag(`args-${builder}`), buildArgs: { GREETING: value }, builder });
      assert.equal(run.error, undefined, outputOf(run));
      assert.equal(run.result?.builder, builder);
      const image = await (await realEngine()).inspectImage(run.result.imageId);
      assert.equal(image?.labels.greeting, value);
      assert.equal(image?.env.GREETING, value);
    }
  });

  it('builds with the classic builder when asked, and says so', async () => {
    const mountContext = contextWith(['FROM debian:bookworm-slim', 'RUN --mount=type=cache,target=/c true'].join('\n'));
    const refused = await recordBuild({ contextDir: mountContext, tag: tag('classic-mount'), builder: 'classic' });
    assert.ok(refused.error instanceof ImageBuildError);
    assert.match(refused.error.reason, /requires BuildKit/, 'the classic builder really ran: it cannot read --mount');

    const plain = await recordBuild({
      contextDir: contextWith('FROM debian:bookworm-slim\nRUN echo classic-ran\n'),
      tag: tag('classic'),
      builder: 'classic',
      noCache: true,
    });
    assert.equal(plain.error, undefined, outputOf(plain));
    assert.equal(plain.result?.builder, 'classic');
    assert.deepEqual(plain.events[0], { kind: 'builder', builder: 'classic', reason: 'the classic builder was asked for' });
    assert.match(
      outputOf(plain),
      /^Building with the classic builder: the classic builder was asked for\.\nStep 1\/\d+ : FROM debian:bookworm-slim/,
    );
    assert.match(logsOf(plain), /classic-ran/);
  });

  it('falls back to the classic builder on an engine that refuses BuildKit sessions', async () => {
    const proxy = new RefusingEngineProxy(
      path.join(buildRoot, 'no-session.sock'),
      engineSocketPath(),
      (method, url) => method === 'POST' && url.startsWith('/session'),
    );
    await proxy.start();
    try {
      const docker = new Docker({ socketPath: proxy.socketPath });
      const events: string[] = [];
      const result = await buildImage(
        docker,
        {
          contextDir: contextWith('FROM debian:bookworm-slim\nRUN echo through-the-proxy\n'),
          dockerfile: 'Dockerfile',
          tag: tag('fallback'),
          labels: testLabels,
        },
        (e) => {
          if (e.kind === 'builder') events.push(`${e.builder}: ${e.reason}`);
        },
      );
      assert.equal(result.builder, 'classic');
      assert.deepEqual(events, ['classic: the engine refused a BuildKit session (page not found)']);
      assert.deepEqual(proxy.refused, ['POST /session']);
      await assert.rejects(
        buildImage(
          docker,
          { contextDir: contextWith('FROM debian:bookworm-slim\n'), dockerfile: 'Dockerfile', tag: '', builder: 'buildkit' },
          () => undefined,
        ),
        /BuildKit was asked for, but the engine refused a BuildKit session \(page not found\): build with the classic builder instead\./,
      );
    } finally {
      await proxy.stop();
    }
  });

  for (const builder of ['buildkit', 'classic'] as const) {
    it(`cancelling a ${builder} build stops its step and leaves no build container or process`, async () => {
      const marker = `cw-cancel-${builder}-${testRunId}`;
      const context = contextWith(`FROM debian:bookworm-slim\nRUN echo started-${marker} && sleep 600\n`);
      const controller = new AbortController();
      let sawRunning: { processes: number; containers: string[] } | undefined;
      const run = await recordBuild(
        { contextDir: context, tag: tag(`cancel-${builder}`), builder, noCache: true },
        controller.signal,
        (e) => {
          if (e.kind === 'stepLog' && e.text.includes(`started-${marker}`) && !sawRunning) {
            void (async () => {
              await eventually(() => processesWith(marker).length > 0, 10_000);
              sawRunning = { processes: processesWith(marker).length, containers: await containersRunning(marker) };
              controller.abort();
            })();
          }
        },
      );
      assert.ok(run.error instanceof CancelledError, `cancelled, not ${String(run.error)}:\n${outputOf(run)}`);
      assert.ok(sawRunning && sawRunning.processes > 0, 'the step was running on this machine when it was cancelled');
      if (builder === 'classic') assert.equal(sawRunning.containers.length, 1, 'the classic builder runs the step in a container');
      else assert.deepEqual(sawRunning.containers, [], 'BuildKit runs the step without an API container');
      assert.ok(
        await eventually(() => processesWith(marker).length === 0),
        `the step's process is gone: ${processesWith(marker).join(', ')}`,
      );
      assert.ok(
        await eventually(async () => (await containersRunning(marker)).length === 0),
        `no build container is left: ${(await containersRunning(marker)).join('; ')}`,
      );
    });
  }

  it('puts a failing RUN on its Dockerfile lines with its output, for both builders', async () => {
    const context = contextWith(
      [
        'ARG BASE=debian:bookworm-slim',
        'FROM ${BASE}',
        '# the next step fails',
        'RUN echo "last words before failing" && \\',
        '    exit 9',
        'RUN echo never',
      ].join('\n'),
    );
    for (const builder of ['buildkit', 'classic'] as const) {
      const engine = await realEngine();
      const failure = await buildDockerfile(
        (r, p, s) => engine.build(r, p, s),
        { contextDir: context, dockerfile: 'Dockerfile', tag: tag(`fail-${builder}`), labels: testLabels, builder, noCache: true },
        () => undefined,
      ).then(
        () => undefined,
        (err: unknown) => err,
      );
      assert.ok(failure instanceof BuildProblemsError, `${builder}: ${String(failure)}`);
      assert.equal(failure.builder, builder);
      const [problem] = failure.problems;
      assert.deepEqual(
        [problem.file, problem.firstLine, problem.lastLine, problem.how],
        [path.join(context, 'Dockerfile'), 4, 5, 'instruction'],
        builder,
      );
      assert.match(problem.message, /9/, builder);
      assert.deepEqual(problem.outputTail, ['last words before failing'], builder);
    }
  });

  it("passes a parse error through with the engine's words and its line", async () => {
    const context = contextWith('FROM debian:bookworm-slim\nRUN echo ok\nRUNN echo typo\n');
    for (const builder of ['buildkit', 'classic'] as const) {
      const { docker } = dockerClient();
      const failure = await buildDockerfile(
        (r, p, s) => buildImage(docker, r, p, s),
        { contextDir: context, dockerfile: 'Dockerfile', tag: tag(`parse-${builder}`), builder },
        () => undefined,
      ).catch((err: unknown) => err);
      assert.ok(failure instanceof BuildProblemsError, `${builder}: ${String(failure)}`);
      assert.equal(failure.problems[0].firstLine, 3, builder);
      assert.match(failure.problems[0].message, /unknown instruction: RUNN/i, builder);
    }
  });
});
