import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { portFromTask, runConfigFromTask, volumeFromTask } from '../../src/tasks/runTaskDefinition';

const allFolders = () => 'folder' as const;
const problemOf = (result: object): string => {
  assert.ok('problem' in result, `expected a problem, got ${JSON.stringify(result)}`);
  return (result as { problem: string }).problem;
};

describe('runConfigFromTask', () => {
  it('maps a full task to the run config Run Image… sends, removing the container when done by default', () => {
    assert.deepEqual(
      runConfigFromTask(
        {
          image: 'app:dev',
          ports: ['8080:80', '53:53/udp', '9000'],
          volumes: ['./data:/data:ro', '/abs:/abs', 'cache:/cache'],
          env: { MODE: 'dev' },
          args: ['--greeting', 'hello world'],
          name: 'app-dev',
        },
        '/w',
        allFolders,
      ),
      {
        image: 'app:dev',
        name: 'app-dev',
        args: ['--greeting', 'hello world'],
        env: { MODE: 'dev' },
        ports: [
          { containerPort: 80, protocol: 'tcp', hostPort: 8080 },
          { containerPort: 53, protocol: 'udp', hostPort: 53 },
          { containerPort: 9000, protocol: 'tcp', hostPort: 9000 },
        ],
        volumes: [
          { hostPath: '/w/data', containerPath: '/data', readOnly: true },
          { hostPath: '/abs', containerPath: '/abs', readOnly: false },
          { hostPath: 'cache', containerPath: '/cache', readOnly: false, kind: 'volume' },
        ],
        autoRemove: true,
        user: '',
      },
    );
  });

  it('keeps the container when autoRemove is false, and lets the engine name it when no name is given', () => {
    const config = runConfigFromTask({ image: 'app:dev', autoRemove: false }, '/w', allFolders);
    assert.ok(!('problem' in config));
    assert.equal(config.autoRemove, false);
    assert.equal(config.name, '');
    assert.deepEqual(config.ports, []);
  });

  it('asks for an image, and says where to get one', () => {
    assert.match(problemOf(runConfigFromTask({}, '/w', allFolders)), /needs an "image".*build task/);
    assert.match(problemOf(runConfigFromTask({ image: '  ' }, '/w', allFolders)), /needs an "image"/);
    assert.match(problemOf(runConfigFromTask({ image: 'my app' }, '/w', allFolders)), /has a space/);
  });

  it('refuses values of the wrong type, naming the property', () => {
    const wrong = (definition: object) => problemOf(runConfigFromTask({ image: 'a', ...definition }, '/w', allFolders));
    assert.match(wrong({ ports: '8080:80' }), /"ports" must be a list of strings/);
    assert.match(wrong({ args: ['a', 1] }), /"args" must be a list of strings/);
    assert.match(wrong({ volumes: {} }), /"volumes" must be a list of strings/);
    assert.match(wrong({ env: { N: 1 } }), /variable "N" must be a string/);
    assert.match(wrong({ env: { '1X': 'a' } }), /variable "1X": A variable name/);
    assert.match(wrong({ name: 3 }), /"name" must be a string/);
  });

  it('passes on what the run form would refuse: a missing folder, a bad name, the same port twice', () => {
    const missing = () => 'missing' as const;
    assert.match(problemOf(runConfigFromTask({ image: 'a', volumes: ['./data:/data'] }, '/w', missing)), /\/w\/data does not exist/);
    assert.match(problemOf(runConfigFromTask({ image: 'a', name: '-x' }, '/w', allFolders)), /A name starts with a letter/);
    assert.match(problemOf(runConfigFromTask({ image: 'a', ports: ['8080:80', '8080:81'] }, '/w', allFolders)), /already mapped/);
  });
});

describe('portFromTask', () => {
  it('reads docker run -p forms and says what is wrong with others', () => {
    assert.deepEqual(portFromTask(' 8080:80/tcp '), { containerPort: 80, protocol: 'tcp', hostPort: 8080 });
    assert.match(problemOf(portFromTask('http')), /"http" is not HOST:CONTAINER/);
    assert.match(problemOf(portFromTask('8080:80/sctp')), /is not HOST:CONTAINER/);
    assert.match(problemOf(portFromTask('70000:80')), /"70000:80": A port is a whole number/);
    assert.match(problemOf(portFromTask('80:0')), /"80:0": A container port is a number/);
  });
});

describe('volumeFromTask', () => {
  it('tells folders (absolute or ./) from named volumes, and refuses ~ and odd modes', () => {
    assert.deepEqual(volumeFromTask('../up:/up:rw', '/w/app'), { hostPath: '/w/up', containerPath: '/up', readOnly: false });
    assert.match(problemOf(volumeFromTask('~/x:/x', '/w')), /absolute path or one relative/);
    assert.match(problemOf(volumeFromTask('/x:/x:z', '/w')), /is not SOURCE:\/path/);
    assert.match(problemOf(volumeFromTask('/only', '/w')), /is not SOURCE:\/path/);
  });
});
