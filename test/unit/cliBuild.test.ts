import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BuildUsageError, displayPath, parseBuildArgs, toBuildRequest } from '../../src/cliBuild';
import { CONTEXT_LABEL } from '../../src/engine/engine';

describe('parseBuildArgs', () => {
  it('reads every option, in both --name value and --name=value forms', () => {
    const args = parseBuildArgs([
      'ctx',
      '-f',
      'ctx/Dockerfile.dev',
      '--tag=app:1',
      '--target',
      'test',
      '--build-arg',
      'A=1',
      '--build-arg=B=x=y',
      '--label',
      'k=v',
      '--no-cache',
      '--pull',
      '--builder',
      'classic',
    ]);
    assert.deepEqual(args, {
      context: 'ctx',
      dockerfile: 'ctx/Dockerfile.dev',
      tag: 'app:1',
      target: 'test',
      buildArgs: { A: '1', B: 'x=y' },
      labels: { k: 'v' },
      noCache: true,
      pull: true,
      builder: 'classic',
    });
  });

  it('takes a bare --build-arg NAME from the environment, and leaves it out when it is not set', () => {
    assert.deepEqual(parseBuildArgs(['.', '--build-arg', 'TOKEN', '--build-arg', 'MISSING'], { TOKEN: 's' }).buildArgs, { TOKEN: 's' });
  });

  it('says what is wrong with the arguments', () => {
    const wrong: [string[], RegExp][] = [
      [[], /name the folder to build/],
      [['a', 'b'], /unexpected argument b/],
      [['.', '-t'], /-t needs a value/],
      [['.', '--target='], /--target needs a value/],
      [['.', '--build-arg', '=1'], /--build-arg wants NAME=value/],
      [['.', '--build-arg', 'bad name'], /--build-arg wants NAME=value or NAME/],
      [['.', '--builder', 'kaniko'], /--builder is auto, buildkit or classic/],
      [['.', '--squash'], /unknown option --squash/],
    ];
    for (const [argv, message] of wrong) {
      assert.throws(
        () => parseBuildArgs(argv),
        (err: unknown) => err instanceof BuildUsageError && message.test(err.message),
        argv.join(' '),
      );
    }
  });
});

describe('toBuildRequest', () => {
  it('resolves the context and -f from where the CLI runs, as docker build does, and labels the image with its folder', () => {
    const request = toBuildRequest(parseBuildArgs(['app', '-f', 'app/docker/Dockerfile', '-t', 'x']), '/home/me');
    assert.equal(request.contextDir, path.resolve('/home/me/app'));
    assert.equal(request.dockerfile, path.join('docker', 'Dockerfile'));
    assert.equal(request.labels?.[CONTEXT_LABEL], path.resolve('/home/me/app'));
    assert.equal(request.builder, 'auto');
    assert.equal(toBuildRequest(parseBuildArgs(['app']), '/home/me').dockerfile, 'Dockerfile');
    assert.equal(toBuildRequest(parseBuildArgs(['app']), '/home/me').tag, '');
  });
});

describe('displayPath', () => {
  it('is relative below the current folder and absolute elsewhere', () => {
    assert.equal(displayPath('/home/me/app/Dockerfile', '/home/me'), path.join('app', 'Dockerfile'));
    assert.equal(displayPath('/srv/app/Dockerfile', '/home/me'), '/srv/app/Dockerfile');
  });
});
