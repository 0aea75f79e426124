import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { type RunRequest } from '../../src/engine/engine';
import { shellQuote, toCreateOptions, toDockerRunCommand } from '../../src/engine/runArgs';

const full: RunRequest = {
  image: 'debian:bookworm-slim',
  name: 'web',
  args: ['python', '-m', 'http.server', '8000'],
  env: { GREETING: 'hello world', EMPTY: '' },
  ports: [
    { containerPort: 8000, protocol: 'tcp', hostPort: 8080 },
    { containerPort: 53, protocol: 'udp', hostPort: 5353, hostIp: '127.0.0.1' },
  ],
  volumes: [
    { hostPath: '/home/me/data', containerPath: '/data', readOnly: false },
    { hostPath: '/home/me/in,put', containerPath: '/in', readOnly: true },
  ],
  autoRemove: true,
  user: '1000:1000',
  labels: { 'dev.container-workflows.owner': 'container-workflows', purpose: 'test' },
  workingDir: '/work',
};

describe('toCreateOptions', () => {
  it('maps every field of a full request', () => {
    assert.deepEqual(toCreateOptions(full), {
      Image: 'debian:bookworm-slim',
      Env: ['GREETING=hello world', 'EMPTY='],
      Labels: { 'dev.container-workflows.owner': 'container-workflows', purpose: 'test' },
      Tty: false,
      OpenStdin: false,
      ExposedPorts: { '8000/tcp': {}, '53/udp': {} },
      HostConfig: {
        AutoRemove: true,
        PortBindings: {
          '8000/tcp': [{ HostIp: '', HostPort: '8080' }],
          '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }],
        },
        Mounts: [
          { Type: 'bind', Source: '/home/me/data', Target: '/data', ReadOnly: false },
          { Type: 'bind', Source: '/home/me/in,put', Target: '/in', ReadOnly: true },
        ],
      },
      name: 'web',
      Cmd: ['python', '-m', 'http.server', '8000'],
      User: '1000:1000',
      WorkingDir: '/work',
    });
  });

  it('a minimal request: no Cmd, User, name or WorkingDir; nothing published or mounted; not auto-removed', () => {
    const options = toCreateOptions({ image: 'debian:bookworm-slim' });
    assert.deepEqual(options, {
      Image: 'debian:bookworm-slim',
      Env: [],
      Labels: {},
      Tty: false,
      OpenStdin: false,
      ExposedPorts: {},
      HostConfig: { AutoRemove: false, PortBindings: {}, Mounts: [] },
    });
    assert.equal('Cmd' in options, false);
    assert.equal('User' in options, false);
  });

  it('Cmd only when there are args: an empty list keeps the image CMD', () => {
    assert.equal('Cmd' in toCreateOptions({ image: 'x', args: [] }), false);
    assert.deepEqual(toCreateOptions({ image: 'x', args: ['--fps', '24'] }).Cmd, ['--fps', '24']);
  });

  it('two host ports for one container port give two bindings under one key', () => {
    const options = toCreateOptions({
      image: 'x',
      ports: [
        { containerPort: 80, protocol: 'tcp', hostPort: 8080 },
        { containerPort: 80, protocol: 'tcp', hostPort: 8081, hostIp: '127.0.0.1' },
      ],
    });
    assert.deepEqual(options.ExposedPorts, { '80/tcp': {} });
    assert.deepEqual(options.HostConfig?.PortBindings, {
      '80/tcp': [
        { HostIp: '', HostPort: '8080' },
        { HostIp: '127.0.0.1', HostPort: '8081' },
      ],
    });
  });

  it('tty, and labels copied rather than shared', () => {
    const labels = { a: 'b' };
    const options = toCreateOptions({ image: 'x', tty: true, labels });
    assert.equal(options.Tty, true);
    assert.deepEqual(options.Labels, { a: 'b' });
    assert.notEqual(options.Labels, labels);
  });

  it('an env value with "=" and newlines is kept as is', () => {
    assert.deepEqual(toCreateOptions({ image: 'x', env: { OPTS: 'a=b c', MULTI: 'l1\nl2' } }).Env, ['OPTS=a=b c', 'MULTI=l1\nl2']);
  });
});

describe('toDockerRunCommand', () => {
  it('a minimal request', () => {
    assert.equal(toDockerRunCommand({ image: 'debian:bookworm-slim' }), 'docker run debian:bookworm-slim');
  });

  it('a full request, exactly (labels left out by default)', () => {
    assert.equal(
      toDockerRunCommand(full),
      'docker run --rm --name web --user 1000:1000 --workdir /work -p 8080:8000 -p 127.0.0.1:5353:53/udp ' +
        '--mount type=bind,source=/home/me/data,target=/data ' +
        `--mount 'type=bind,"source=/home/me/in,put",target=/in,readonly' ` +
        `-e 'GREETING=hello world' -e EMPTY= debian:bookworm-slim python -m http.server 8000`,
    );
  });

  it('labels only when asked, before the image', () => {
    assert.equal(
      toDockerRunCommand(
        { image: 'img', labels: { 'dev.container-workflows.owner': 'container-workflows', note: 'two words' } },
        { includeLabels: true },
      ),
      `docker run --label dev.container-workflows.owner=container-workflows --label 'note=two words' img`,
    );
    assert.equal(toDockerRunCommand({ image: 'img', labels: { a: 'b' } }), 'docker run img');
    assert.equal(toDockerRunCommand({ image: 'img', labels: { a: 'b' } }, { includeLabels: false }), 'docker run img');
  });

  it('quotes args with spaces, single quotes, double quotes, $ and empty args', () => {
    assert.equal(
      toDockerRunCommand({ image: 'img', args: ['echo', "it's", 'a b', '', '$HOME', 'x"y', 'plain-arg'] }),
      `docker run img echo 'it'\\''s' 'a b' '' '$HOME' 'x"y' plain-arg`,
    );
  });

  it('--rm, -t and --user', () => {
    assert.equal(
      toDockerRunCommand({ image: 'img', autoRemove: true, tty: true, user: '1234:1234' }),
      'docker run --rm -t --user 1234:1234 img',
    );
    assert.equal(toDockerRunCommand({ image: 'img', autoRemove: false }), 'docker run img');
  });

  it('udp ports and host IPs', () => {
    assert.equal(
      toDockerRunCommand({
        image: 'img',
        ports: [
          { containerPort: 53, protocol: 'udp', hostPort: 53 },
          { containerPort: 80, protocol: 'tcp', hostPort: 8080, hostIp: '127.0.0.1' },
          { containerPort: 443, protocol: 'tcp', hostPort: 8443 },
        ],
      }),
      'docker run -p 53:53/udp -p 127.0.0.1:8080:80 -p 8443:443 img',
    );
  });

  it('--mount quotes a path with a comma as a CSV field, and a read-only mount ends with readonly', () => {
    assert.equal(
      toDockerRunCommand({ image: 'img', volumes: [{ hostPath: '/data/a,b', containerPath: '/in', readOnly: true }] }),
      `docker run --mount 'type=bind,"source=/data/a,b",target=/in,readonly' img`,
    );
  });

  it('--mount doubles a double quote inside a quoted CSV field; a space only needs shell quoting', () => {
    assert.equal(
      toDockerRunCommand({ image: 'img', volumes: [{ hostPath: '/tmp/my "dir"', containerPath: '/x', readOnly: false }] }),
      `docker run --mount 'type=bind,"source=/tmp/my ""dir""",target=/x' img`,
    );
    assert.equal(
      toDockerRunCommand({ image: 'img', volumes: [{ hostPath: '/tmp/my dir', containerPath: '/x y', readOnly: false }] }),
      `docker run --mount 'type=bind,source=/tmp/my dir,target=/x y' img`,
    );
  });

  it('a path with a single quote is shell-quoted so the shell hands Docker the path unchanged', () => {
    assert.equal(
      toDockerRunCommand({ image: 'img', volumes: [{ hostPath: "/tmp/bob's", containerPath: '/x', readOnly: false }] }),
      `docker run --mount 'type=bind,source=/tmp/bob'\\''s,target=/x' img`,
    );
  });
});

describe('shellQuote', () => {
  it('leaves safe words alone', () => {
    for (const w of ['docker', '-p', '8080:80', 'a=b', '/path/to/x.txt', 'user@host', '50%', 'a+b', 'x,y']) {
      assert.equal(shellQuote(w), w);
    }
  });

  it('single-quotes everything else, escaping single quotes', () => {
    assert.equal(shellQuote(''), `''`);
    assert.equal(shellQuote('a b'), `'a b'`);
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote('$(rm -rf /)'), `'$(rm -rf /)'`);
    assert.equal(shellQuote('a;b'), `'a;b'`);
    assert.equal(shellQuote('*'), `'*'`);
    assert.equal(shellQuote('~'), `'~'`);
    assert.equal(shellQuote('line\nbreak'), `'line\nbreak'`);
  });

  it('quotes a word zsh would expand as =command: "=" at the start, or after "=" or ":" in a name=value word', () => {
    // zsh's EQUALS (on by default) turns a leading =ls into /usr/bin/ls; with MAGIC_EQUAL_SUBST
    // it does the same after the "=" of name=value and after each ":" of the value.
    assert.equal(shellQuote('=ls'), `'=ls'`);
    assert.equal(shellQuote('='), `'='`);
    assert.equal(shellQuote('a==ls'), `'a==ls'`);
    assert.equal(shellQuote('PATH=/bin:=ls'), `'PATH=/bin:=ls'`);
    assert.equal(toDockerRunCommand({ image: 'img', args: ['=python3'] }), `docker run img '=python3'`);
    assert.equal(toDockerRunCommand({ image: 'img', env: { OPTS: '=x' } }), `docker run -e 'OPTS==x' img`);
    // "=" elsewhere is plain text in every shell: an env pair or a key=value stays bare.
    for (const w of ['a=b', 'EMPTY=', 'type=bind,source=/x,target=/y', 'a=b=c', '8080:80']) {
      assert.equal(shellQuote(w), w);
    }
  });

  it('quotes the other specials a word can start with or contain in sh, bash or zsh', () => {
    const special = [
      '~',
      '~root',
      'a=~',
      'x:~',
      '#comment',
      'x#y',
      '!x',
      'x!y',
      '*',
      'x?',
      '[ab]',
      '{a,b}',
      'x{1..3}',
      '^x',
      'x^y',
      '@(x)',
      '+(x)',
      'a|b',
      'a&b',
      'a<b',
      'a>b',
      '(x)',
      '`id`',
      'a\\b',
      'tab\there',
      'café',
    ];
    for (const w of special) {
      assert.equal(shellQuote(w), `'${w}'`, w);
    }
  });
});

/** Words that have fooled a quoting rule somewhere; each must reach the program unchanged. */
const trickyWords = [
  '=ls',
  'a==ls',
  'PATH=/bin:=ls',
  'X=a:~',
  '~',
  '~root',
  'a=~/x',
  '#x',
  'x#y',
  '!x',
  'x!y',
  '!!',
  '*',
  '?',
  'x?',
  '[a]',
  '{a,b}',
  'x{1..3}',
  '^x',
  'x^y',
  '@(x)',
  '+(x)',
  '!(x)',
  '%1',
  'a b',
  "it's",
  '$HOME',
  '${HOME}',
  '`id`',
  '$(id)',
  'a\\b',
  ';',
  '&',
  '|',
  '<',
  '>',
  '(',
  ')',
  'tab\there',
  'line\nbreak',
  '',
  '-p',
  '8080:80',
  'x"y',
  'café',
  'a=b',
  'type=bind,source=/x,target=/y',
  '--',
  '-',
  'x,y',
  '50%',
  'user@host',
];

/**
 * Runs `printf '%s\0' <quoted words>` in a real shell, with the options that make the most
 * characters special (extended globs, history expansion, zsh's equals expansion after "="
 * and ":"), in a folder with files a glob could match, and returns the words it printed.
 */
function roundTrip(shell: string, setup: string, words: string[]): string[] {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-quote-'));
  try {
    for (const name of ['a', 'x1', 'xy', 'ab', 'b']) fs.writeFileSync(path.join(cwd, name), '');
    const script = `${setup}\nprintf '%s\\0' ${words.map(shellQuote).join(' ')}\n`;
    const result = spawnSync(shell, ['-c', script], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/home/nobody-here' } });
    assert.equal(result.status, 0, `${shell} failed: ${result.stderr}`);
    return result.stdout.split('\0').slice(0, -1);
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

function installed(shell: string): boolean {
  return spawnSync(shell, ['-c', 'true']).status === 0;
}

describe('shellQuote in real shells', () => {
  it('sh hands every word to the program unchanged', () => {
    assert.deepEqual(roundTrip('sh', '', trickyWords), trickyWords);
  });

  it('bash, with extglob, failglob and history expansion on, hands every word over unchanged', () => {
    assert.deepEqual(roundTrip('bash', 'set -H; shopt -s extglob failglob', trickyWords), trickyWords);
  });

  it('zsh, with equals, extended_glob, ksh_glob and magic_equal_subst on, hands every word over unchanged', (t) => {
    if (!installed('zsh')) {
      t.skip('zsh is not installed here (apt-get install zsh runs this case)');
      return;
    }
    assert.deepEqual(
      roundTrip('zsh', 'setopt equals extended_glob ksh_glob magic_equal_subst bang_hist nomatch', trickyWords),
      trickyWords,
    );
  });
});

describe('network', () => {
  it("'none' becomes NetworkMode and --network none", () => {
    const request = { image: 'img2vid', network: 'none' as const };
    assert.equal(toCreateOptions(request).HostConfig?.NetworkMode, 'none');
    assert.equal(toDockerRunCommand(request), 'docker run --network none img2vid');
    assert.equal(toCreateOptions({ image: 'x' }).HostConfig?.NetworkMode, undefined);
  });
});
describe('memory limit in the run request', () => {
  it('becomes HostConfig.Memory and MemorySwap in bytes, and --memory/--memory-swap on the docker run line', () => {
    const request: RunRequest = { image: 'img2vid', memoryMiB: 1024 };
    assert.equal(toCreateOptions(request).HostConfig?.Memory, 1024 * 1024 * 1024);
    assert.equal(toCreateOptions(request).HostConfig?.MemorySwap, 1024 * 1024 * 1024);
    assert.equal(toDockerRunCommand(request), 'docker run --memory 1024m --memory-swap 1024m img2vid');
  });

  it('no limit asked: none set', () => {
    const options = toCreateOptions({ image: 'x' });
    assert.equal('Memory' in (options.HostConfig ?? {}), false);
    assert.equal('MemorySwap' in (options.HostConfig ?? {}), false);
    assert.equal(toDockerRunCommand({ image: 'x' }), 'docker run x');
  });
});
