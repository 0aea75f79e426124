import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredArgs, readDockerfileFacts, targetStages } from '../../src/workflows/build/dockerfileFacts';

const multiStage = [
  '# syntax=docker/dockerfile:1', //                          1
  'ARG BASE="debian:bookworm-slim"', //                       2
  'ARG EMPTY=', //                                            3
  'ARG NODEFAULT', //                                         4
  "ARG QUOTED='single quoted'", //                            5
  'FROM ${BASE} AS Build', //                                 6
  'ARG WHO=world PLACE="the moon"', //                        7
  'RUN echo "hello $WHO" \\', //                              8
  '    # a comment inside the continuation', //               9
  ' && echo two', //                                          10
  '', //                                                      11
  'FROM python:3.11-slim', //                                 12
  'COPY --from=build /out /app', //                           13
  'FROM build AS final', //                                   14
  'ARG NODEFAULT=now-set', //                                 15
  'CMD ["python"]', //                                        16
].join('\n');

describe('readDockerfileFacts', () => {
  it('finds the stages with their names, FROM lines, line spans and what they start from', () => {
    const facts = readDockerfileFacts(multiStage);
    assert.deepEqual(
      facts.stages.map((s) => ({
        index: s.index,
        name: s.name,
        from: s.from,
        fromStage: s.fromStage,
        fromLine: s.fromLine,
        firstLine: s.firstLine,
        lastLine: s.lastLine,
      })),
      [
        { index: 0, name: 'Build', from: '${BASE}', fromStage: undefined, fromLine: 6, firstLine: 6, lastLine: 10 },
        { index: 1, name: undefined, from: 'python:3.11-slim', fromStage: undefined, fromLine: 12, firstLine: 12, lastLine: 13 },
        { index: 2, name: 'final', from: 'build', fromStage: 0, fromLine: 14, firstLine: 14, lastLine: 16 },
      ],
    );
    assert.deepEqual(
      targetStages(facts).map((s) => s.name),
      ['Build', 'final'],
    );
  });

  it("reads global ARGs before the first FROM and each stage's own, with unquoted defaults", () => {
    const facts = readDockerfileFacts(multiStage);
    assert.deepEqual(
      facts.globalArgs.map((a) => [a.name, a.defaultValue, a.firstLine]),
      [
        ['BASE', 'debian:bookworm-slim', 2],
        ['EMPTY', '', 3],
        ['NODEFAULT', undefined, 4],
        ['QUOTED', 'single quoted', 5],
      ],
    );
    assert.deepEqual(
      facts.stages[0].args.map((a) => [a.name, a.defaultValue, a.firstLine]),
      [
        ['WHO', 'world', 7],
        ['PLACE', 'the moon', 7],
      ],
    );
    assert.deepEqual(
      facts.stages[2].args.map((a) => [a.name, a.defaultValue]),
      [['NODEFAULT', 'now-set']],
    );
  });

  it('offers each argument once, with the first default any declaration gives', () => {
    const args = declaredArgs(readDockerfileFacts(multiStage));
    assert.deepEqual(
      args.map((a) => [a.name, a.defaultValue, a.firstLine]),
      [
        ['BASE', 'debian:bookworm-slim', 2],
        ['EMPTY', '', 3],
        ['NODEFAULT', 'now-set', 4],
        ['QUOTED', 'single quoted', 5],
        ['WHO', 'world', 7],
        ['PLACE', 'the moon', 7],
      ],
    );
  });

  it('spans an instruction over its continuation lines and joins it the way the engines echo it', () => {
    const facts = readDockerfileFacts(multiStage);
    const run = facts.instructions.find((i) => i.keyword === 'RUN')!;
    assert.deepEqual({ first: run.firstLine, last: run.lastLine, stage: run.stageIndex }, { first: 8, last: 10, stage: 0 });
    assert.equal(run.text, 'RUN echo "hello $WHO"  && echo two');
    const copy = facts.instructions.find((i) => i.keyword === 'COPY')!;
    assert.equal(copy.text, 'COPY --from=build /out /app', 'flags are part of the text');
  });

  it('lists every instruction in file order, global ARGs first, comments and blank lines left out', () => {
    const facts = readDockerfileFacts(multiStage);
    assert.deepEqual(
      facts.instructions.map((i) => `${i.firstLine}:${i.keyword}`),
      ['2:ARG', '3:ARG', '4:ARG', '5:ARG', '6:FROM', '7:ARG', '8:RUN', '12:FROM', '13:COPY', '14:FROM', '15:ARG', '16:CMD'],
    );
    assert.deepEqual(
      facts.instructions.slice(0, 4).map((i) => i.stageIndex),
      [undefined, undefined, undefined, undefined],
    );
    assert.deepEqual(facts.problems, []);
  });

  it('keeps a heredoc body as lines of its instruction, not as instructions', () => {
    const facts = readDockerfileFacts(['FROM debian:bookworm-slim', 'RUN <<EOT', 'echo FROM inside', 'EOT', 'RUN echo after'].join('\n'));
    assert.deepEqual(
      facts.instructions.map((i) => [i.keyword, i.firstLine, i.lastLine]),
      [
        ['FROM', 1, 1],
        ['RUN', 2, 4],
        ['RUN', 5, 5],
      ],
    );
    assert.equal(facts.stages.length, 1);
  });

  it('follows a different escape character from the parser directive', () => {
    const facts = readDockerfileFacts(['# escape=`', 'FROM debian:bookworm-slim', 'RUN echo one `', '  two'].join('\r\n'));
    const run = facts.instructions[1];
    assert.deepEqual([run.firstLine, run.lastLine, run.text], [3, 4, 'RUN echo one   two']);
  });

  it('reports what the engines will refuse, with its line, and still reads the rest', () => {
    const facts = readDockerfileFacts(
      ['RUN echo before any stage', 'FROM debian:bookworm-slim', 'RUNN echo typo', 'ARG', 'FROM', 'RUN echo still read'].join('\n'),
    );
    assert.deepEqual(
      facts.problems.map((p) => [p.firstLine, p.message]),
      [
        [1, 'RUN before the first FROM: only ARG may come before it'],
        [3, 'unknown instruction: RUNN'],
        [4, 'ARG needs a name'],
        [5, 'FROM needs an image or a stage name'],
      ],
    );
    assert.equal(facts.stages.length, 2);
    assert.equal(facts.instructions.length, 6);
  });

  it('reads an empty file as no stages and no problems', () => {
    assert.deepEqual(readDockerfileFacts(''), { globalArgs: [], stages: [], instructions: [], problems: [] });
  });
});
