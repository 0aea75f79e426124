/**
 * `compose config` messages as problems on the file. The docker-compose 1.29 messages are
 * recorded from Debian 12's docker-compose 1.29.2-3 (`docker-compose -f FILE config -q`
 * on the files below). The Compose v2 ones are NOT run here (no v2 is installable): they
 * are written from Compose v2's formats as its users report them (go-yaml's "yaml: line N",
 * "validating FILE: PATH …", "… : invalid compose project"), marked "v2 (written, not run)".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfigProblems, type ProblemContext } from '../../src/compose/composeProblems';

const dir = '/tmp/i17-exp/err';
const texts: Record<string, string> = {
  [`${dir}/bad1.yaml`]: 'services:\n  web:\n    image: debian\n   ports:\n      - "80:80"\n',
  [`${dir}/bad2.yaml`]: 'services:\n  web:\n    image: "debian\n',
  [`${dir}/tab.yaml`]: 'version: "3.8"\nservices:\n  web:\n    image: debian\n\tports: []\n',
  [`${dir}/unknown.yaml`]: 'services:\n  web:\n    image: debian\n    portz: ["80"]\n',
  [`${dir}/type.yaml`]: 'services:\n  web:\n    image: debian\n    ports: 8080\n',
  [`${dir}/two.yaml`]: 'services:\n  web:\n    image: debian\n    ports: 8080\n    portz: 1\n',
  [`${dir}/dotted.yaml`]: 'services:\n  my.app:\n    image: debian\n    ports: 8080\n  web:\n    image: debian\n    networks: [nope]\n',
  [`${dir}/dep.yaml`]: 'services:\n  web:\n    image: debian\n    depends_on: [db]\n',
  [`${dir}/deplong.yaml`]: 'services:\n  web:\n    image: debian\n    depends_on:\n      db:\n        condition: service_healthy\n',
  [`${dir}/vol.yaml`]: 'services:\n  web:\n    image: debian\n    volumes:\n      - data:/data\n',
  [`${dir}/interp.yaml`]: 'services:\n  web:\n    image: "debian:${TAG"\n',
  [`${dir}/unset.yaml`]: 'services:\n  web:\n    image: "debian:${UNSET_TAG_X}"\n',
  [`${dir}/env.yaml`]: 'services:\n  web:\n    image: debian\n    environment:\n      A: [1]\n    ports: ["abc:80"]\n',
  [`${dir}/envfile.yaml`]: 'services:\n  web:\n    image: debian\n    env_file: nothere.env\n',
};
const contextFor = (...names: string[]): ProblemContext => ({
  files: names.map((n) => `${dir}/${n}`),
  cwd: dir,
  readText: (f) => texts[f],
});
const one = (output: string, ...names: string[]) => {
  const problems = parseConfigProblems(output, contextFor(...names));
  assert.equal(problems.length, 1, JSON.stringify(problems));
  return problems[0];
};

describe('docker-compose 1.29 config problems (recorded)', () => {
  it("bad YAML: at the problem's mark, not the context's, with both in the message", () => {
    const out = `yaml.parser.ParserError: while parsing a block mapping\n  in "${dir}/bad1.yaml", line 2, column 3\nexpected <block end>, but found '<block mapping start>'\n  in "${dir}/bad1.yaml", line 4, column 4\n`;
    assert.deepEqual(one(out, 'bad1.yaml'), {
      file: `${dir}/bad1.yaml`,
      line: 4,
      column: 4,
      severity: 'error',
      message: "expected <block end>, but found '<block mapping start>' (while parsing a block mapping)",
    });
    // The same, as 1.29 prints it for a relative -f (and with "ERROR: " on a terminal).
    const relative = `ERROR: yaml.scanner.ScannerError: while scanning a quoted scalar\n  in "./bad2.yaml", line 3, column 12\nfound unexpected end of stream\n  in "./bad2.yaml", line 4, column 1\n`;
    assert.deepEqual(one(relative, 'bad2.yaml'), {
      file: `${dir}/bad2.yaml`,
      line: 4,
      column: 1,
      severity: 'error',
      message: 'found unexpected end of stream (while scanning a quoted scalar)',
    });
    const tab = `yaml.scanner.ScannerError: while scanning for the next token\nfound character '\\t' that cannot start any token\n  in "./tab.yaml", line 5, column 1\n`;
    assert.equal(one(tab, 'tab.yaml').line, 5);
  });

  it('an unknown key: at the key', () => {
    const out = `The Compose file '${dir}/unknown.yaml' is invalid because:\nUnsupported config option for services.web: 'portz'\n`;
    assert.deepEqual(one(out, 'unknown.yaml'), {
      file: `${dir}/unknown.yaml`,
      line: 4,
      column: 5,
      severity: 'error',
      message: "Unsupported config option for services.web: 'portz'",
    });
  });

  it('a wrong type: at the key, each reason its own problem, dotted service names too', () => {
    const out = `The Compose file './type.yaml' is invalid because:\nservices.web.ports contains an invalid type, it should be an array\n`;
    assert.deepEqual(one(out, 'type.yaml'), {
      file: `${dir}/type.yaml`,
      line: 4,
      column: 5,
      severity: 'error',
      message: 'services.web.ports contains an invalid type, it should be an array',
    });
    const two = parseConfigProblems(
      `The Compose file '${dir}/two.yaml' is invalid because:\nUnsupported config option for services.web: 'portz'\nservices.web.ports contains an invalid type, it should be an array\n`,
      contextFor('two.yaml'),
    );
    assert.deepEqual(
      two.map((p) => p.line),
      [5, 4],
    );
    const dotted = one(
      `The Compose file '${dir}/dotted.yaml' is invalid because:\nservices.my.app.ports contains an invalid type, it should be an array\n`,
      'dotted.yaml',
    );
    assert.equal(dotted.line, 4);
    const env = parseConfigProblems(
      `The Compose file '${dir}/env.yaml' is invalid because:\nservices.web.ports contains an invalid type, it should be a number, or an object\nservices.web.environment.A contains [1], which is an invalid type, it should be a string, number, or a null\n`,
      contextFor('env.yaml'),
    );
    assert.deepEqual(
      env.map((p) => [p.line, p.column]),
      [
        [6, 5],
        [5, 7],
      ],
    );
  });

  it('an undefined service in depends_on: at the name in the list (short and long form)', () => {
    const out = "Service 'web' depends on service 'db' which is undefined.\n";
    assert.deepEqual(one(out, 'dep.yaml'), {
      file: `${dir}/dep.yaml`,
      line: 4,
      column: 18,
      severity: 'error',
      message: "Service 'web' depends on service 'db' which is undefined.",
    });
    assert.equal(one(out, 'deplong.yaml').line, 5);
  });

  it('an undeclared volume, a bad interpolation: at what they name in the service', () => {
    assert.equal(
      one('Named volume "data:/data:rw" is used in service "web" but no declaration was found in the volumes section.\n', 'vol.yaml').line,
      4,
    );
    assert.equal(one('Invalid interpolation format for "image" option in service "web": "debian:${TAG"\n', 'interp.yaml').line, 3);
  });

  it("a message that points nowhere is the file's problem; an unset variable a warning where it is used", () => {
    assert.deepEqual(one(`Couldn't find env file: ${dir}/nothere.env\n`, 'envfile.yaml'), {
      file: `${dir}/envfile.yaml`,
      severity: 'error',
      message: `Couldn't find env file: ${dir}/nothere.env`,
    });
    assert.deepEqual(one('The UNSET_TAG_X variable is not set. Defaulting to a blank string.\n', 'unset.yaml'), {
      file: `${dir}/unset.yaml`,
      line: 3,
      column: 20,
      severity: 'warning',
      message: 'The UNSET_TAG_X variable is not set. Defaulting to a blank string.',
    });
    assert.deepEqual(parseConfigProblems('', contextFor('dep.yaml')), []);
  });

  it('with several files, a service message lands in the last file that has the service', () => {
    const p = one("Service 'web' depends on service 'db' which is undefined.\n", 'unknown.yaml', 'dep.yaml');
    assert.equal(p.file, `${dir}/dep.yaml`);
  });
});

describe('Compose v2 config problems (written, not run)', () => {
  it('go-yaml errors name a line (of the first file when no file is named)', () => {
    assert.deepEqual(one('yaml: line 4: did not find expected key\n', 'bad1.yaml'), {
      file: `${dir}/bad1.yaml`,
      line: 4,
      column: 1,
      severity: 'error',
      message: 'did not find expected key',
    });
    assert.equal(
      one(`parsing ${dir}/bad2.yaml: yaml: line 3: found unexpected end of stream\n`, 'bad1.yaml', 'bad2.yaml').file,
      `${dir}/bad2.yaml`,
    );
    const unmarshal = parseConfigProblems(
      'yaml: unmarshal errors:\n  line 4: cannot unmarshal !!int `8080` into []interface {}\n',
      contextFor('type.yaml'),
    );
    assert.deepEqual(
      unmarshal.map((p) => [p.line, p.message]),
      [[4, 'cannot unmarshal !!int `8080` into []interface {}']],
    );
  });

  it('"validating FILE:" messages: at the key they name', () => {
    assert.equal(one(`validating ${dir}/unknown.yaml: services.web Additional property portz is not allowed\n`, 'unknown.yaml').line, 4);
    assert.equal(one(`validating ${dir}/unknown.yaml: services.web additional properties 'portz' not allowed\n`, 'unknown.yaml').line, 4);
    assert.equal(one(`validating ${dir}/type.yaml: services.web.ports must be a list\n`, 'type.yaml').line, 4);
    const root = one(`validating ${dir}/unknown.yaml: (root) Additional property services is not allowed\n`, 'unknown.yaml');
    assert.deepEqual([root.line, root.column], [1, 1]);
  });

  it('"invalid compose project": at the named dependency, the suffix dropped', () => {
    const p = one('service "web" depends on undefined service "db": invalid compose project\n', 'dep.yaml');
    assert.deepEqual(p, {
      file: `${dir}/dep.yaml`,
      line: 4,
      column: 18,
      severity: 'error',
      message: 'service "web" depends on undefined service "db"',
    });
    assert.equal(one('service "web" refers to undefined volume data: invalid compose project\n', 'vol.yaml').line, 4);
  });
});
