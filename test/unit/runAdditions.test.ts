import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyRunAdditions, runAdditionProblems, runAdditionWords } from '../../src/engine/runAdditions';
import { shellQuote, toCreateOptions } from '../../src/engine/runArgs';

describe('run additions: a network with aliases, named volumes', () => {
  const request = { image: 'python:3.11-slim', volumes: [{ hostPath: '/home/me/in', containerPath: '/in', readOnly: true }] };
  const additions = {
    network: 'apps',
    networkAliases: ['web', 'api'],
    namedVolumes: [
      { volume: 'cache', containerPath: '/cache', readOnly: false },
      { volume: 'models', containerPath: '/models', readOnly: true },
    ],
  };

  it('adds the network, its aliases and the volume mounts to the create options, after the host folders', () => {
    const options = applyRunAdditions(toCreateOptions(request), additions);
    assert.equal(options.HostConfig?.NetworkMode, 'apps');
    assert.deepEqual(options.NetworkingConfig, { EndpointsConfig: { apps: { Aliases: ['web', 'api'] } } });
    assert.deepEqual(options.HostConfig?.Mounts, [
      { Type: 'bind', Source: '/home/me/in', Target: '/in', ReadOnly: true },
      { Type: 'volume', Source: 'cache', Target: '/cache', ReadOnly: false },
      { Type: 'volume', Source: 'models', Target: '/models', ReadOnly: true },
    ]);
  });

  it('changes nothing without additions, and sets no endpoint config without aliases', () => {
    assert.deepEqual(applyRunAdditions(toCreateOptions(request), {}), toCreateOptions(request));
    assert.equal(applyRunAdditions(toCreateOptions(request), { network: 'none' }).NetworkingConfig, undefined);
  });

  it('says them in the docker run words: --network, --network-alias, -v name:/path[:ro]', () => {
    assert.deepEqual(runAdditionWords(additions), [
      '--network',
      'apps',
      '--network-alias',
      'web',
      '--network-alias',
      'api',
      '-v',
      'cache:/cache',
      '-v',
      'models:/models:ro',
    ]);
    assert.equal(
      runAdditionWords({ namedVolumes: [{ volume: 'v1', containerPath: '/my data', readOnly: false }] })
        .map(shellQuote)
        .join(' '),
      "-v 'v1:/my data'",
    );
  });

  it('names what stops them', () => {
    assert.deepEqual(runAdditionProblems(additions), []);
    const problems = runAdditionProblems({
      networkAliases: ['web', 'no good'],
      namedVolumes: [
        { volume: 'x', containerPath: 'rel', readOnly: false },
        { volume: 'ok2', containerPath: '/a:b', readOnly: false },
      ],
    });
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.match(problems[0], /needs a network of your own/);
    assert.match(problems[1], /"no good" is not a name/);
    assert.match(problems[2], /too short/);
    assert.match(problems[3], /must be absolute/);
    assert.match(problems[4], /has a ":"/);
  });
});
