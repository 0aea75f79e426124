import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  ComposeNotInstalledError,
  chooseComposeCli,
  describeComposeCli,
  findComposeCli,
  parsePluginVersion,
  parseStandaloneVersion,
  type Probe,
  type ProbeResult,
} from '../../src/compose/composeCli';

const ok = (stdout: string): ProbeResult => ({ found: true, exitCode: 0, stdout, stderr: '' });
const missing: ProbeResult = { found: false };

describe('compose CLI versions', () => {
  it("reads the plugin's long and short answers, Docker Desktop's suffix included", () => {
    assert.equal(parsePluginVersion('Docker Compose version v2.29.7\n'), '2.29.7');
    assert.equal(parsePluginVersion('Docker Compose version v2.20.2-desktop.1\n'), '2.20.2-desktop.1');
    assert.equal(parsePluginVersion('2.29.7\n'), '2.29.7');
    assert.equal(
      parsePluginVersion('WARNING: something 1.2.3 happened\nDocker Compose version v2.3.3\n'),
      '2.3.3',
      'a version inside a warning is not the answer',
    );
    assert.equal(parsePluginVersion(''), undefined);
    assert.equal(parsePluginVersion('Usage:  docker [OPTIONS] COMMAND\n'), undefined);
  });

  it("reads docker-compose's answers: 1.29 (recorded here), a v2 binary, the long form", () => {
    // `docker-compose version --short` of Debian 12's docker-compose 1.29.2-3:
    assert.equal(parseStandaloneVersion('1.29.2\n'), '1.29.2');
    assert.equal(parseStandaloneVersion('v2.29.7\n'), '2.29.7');
    // `docker-compose version` of the same package:
    assert.equal(parseStandaloneVersion('docker-compose version 1.29.2, build unknown\ndocker-py version: 5.0.3\n'), '1.29.2');
    assert.equal(parseStandaloneVersion('Traceback (most recent call last):\n'), undefined);
  });
});

describe('choosing the compose CLI', () => {
  it('prefers the v2 plugin when the docker CLI has it', () => {
    const cli = chooseComposeCli(ok('Docker Compose version v2.29.7\n'), ok('1.29.2\n'));
    assert.deepEqual(cli, { flavour: 'plugin', program: 'docker', version: '2.29.7', major: 2, dockerCliFound: true });
    assert.equal(describeComposeCli(cli), 'Docker Compose 2.29.7 (docker compose)');
  });

  it('takes docker-compose when the plugin is not there (as on Debian 12 with docker.io)', () => {
    // Docker 28's answer to `docker compose version` without the plugin, recorded here:
    const noPlugin: ProbeResult = {
      found: true,
      exitCode: 1,
      stdout: '',
      stderr: "docker: unknown command: docker compose\n\nRun 'docker --help' for more information\n",
    };
    const cli = chooseComposeCli(noPlugin, ok('1.29.2\n'));
    assert.deepEqual(cli, { flavour: 'standalone', program: 'docker-compose', version: '1.29.2', major: 1, dockerCliFound: true });
    assert.equal(describeComposeCli(cli), 'docker-compose 1.29.2');
    // No docker CLI at all: 1.29 then has to build without it (see composeEnvironment).
    assert.equal(chooseComposeCli(missing, ok('1.29.2\n')).dockerCliFound, false);
    // A v2 binary installed as docker-compose behaves as v2.
    assert.equal(chooseComposeCli(missing, ok('2.29.7\n')).major, 2);
  });

  it("neither: says how to get one, for Debian and from Docker's docs", () => {
    assert.throws(
      () => chooseComposeCli(missing, missing),
      (err: unknown) => {
        assert.ok(err instanceof ComposeNotInstalledError);
        assert.match(err.message, /No compose CLI found \(tried "docker compose" and "docker-compose"\)/);
        assert.match(err.message, /sudo apt install docker-compose/);
        assert.match(err.message, /https:\/\/docs\.docker\.com\/compose\/install\//);
        return true;
      },
    );
    // A plugin that answers without a version does not count.
    assert.throws(
      () => chooseComposeCli(ok('Usage: docker compose\n'), { found: true, exitCode: 127, stdout: '', stderr: '' }),
      ComposeNotInstalledError,
    );
  });

  it('findComposeCli asks both, with the programs it is given', async () => {
    const asked: string[] = [];
    const probe: Probe = async (program, args) => {
      asked.push([program, ...args].join(' '));
      return program === '/opt/docker-compose' ? ok('1.29.2\n') : missing;
    };
    const cli = await findComposeCli({ docker: '/opt/docker', standalone: '/opt/docker-compose', probe });
    assert.deepEqual(asked.sort(), ['/opt/docker compose version', '/opt/docker-compose version --short']);
    assert.equal(cli.program, '/opt/docker-compose');
  });

  it('findComposeCli runs real programs: a missing one is "not found", a script that answers is used', async () => {
    await assert.rejects(
      findComposeCli({ docker: '/nonexistent/docker', standalone: '/nonexistent/docker-compose' }),
      ComposeNotInstalledError,
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-compose-cli-'));
    try {
      const fake = path.join(dir, 'docker-compose');
      fs.writeFileSync(fake, '#!/bin/sh\n[ "$1 $2" = "version --short" ] && echo 1.29.2 && exit 0\nexit 3\n', { mode: 0o755 });
      const cli = await findComposeCli({ docker: '/nonexistent/docker', standalone: fake });
      assert.deepEqual(cli, { flavour: 'standalone', program: fake, version: '1.29.2', major: 1, dockerCliFound: false });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
