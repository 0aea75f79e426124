import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseBuilder, isBuildKitRefusal } from '../../src/engine/build/builderChoice';

const docker2010 = { apiVersion: '1.41', os: 'linux', platformName: 'Docker Engine - Community' };

describe('chooseBuilder', () => {
  it('builds with BuildKit on an engine whose API has it, saying why', () => {
    assert.deepEqual(chooseBuilder('auto', docker2010), { builder: 'buildkit', reason: "the engine's API 1.41 has BuildKit" });
    assert.deepEqual(chooseBuilder('auto', { ...docker2010, apiVersion: '1.47', builderVersionHeader: '2' }), {
      builder: 'buildkit',
      reason: 'the engine builds with BuildKit (Builder-Version: 2)',
    });
  });

  it('uses the classic builder where there is no BuildKit: Podman, Windows, old APIs, an engine set to classic', () => {
    assert.equal(chooseBuilder('auto', { apiVersion: '1.41', os: 'linux', platformName: 'Podman Engine' }).builder, 'classic');
    assert.match(chooseBuilder('auto', { apiVersion: '1.41', os: 'linux', platformName: 'Podman Engine' }).reason, /Podman/);
    assert.equal(chooseBuilder('auto', { ...docker2010, os: 'windows' }).builder, 'classic');
    assert.deepEqual(chooseBuilder('auto', { ...docker2010, apiVersion: '1.38' }), {
      builder: 'classic',
      reason: "the engine's API 1.38 is older than BuildKit (1.39)",
    });
    assert.equal(chooseBuilder('auto', { ...docker2010, apiVersion: '1.39' }).builder, 'buildkit');
    assert.equal(chooseBuilder('auto', { ...docker2010, apiVersion: '2.0' }).builder, 'buildkit');
    assert.equal(chooseBuilder('auto', { ...docker2010, apiVersion: 'garbage' }).builder, 'classic');
    assert.equal(chooseBuilder('auto', { ...docker2010, builderVersionHeader: '1' }).builder, 'classic');
    assert.equal(chooseBuilder('auto', undefined).builder, 'classic');
  });

  it('does what it is told when a builder is forced, without asking the engine', () => {
    assert.deepEqual(chooseBuilder('classic', docker2010), { builder: 'classic', reason: 'the classic builder was asked for' });
    assert.deepEqual(chooseBuilder('buildkit', undefined), { builder: 'buildkit', reason: 'BuildKit was asked for' });
  });
});

describe('isBuildKitRefusal', () => {
  it('treats a missing session endpoint or an unknown builder version as a refusal, not a build failure', () => {
    assert.equal(isBuildKitRefusal({ statusCode: 404, message: 'page not found' }), true);
    assert.equal(isBuildKitRefusal({ statusCode: 501, message: 'not implemented' }), true);
    assert.equal(isBuildKitRefusal({ statusCode: 400, message: 'unsupported builder version "2"' }), true);
    assert.equal(isBuildKitRefusal({ statusCode: 400, message: 'buildkit not supported by daemon' }), true);
    assert.equal(isBuildKitRefusal({ statusCode: 400, message: 'dockerfile parse error line 3: unknown instruction' }), false);
    assert.equal(isBuildKitRefusal({ statusCode: 500, message: 'session failed' }), false);
    assert.equal(isBuildKitRefusal({ code: 'ECONNREFUSED' }), false);
  });
});
