import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  KEEP_VOLUMES,
  REMOVE_VOLUMES,
  composeSourceFrom,
  composeSourceLabel,
  downCommandFor,
  downQuestion,
  isCheckedComposeDocument,
  problemsByFile,
} from '../../src/compose/composeSources';
import type { ComposeProject } from '../../src/compose/composeProjects';

const project: ComposeProject = { name: 'shop', configFiles: ['/p/compose.yaml'], members: [], running: 0 };

describe('composeSources', () => {
  it('a project node is the project; an Explorer Uri or a path is the file; nothing asks', () => {
    assert.deepEqual(composeSourceFrom([{ project, id: 'composeProject:shop' }]), { kind: 'project', project });
    assert.deepEqual(composeSourceFrom([{ scheme: 'file', fsPath: '/w/compose.yaml' }, [{}]]), { kind: 'file', file: '/w/compose.yaml' });
    assert.deepEqual(composeSourceFrom(['/w/docker-compose.yml']), { kind: 'file', file: '/w/docker-compose.yml' });
    assert.deepEqual(composeSourceFrom([]), { kind: 'none' });
    assert.deepEqual(composeSourceFrom(['']), { kind: 'none' });
    // A file of another file system (a remote or virtual one) cannot be handed to the CLI.
    assert.deepEqual(composeSourceFrom([{ scheme: 'vscode-vfs', fsPath: '/w/compose.yaml' }]), { kind: 'none' });
    assert.deepEqual(composeSourceFrom([{ project: { name: 'x' } }]), { kind: 'none' }, 'not a project without members');
  });

  it('names a project by its name and a file by its base name', () => {
    assert.equal(
      composeSourceLabel({ kind: 'project', project }, () => 'unused'),
      'project shop',
    );
    assert.equal(
      composeSourceLabel({ kind: 'file', file: '/w/app/compose.yaml' }, (p) => p.split('/').pop() ?? ''),
      'compose.yaml',
    );
  });

  it('Down asks about volumes and removes them only when told; dismissing does nothing', () => {
    const question = downQuestion('project shop');
    assert.equal(question.message, 'Compose Down project shop?');
    assert.match(question.detail, /volumes .* stay unless/);
    assert.deepEqual(question.choices, [KEEP_VOLUMES, REMOVE_VOLUMES]);
    assert.deepEqual(downCommandFor(KEEP_VOLUMES), { kind: 'down', volumes: false });
    assert.deepEqual(downCommandFor(REMOVE_VOLUMES), { kind: 'down', volumes: true });
    assert.equal(downCommandFor(undefined), undefined);
  });

  it('problems go to their files; one naming no file goes to the first; a checked file with none is cleared', () => {
    const byFile = problemsByFile(
      [
        { file: '/p/compose.yaml', line: 3, message: 'bad port', severity: 'error' },
        { file: '', message: 'no file named', severity: 'warning' },
        { file: '/p/other.yaml', line: 1, message: 'elsewhere', severity: 'error' },
      ],
      ['/p/compose.yaml', '/p/override.yaml'],
    );
    assert.deepEqual(
      [...byFile.entries()].map(([f, list]) => [f, list.map((p) => `${p.file}:${p.message}`)]),
      [
        ['/p/compose.yaml', ['/p/compose.yaml:bad port', '/p/compose.yaml:no file named']],
        ['/p/override.yaml', []],
        ['/p/other.yaml', ['/p/other.yaml:elsewhere']],
      ],
    );
  });

  it('checks compose files on disk only', () => {
    assert.equal(isCheckedComposeDocument({ uri: { scheme: 'file', fsPath: '/w/compose.yaml' } }), true);
    assert.equal(isCheckedComposeDocument({ uri: { scheme: 'file', fsPath: '/w/web.compose.yml' } }), true);
    assert.equal(isCheckedComposeDocument({ uri: { scheme: 'file', fsPath: '/w/values.yaml' } }), false);
    assert.equal(isCheckedComposeDocument({ uri: { scheme: 'untitled', fsPath: 'compose.yaml' } }), false);
  });
});
