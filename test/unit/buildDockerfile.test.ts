import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ImageBuildError, type BuildEvent, type BuildRequest } from '../../src/engine/build/buildTypes';
import { BuildProblemsError, buildDockerfile, dockerfileIn, type ImageBuilder } from '../../src/workflows/build/buildDockerfile';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-build-unit-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function project(dockerfile: string, name = 'Dockerfile'): string {
  const dir = fs.mkdtempSync(path.join(root, 'ctx-'));
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), dockerfile);
  return dir;
}

const succeeding: ImageBuilder = async (request) => ({ imageId: 'sha256:1', tag: request.tag, builder: 'buildkit', steps: [] });

describe('buildDockerfile', () => {
  it('sends the Dockerfile relative to the context and returns the facts with the result', async () => {
    const dir = project('FROM debian:bookworm-slim AS base\n', 'docker/Dockerfile.dev');
    let seen: BuildRequest | undefined;
    const result = await buildDockerfile(
      async (r, p, s) => ((seen = r), succeeding(r, p, s)),
      { contextDir: dir, dockerfile: path.join(dir, 'docker', 'Dockerfile.dev'), tag: 't' },
      () => undefined,
    );
    assert.equal(seen?.dockerfile, path.join('docker', 'Dockerfile.dev'));
    assert.equal(result.imageId, 'sha256:1');
    assert.deepEqual(
      result.facts.stages.map((s) => s.name),
      ['base'],
    );
  });

  it('refuses a target the Dockerfile has no stage for without building', async () => {
    const dir = project('FROM debian:bookworm-slim AS base\n');
    let built = false;
    await assert.rejects(
      buildDockerfile(
        async (r, p, s) => ((built = true), succeeding(r, p, s)),
        { contextDir: dir, dockerfile: 'Dockerfile', tag: 't', target: 'nope' },
        () => undefined,
      ),
      (err: unknown) => err instanceof BuildProblemsError && err.problems[0].message.startsWith('there is no stage named "nope"'),
    );
    assert.equal(built, false);
  });

  it("turns a failed step into problems on the Dockerfile's lines", async () => {
    const dir = project('FROM debian:bookworm-slim\nRUN echo ok\nRUN exit 3\n');
    const failing: ImageBuilder = async () => {
      throw new ImageBuildError('exit code: 3', 'buildkit', {
        step: { id: 'v', name: '[3/3] RUN exit 3', state: 'error' },
        outputTail: ['last words'],
      });
    };
    await assert.rejects(
      buildDockerfile(failing, { contextDir: dir, dockerfile: 'Dockerfile', tag: 't' }, () => undefined),
      (err: unknown) => {
        assert.ok(err instanceof BuildProblemsError);
        assert.equal(err.builder, 'buildkit');
        assert.deepEqual(
          err.problems.map((p) => [p.file, p.firstLine, p.message, p.outputTail]),
          [[path.join(dir, 'Dockerfile'), 3, 'exit code: 3', ['last words']]],
        );
        return true;
      },
    );
  });

  it('warns about a build argument no ARG declares, and passes other errors on as they are', async () => {
    const dir = project('FROM debian:bookworm-slim\nARG USED\n');
    const events: BuildEvent[] = [];
    await buildDockerfile(
      succeeding,
      { contextDir: dir, dockerfile: 'Dockerfile', tag: 't', buildArgs: { USED: '1', UNUSED: '2', HTTP_PROXY: 'p' } },
      (e) => events.push(e),
    );
    assert.deepEqual(events, [
      { kind: 'output', text: 'Warning: the Dockerfile declares no ARG UNUSED, so --build-arg UNUSED changes nothing.\n' },
    ]);
    const broken: ImageBuilder = async () => {
      throw new Error('engine away');
    };
    await assert.rejects(
      buildDockerfile(broken, { contextDir: dir, dockerfile: 'Dockerfile', tag: 't' }, () => undefined),
      /engine away/,
    );
  });

  it('says so when the Dockerfile is missing or outside the context', async () => {
    const dir = project('FROM debian:bookworm-slim\n');
    await assert.rejects(
      buildDockerfile(succeeding, { contextDir: dir, dockerfile: 'Nope', tag: 't' }, () => undefined),
      /Cannot read the Dockerfile .*Nope: there is no such file/,
    );
    assert.throws(() => dockerfileIn(dir, '../Dockerfile'), /is not inside the build context/);
    assert.throws(() => dockerfileIn(dir, '.'), /is not inside the build context/);
  });
});
