/**
 * The build context (src/engine/buildContext.ts): which paths .dockerignore leaves out, and
 * the tar stream of a real temporary folder, read back entry by entry. A folder that is
 * left out is not walked unless something may come back from inside it, as the Docker
 * CLI decides it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { extract } from 'tar-stream';
import { createContextFilter, packBuildContext, parseDockerignore } from '../../src/engine/buildContext';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-context-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** The entries of the context's tar stream: names, folders with a trailing "/". */
async function entries(dir: string, dockerfile = 'Dockerfile'): Promise<string[]> {
  const names: string[] = [];
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    names.push(header.type === 'directory' ? `${header.name.replace(/\/$/, '')}/` : header.name);
    stream.on('end', next);
    stream.resume();
  });
  const done = new Promise<void>((resolve, reject) => {
    reader.on('finish', () => resolve());
    reader.on('error', reject);
  });
  packBuildContext(dir, dockerfile).pipe(reader);
  await done;
  return names.sort();
}

describe('build context', () => {
  it('reads .dockerignore lines without comments, blanks or carriage returns', () => {
    assert.deepEqual(parseDockerignore('# comment\r\nnode_modules\r\n\r\n  *.log  \n!keep.log\n'), ['node_modules', '*.log', '!keep.log']);
  });

  it('a folder left out by an allow-list ("*", "!src") is not walked: only folders an exception starts with are', () => {
    const asked: string[] = [];
    const excluded = createContextFilter(['*', '!src', '!Dockerfile'], 'Dockerfile');
    const isDir = (rel: string) => () => {
      asked.push(rel);
      return true;
    };
    assert.equal(excluded('node_modules', isDir('node_modules')), true, 'node_modules is left out whole');
    assert.equal(excluded('src', isDir('src')), false);
    assert.equal(excluded('src/app.js', false), false);
    assert.equal(excluded('notes.txt', false), true);
    assert.equal(excluded('Dockerfile', false), false);
    assert.equal(excluded('.dockerignore', false), false, 'always sent, as the CLI does');
    assert.deepEqual(asked, ['node_modules'], 'a stat only for the path a pattern leaves out');
  });

  it('walks a left-out folder when an exception or the Dockerfile is inside it, and leaves out the rest of it', () => {
    const excluded = createContextFilter(['docs', 'build', '!build/keep.txt'], 'docs/Dockerfile');
    assert.equal(excluded('docs', true), false, 'the Dockerfile is in there');
    assert.equal(excluded('docs/Dockerfile', false), false);
    assert.equal(excluded('docs/guide.md', false), true);
    assert.equal(excluded('build', true), false, '!build/keep.txt is in there');
    assert.equal(excluded('build/keep.txt', false), false);
    assert.equal(excluded('build/out.o', false), true);
  });

  it('packs what is sent and no entry of a folder left out whole', async () => {
    const dir = folder('allow', {
      Dockerfile: 'FROM debian:bookworm-slim\nCOPY src /src\n',
      '.dockerignore': '*\n!src\n!Dockerfile\n',
      'src/a.js': 'a',
      'src/lib/b.js': 'b',
      'notes.txt': 'private',
      'node_modules/x/index.js': 'x',
      'node_modules/y/index.js': 'y',
    });
    assert.deepEqual(await entries(dir), ['./', '.dockerignore', 'Dockerfile', 'src/', 'src/a.js', 'src/lib/', 'src/lib/b.js']);
  });

  it('packs a Dockerfile that sits in a left-out folder, without the rest of that folder', async () => {
    const dir = folder('nested', {
      'docker/Dockerfile': 'FROM debian:bookworm-slim\n',
      'docker/secret.env': 'TOKEN=1',
      '.dockerignore': 'docker\n*.log\n',
      'app.py': 'print()',
      'debug.log': 'log',
    });
    assert.deepEqual(await entries(dir, 'docker/Dockerfile'), ['./', '.dockerignore', 'app.py', 'docker/', 'docker/Dockerfile']);
  });
});
