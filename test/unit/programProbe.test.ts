import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PATH, candidates, isExecutableFile, pathDirs, pickFound, probePrograms } from '../../src/engine/interactive/programProbe';
import { FakeEngineApi, statHeader } from '../support/fakeEngineApi';

describe('program probe, the pure parts', () => {
  it("reads the image's PATH, the engine's default without one", () => {
    assert.deepEqual(pathDirs(['LANG=C.UTF-8', 'PATH=/opt/py/bin:relative:/usr/bin/:/usr/bin']), ['/opt/py/bin', '/usr/bin']);
    assert.deepEqual(pathDirs(null), DEFAULT_PATH.split(':'));
  });

  it('looks for python (then python3), bash and sh in each folder, in PATH order', () => {
    assert.deepEqual(
      candidates(['/a', '/']).map((c) => `${c.program}:${c.path}`),
      ['python:/a/python', 'python:/python', 'python:/a/python3', 'python:/python3', 'bash:/a/bash', 'bash:/bash', 'sh:/a/sh', 'sh:/sh'],
    );
  });

  it('takes the first executable file of each program', () => {
    const found = pickFound([
      { program: 'python', path: '/a/python', executable: false },
      { program: 'python', path: '/a/python3', executable: true },
      { program: 'sh', path: '/a/sh', executable: true },
      { program: 'sh', path: '/b/sh', executable: true },
    ]);
    assert.deepEqual(found, [
      { program: 'python', path: '/a/python3' },
      { program: 'sh', path: '/a/sh' },
    ]);
    assert.equal(isExecutableFile({ name: 'x', path: '/x', kind: 'file', size: 1, mode: 0o644 }), false);
    assert.equal(isExecutableFile({ name: 'x', path: '/x', kind: 'file', size: 1, mode: 0o700 }), true);
    assert.equal(isExecutableFile({ name: 'x', path: '/x', kind: 'directory', size: 1, mode: 0o755 }), false);
    assert.equal(isExecutableFile(undefined), false);
  });
});

describe('probePrograms with a fake engine', () => {
  it('follows a link inside the container, runs nothing, and removes its helper', async () => {
    const files: Record<string, string> = {
      '/bin/python': statHeader({ name: 'python', kind: 'symlink', mode: 0o777, linkTarget: '/bin/python3.11' }),
      '/bin/python3.11': statHeader({ name: 'python3.11', kind: 'file', mode: 0o755 }),
      '/bin/sh': statHeader({ name: 'sh', kind: 'symlink', mode: 0o777, linkTarget: '/bin/gone' }),
    };
    const api = new FakeEngineApi([
      {
        method: 'GET',
        path: /^\/images\/.*\/json$/,
        answer: () => ({ json: { Config: { Env: ['PATH=/bin'], Entrypoint: ['/entry.sh'], Cmd: ['serve'] } } }),
      },
      { method: 'POST', path: /^\/containers\/create$/, answer: () => ({ json: { Id: 'helper1' } }) },
      {
        method: 'HEAD',
        path: /\/archive$/,
        answer: (r) =>
          files[r.query?.path as string]
            ? { headers: { 'x-docker-container-path-stat': files[r.query?.path as string] } }
            : { status: 404 },
      },
      { method: 'GET', path: /^\/containers\/helper1\/json$/, answer: () => ({ json: {} }) },
      { method: 'DELETE', path: /^\/containers\/helper1$/, answer: () => ({}) },
    ]);
    const result = await probePrograms(api, 'my/app:1');
    assert.deepEqual(result, {
      image: 'my/app:1',
      defaultCommand: ['/entry.sh', 'serve'],
      hasEntrypoint: true,
      found: [{ program: 'python', path: '/bin/python' }],
    });
    assert.equal(api.asked[0].path, '/images/my/app%3A1/json');
    const create = api.asked.find((r) => r.path === '/containers/create')!;
    assert.deepEqual((create.body as { Labels: Record<string, string> }).Labels['dev.container-workflows.purpose'], 'program-probe');
    assert.equal(api.count('POST', /\/start$/), 0, 'never started');
    assert.equal(api.count('DELETE', /^\/containers\/helper1$/), 1);
  });
});
