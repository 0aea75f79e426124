import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { type RunConfig } from '../../src/workflows/runConfig';
import {
  formatArgumentLine,
  parseArgumentLine,
  parseContainerPort,
  parseEnvEntry,
  runConfigProblems,
  validateContainerName,
  validateContainerPath,
  validateContainerPort,
  validateEnvEntry,
  validateHostFolder,
  validateHostPort,
  statPath,
} from '../../src/workflows/runValidation';

function config(partial: Partial<RunConfig> = {}): RunConfig {
  return { image: 'demo:latest', name: '', args: [], env: {}, ports: [], volumes: [], autoRemove: true, user: '', ...partial };
}

/** A stat over a fixed map of paths. */
const stat = (paths: Record<string, 'folder' | 'file'>) => (p: string) => paths[p] ?? 'missing';

describe('validators', () => {
  it('validateHostPort: range, whole numbers, in use, duplicate row', () => {
    for (const ok of ['1', '80', '8080', ' 8080 ', '65535']) {
      assert.equal(validateHostPort(ok), undefined, ok);
    }
    for (const bad of ['0', '65536', '-1', '80a', '8.5', '', ' ', '1e3', '0x50']) {
      assert.match(validateHostPort(bad) ?? '', /1 to 65535/, bad);
    }
    assert.match(validateHostPort('8080', { inUse: true }) ?? '', /8080 is in use/);
    assert.match(validateHostPort('8080', { usedByOtherRow: true }) ?? '', /8080 is already mapped/);
    // A port out of range is refused for that, whatever else is said about it.
    assert.match(validateHostPort('99999', { inUse: true }) ?? '', /1 to 65535/);
  });

  it('validateContainerPort and parseContainerPort: a number with optional /tcp or /udp', () => {
    for (const ok of ['80', '8080/tcp', '53/udp', ' 7860 ', '65535']) {
      assert.equal(validateContainerPort(ok), undefined, ok);
    }
    for (const bad of ['0', '65536', '53/sctp', '53/', '/udp', 'http', '80/TCP x', '']) {
      assert.match(validateContainerPort(bad) ?? '', /1 to 65535/, bad);
    }
    assert.deepEqual(parseContainerPort('53/udp'), { port: 53, protocol: 'udp' });
    assert.deepEqual(parseContainerPort('8080/tcp'), { port: 8080, protocol: 'tcp' });
    assert.deepEqual(parseContainerPort(' 8080 '), { port: 8080, protocol: 'tcp' });
  });

  it('validateContainerPath: absolute, not /, not mounted twice', () => {
    assert.equal(validateContainerPath('/data'), undefined);
    assert.equal(validateContainerPath(' /data '), undefined);
    assert.match(validateContainerPath('data') ?? '', /absolute/);
    assert.match(validateContainerPath('./data') ?? '', /absolute/);
    assert.match(validateContainerPath('') ?? '', /absolute/);
    assert.match(validateContainerPath('/') ?? '', /whole container/);
    assert.match(validateContainerPath('/data', ['/output', '/data']) ?? '', /\/data is mounted already/);
    assert.match(validateContainerPath('/data/', ['/data']) ?? '', /mounted already/, 'a trailing slash is the same folder');
    assert.equal(validateContainerPath('/data', ['/data2', '/dat']), undefined);
  });

  // BUG (src/workflows/runConfig.ts validateContainerPath): "//" (or "///") is the root too,
  // but only the exact string "/" is refused.
  it('validateContainerPath refuses every spelling of / (e.g. //)', () => {
    assert.match(validateContainerPath('//') ?? '', /whole container/);
    assert.match(validateContainerPath('///') ?? '', /whole container/);
  });

  it('validateHostFolder: absolute, exists, is a folder', () => {
    const s = stat({ '/home/me/out': 'folder', '/home/me/file.txt': 'file' });
    assert.equal(validateHostFolder('/home/me/out', s), undefined);
    assert.match(validateHostFolder('/home/me/file.txt', s) ?? '', /is a file, not a folder/);
    assert.match(validateHostFolder('/home/me/missing', s) ?? '', /\/home\/me\/missing does not exist/);
    assert.match(validateHostFolder('out', s) ?? '', /not an absolute path/);
  });

  it('validateEnvEntry and parseEnvEntry: NAME=value', () => {
    for (const ok of ['A=1', 'GREETING=hello world', 'EMPTY=', '_X=1', 'a_b9=x=y']) {
      assert.equal(validateEnvEntry(ok), undefined, ok);
    }
    assert.match(validateEnvEntry('NOVALUE') ?? '', /NAME=value/);
    assert.match(validateEnvEntry('=value') ?? '', /NAME=value/);
    assert.match(validateEnvEntry('9LIVES=1') ?? '', /does not start with a digit/);
    assert.match(validateEnvEntry('MY-VAR=1') ?? '', /letters, digits and _/);
    assert.match(validateEnvEntry('MY VAR=1') ?? '', /letters, digits and _/);
    assert.deepEqual(parseEnvEntry('A=b=c'), ['A', 'b=c']);
    assert.deepEqual(parseEnvEntry('GREETING= hello '), ['GREETING', ' hello ']);
    assert.deepEqual(parseEnvEntry('EMPTY='), ['EMPTY', '']);
  });

  it("validateContainerName: empty is fine (the engine picks one), else Docker's rule", () => {
    for (const ok of ['', '  ', 'web', 'my_app.1-x', 'A1', '9lives']) {
      assert.equal(validateContainerName(ok), undefined, JSON.stringify(ok));
    }
    for (const bad of ['a', '-web', '_web', '.web', 'my app', 'web/1', 'wéb']) {
      assert.match(validateContainerName(bad) ?? '', /starts with a letter or digit/, bad);
    }
  });
});

describe('parseArgumentLine', () => {
  const parse = (line: string) => {
    const result = parseArgumentLine(line);
    assert.ok('args' in result, `"${line}" parses: ${JSON.stringify(result)}`);
    return result.args;
  };

  it('splits plain words on any whitespace', () => {
    assert.deepEqual(parse('a b  c'), ['a', 'b', 'c']);
    assert.deepEqual(parse('  a\tb\nc  '), ['a', 'b', 'c']);
    assert.deepEqual(parse(''), []);
    assert.deepEqual(parse('   '), []);
  });

  it('keeps spaces inside quotes: "hello earthling " 2', () => {
    assert.deepEqual(parse('"hello earthling " 2'), ['hello earthling ', '2']);
    assert.deepEqual(parse("'hello earthling ' 2"), ['hello earthling ', '2']);
    assert.deepEqual(parse('--name "two words" --x'), ['--name', 'two words', '--x']);
  });

  it('joins quoted and unquoted parts of one word', () => {
    assert.deepEqual(parse('a"b c"d'), ['ab cd']);
    assert.deepEqual(parse(`'it'"'"'s'`), ["it's"]);
    assert.deepEqual(parse('--greeting="hi there"'), ['--greeting=hi there']);
  });

  it('empty quotes are an empty argument', () => {
    assert.deepEqual(parse('""'), ['']);
    assert.deepEqual(parse("''"), ['']);
    assert.deepEqual(parse('a "" b'), ['a', '', 'b']);
  });

  it('backslash escapes outside quotes, only \\" and \\\\ inside double quotes, nothing inside single quotes', () => {
    assert.deepEqual(parse('a\\ b'), ['a b']);
    assert.deepEqual(parse('\\"x\\"'), ['"x"']);
    assert.deepEqual(parse('"say \\"hi\\""'), ['say "hi"']);
    assert.deepEqual(parse('"back\\\\slash"'), ['back\\slash']);
    assert.deepEqual(parse('"keep \\n as is"'), ['keep \\n as is']);
    assert.deepEqual(parse("'no \\\" escape'"), ['no \\" escape']);
    assert.deepEqual(parse("'it'\\''s'"), ["it's"]);
  });

  it('an open quote is an error that names the quote', () => {
    const double = parseArgumentLine('"hello earthling 2');
    assert.ok('error' in double);
    assert.match(double.error, /" quote is not closed/);
    const single = parseArgumentLine("it's");
    assert.ok('error' in single);
    assert.match(single.error, /' quote is not closed/);
  });

  it('formatArgumentLine round-trips through parseArgumentLine', () => {
    const samples: string[][] = [
      ['hello earthling ', '2'],
      [''],
      ['a', '', 'b'],
      ["it's"],
      ['say "hi"'],
      ['back\\slash', 'trailing\\'],
      ['tab\there', 'new\nline'],
      ['$HOME', '`id`', '*', '~', '!', ';', '&&', '|'],
      ['ünïcödé', '日本'],
      ['--greeting=hi there', '-o', 'out put.mp4'],
      ["'''", '"""', '\\\'"'],
    ];
    for (const args of samples) {
      const line = formatArgumentLine(args);
      assert.deepEqual(parse(line), args, `${JSON.stringify(args)} -> ${line}`);
    }
    assert.equal(formatArgumentLine(['hello earthling ', '2']), "'hello earthling ' 2");
    assert.equal(formatArgumentLine([]), '');
  });
});

describe('runConfigProblems', () => {
  const folders = stat({ '/abs/in': 'folder', '/abs/out': 'folder', '/abs/file': 'file' });

  it('is empty for a config that can run', () => {
    const ok = config({
      name: 'web-1',
      ports: [
        { containerPort: 80, protocol: 'tcp', hostPort: 8080 },
        { containerPort: 443, protocol: 'tcp', hostPort: 8443 },
      ],
      volumes: [
        { containerPath: '/input', hostPath: '/abs/in', readOnly: true },
        { containerPath: '/output', hostPath: '/abs/out', readOnly: false },
        { containerPath: '/cache', hostPath: '', readOnly: false },
      ],
    });
    assert.deepEqual(runConfigProblems(ok, folders, new Set([3000])), []);
  });

  it('reports a host port in use, a duplicate host port on both rows, and one out of range', () => {
    const problems = runConfigProblems(
      config({
        ports: [
          { containerPort: 80, protocol: 'tcp', hostPort: 8080 },
          { containerPort: 81, protocol: 'tcp', hostPort: 8080 },
          { containerPort: 82, protocol: 'tcp', hostPort: 3000 },
          { containerPort: 83, protocol: 'tcp', hostPort: 70000 },
        ],
      }),
      folders,
      new Set([3000]),
    );
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(problems[0], /^80\/tcp: Port 8080 is already mapped/);
    assert.match(problems[1], /^81\/tcp: Port 8080 is already mapped/);
    assert.match(problems[2], /^82\/tcp: Port 3000 is in use/);
    assert.match(problems[3], /^83\/tcp: A port is a whole number from 1 to 65535/);
  });

  // BUG (src/workflows/runConfig.ts runConfigProblems): host ports are counted without their
  // protocol, so the valid `-p 53:53/tcp -p 53:53/udp` is refused as a duplicate.
  it('accepts the same host port for TCP and UDP', () => {
    const problems = runConfigProblems(
      config({
        ports: [
          { containerPort: 53, protocol: 'tcp', hostPort: 53 },
          { containerPort: 53, protocol: 'udp', hostPort: 53 },
        ],
      }),
      folders,
    );
    assert.deepEqual(problems, []);
  });

  it('reports volume problems: relative or root container path, duplicates, missing or file host folder', () => {
    const problems = runConfigProblems(
      config({
        volumes: [
          { containerPath: 'relative', hostPath: '/abs/in', readOnly: true },
          { containerPath: '/', hostPath: '', readOnly: false },
          { containerPath: '/data', hostPath: '/abs/out', readOnly: false },
          { containerPath: '/data/', hostPath: '', readOnly: false },
          { containerPath: '/missing', hostPath: '/abs/nope', readOnly: false },
          { containerPath: '/file', hostPath: '/abs/file', readOnly: false },
          { containerPath: '/rel', hostPath: 'not/absolute', readOnly: false },
        ],
      }),
      folders,
    );
    assert.deepEqual(problems, [
      'The path in the container must be absolute, like /data.',
      'Mounting over / would hide the whole container: choose a folder.',
      '/data is mounted already.',
      '/data/ is mounted already.',
      '/missing: /abs/nope does not exist.',
      '/file: /abs/file is a file, not a folder.',
      '/rel: not/absolute is not an absolute path.',
    ]);
  });

  it('does not check the host folder of an unmounted volume', () => {
    assert.deepEqual(
      runConfigProblems(config({ volumes: [{ containerPath: '/data', hostPath: '', readOnly: false }] }), () => 'missing'),
      [],
    );
  });

  it('reports a bad container name', () => {
    const problems = runConfigProblems(config({ name: 'bad name' }), folders);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /starts with a letter or digit/);
  });
});

describe('statPath', () => {
  it('a folder, a file, or nothing there', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-stat-path-'));
    try {
      fs.writeFileSync(path.join(dir, 'f'), '');
      assert.equal(statPath(dir), 'folder');
      assert.equal(statPath(path.join(dir, 'f')), 'file');
      assert.equal(statPath(path.join(dir, 'missing')), 'missing');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
