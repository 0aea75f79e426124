/**
 * The BuildKit session is real: BuildKit asks it for a registry's credentials while it
 * resolves a base image, and a build FROM a password-protected registry works only when
 * the session answers with them.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ImageBuildError } from '../../src/engine/build/buildTypes';
import { buildImage } from '../../src/engine/build/imageBuild';
import { startAuthRegistry, type AuthRegistry } from '../support/authRegistry';
import { buildRoot, contextWith, dockerClient, removeImages, tagFor } from '../support/buildEngine';
import { realEngine, testLabels, testRunId } from '../support/realEngine';

describe('the BuildKit session (src/engine/build/buildSession.ts)', { timeout: 180_000 }, () => {
  let registry: AuthRegistry;
  let baseImage: string;
  const tags: string[] = [];

  before(async () => {
    await realEngine();
    const dir = path.join(buildRoot, 'registry');
    registry = await startAuthRegistry(dir);
    const { docker } = dockerClient();
    baseImage = `${registry.host}/cw-test/base:${testRunId}`;
    const [repo, tag] = [baseImage.slice(0, baseImage.lastIndexOf(':')), testRunId];
    await docker.getImage('debian:bookworm-slim').tag({ repo, tag });
    const push = await docker.getImage(baseImage).push({
      authconfig: { username: registry.username, password: registry.password, serveraddress: registry.host },
    });
    const pushed: { error?: string }[] = await new Promise((resolve, reject) =>
      docker.modem.followProgress(push, (err: Error | null, out: { error?: string }[]) => (err ? reject(err) : resolve(out))),
    );
    assert.deepEqual(
      pushed.filter((m) => m.error),
      [],
      'the base image is in the registry',
    );
    // Only the registry has it now: BuildKit would otherwise take the local image.
    await docker.getImage(baseImage).remove();
  });

  after(async () => {
    await removeImages([...tags, baseImage]);
    await registry?.stop();
    fs.rmSync(buildRoot, { recursive: true, force: true });
  });

  it('serves the credentials BuildKit asks for, and without them the registry says no', async () => {
    const { docker } = dockerClient();
    const context = contextWith(`FROM ${baseImage}\nRUN echo from-the-registry\n`);
    const anonymous = await buildImage(
      docker,
      { contextDir: context, dockerfile: 'Dockerfile', tag: tagFor('session-anon'), labels: testLabels },
      () => undefined,
    ).catch((err: unknown) => err);
    assert.ok(anonymous instanceof ImageBuildError, String(anonymous));
    assert.match(anonymous.reason, /401|unauthorized|authorization|no basic auth/i);

    const asked: string[] = [];
    const tag = tagFor('session-auth');
    tags.push(tag);
    const result = await buildImage(
      docker,
      { contextDir: context, dockerfile: 'Dockerfile', tag, labels: testLabels },
      () => undefined,
      undefined,
      {
        credentials: async (host) => {
          asked.push(host);
          return host === registry.host ? { username: registry.username, secret: registry.password } : undefined;
        },
      },
    );
    assert.equal(result.builder, 'buildkit');
    assert.ok(asked.includes(registry.host), `BuildKit asked the session for ${registry.host}: ${asked.join(', ')}`);
  });
});
