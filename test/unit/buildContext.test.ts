/**
 * The build context (src/engine/buildContext.ts, src/engine/contextPacker.ts): which paths
 * .dockerignore leaves out, and the tar stream of a real temporary folder, read back entry
 * by entry with tar-stream's parser. A folder that is left out is not walked unless
 * something may come back from inside it, as the Docker CLI decides it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { extract, type Header } from 'tar-stream';
import { createContextFilter, packBuildContext, parseDockerignore } from '../../src/engine/buildContext';
import { ContextPacker } from '../../src/engine/contextPacker';

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

interface PackedEntry {
  header: Header;
  body: Buffer;
}

/** The context's tar stream read back whole, in its order, and how many chunks it came in. */
async function unpack(
  dir: string,
  dockerfile = 'Dockerfile',
  onChunk: (chunk: Buffer) => void = () => undefined,
): Promise<{ entries: PackedEntry[]; chunks: number }> {
  const packed: PackedEntry[] = [];
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const parts: Buffer[] = [];
    // Cut short, the entry's stream fails with the reader, whose error is the one the promise below gives.
    stream.on('error', () => undefined);
    stream.on('data', (part) => parts.push(part as Buffer));
    stream.on('end', () => {
      packed.push({ header, body: Buffer.concat(parts) });
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => {
    reader.on('finish', () => resolve());
    reader.on('error', reject);
  });
  const context = packBuildContext(dir, dockerfile);
  let chunks = 0;
  context.on('data', (chunk: Buffer) => {
    chunks++;
    onChunk(chunk);
  });
  context.on('error', (err) => reader.destroy(err));
  context.pipe(reader);
  await done;
  return { entries: packed, chunks };
}

/** The entries of the context's tar stream: names, folders with a trailing "/". */
async function entries(dir: string, dockerfile = 'Dockerfile'): Promise<string[]> {
  const { entries: packed } = await unpack(dir, dockerfile);
  return packed.map(({ header }) => (header.type === 'directory' ? `${header.name.replace(/\/$/, '')}/` : header.name)).sort();
}

describe('build context', () => {
  it('reads .dockerignore lines without comments, blanks or carriage returns', () => {
    assert.deepEqual(parseDockerignore('# comment\r\nnode_modules\r\n\r\n  *.log  \n!keep.log\n'), ['node_modules', '*.log', '!keep.log']);
  });

  it('a folder left out by an allow-list ("*", "!src") is not walked: only folders an exception starts with are', () => {
    const asked: string[] = [];
    const verdictOf = createContextFilter(['*', '!src', '!Dockerfile'], 'Dockerfile');
    const isDir = (rel: string) => () => {
      asked.push(rel);
      return true;
    };
    assert.equal(verdictOf('node_modules', isDir('node_modules')), 'leaveOut', 'node_modules is left out whole');
    assert.equal(verdictOf('src', isDir('src')), 'send');
    assert.equal(verdictOf('src/app.js', false), 'send');
    assert.equal(verdictOf('notes.txt', false), 'leaveOut');
    assert.equal(verdictOf('Dockerfile', false), 'send');
    assert.equal(verdictOf('.dockerignore', false), 'send', 'always sent, as the CLI does');
    assert.deepEqual(asked, ['node_modules'], 'a stat only for the path a pattern leaves out');
  });

  it('matches with case, as docker build does: "SECRET.txt" and "Build" leave out neither secret.txt nor build/', () => {
    const verdictOf = createContextFilter(['SECRET.txt', 'Build'], 'Dockerfile');
    assert.equal(verdictOf('secret.txt', false), 'send');
    assert.equal(verdictOf('build', true), 'send');
    assert.equal(verdictOf('SECRET.txt', false), 'leaveOut');
    assert.equal(verdictOf('Build', true), 'leaveOut');
  });

  it('walks a left-out folder when an exception or the Dockerfile is inside it, and leaves out the rest of it', () => {
    const verdictOf = createContextFilter(['docs', 'build', '!build/keep.txt'], 'docs/Dockerfile');
    assert.equal(verdictOf('docs', true), 'lookInside', 'the Dockerfile is in there');
    assert.equal(verdictOf('docs/Dockerfile', false), 'send');
    assert.equal(verdictOf('docs/guide.md', false), 'leaveOut');
    assert.equal(verdictOf('build', true), 'lookInside', '!build/keep.txt is in there');
    assert.equal(verdictOf('build/keep.txt', false), 'send');
    assert.equal(verdictOf('build/out.o', false), 'leaveOut');
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

  it('packs a Dockerfile that sits in a left-out folder, without the rest of that folder or an entry of its own', async () => {
    const dir = folder('nested', {
      'docker/Dockerfile': 'FROM debian:bookworm-slim\n',
      'docker/secret.env': 'TOKEN=1',
      '.dockerignore': 'docker\n*.log\n',
      'app.py': 'print()',
      'debug.log': 'log',
    });
    assert.deepEqual(await entries(dir, 'docker/Dockerfile'), ['./', '.dockerignore', 'app.py', 'docker/Dockerfile']);
  });

  it('walks a folder that an exception re-includes from inside a left-out one, and sends only what comes back (as the Docker CLI, no entry of the left-out folder)', async () => {
    const dir = folder('reinclude', {
      Dockerfile: 'FROM debian:bookworm-slim\n',
      '.dockerignore': 'node_modules\n!node_modules/keep\n*.log\n!important.log\n',
      'node_modules/keep/index.js': 'k',
      'node_modules/drop/index.js': 'd',
      'node_modules/top.js': 't',
      'debug.log': 'l',
      'important.log': 'i',
      'src/deep/trace.log': 'l',
    });
    assert.deepEqual(await entries(dir), [
      './',
      '.dockerignore',
      'Dockerfile',
      'important.log',
      'node_modules/keep/',
      'node_modules/keep/index.js',
      'src/',
      'src/deep/',
      'src/deep/trace.log', // "*.log" is only the top folder's, as in Docker
    ]);
  });

  it('a later pattern wins over an earlier one, both ways', async () => {
    const dir = folder('later', {
      Dockerfile: 'FROM debian:bookworm-slim\n',
      '.dockerignore': '!a.txt\n*.txt\ndocs\n!docs\n',
      'a.txt': 'a',
      'docs/guide.md': 'g',
    });
    assert.deepEqual(await entries(dir), ['./', '.dockerignore', 'Dockerfile', 'docs/', 'docs/guide.md']);
  });

  it('does not list a left-out folder at all: its paths are never matched', () => {
    const dir = folder('pruned', {
      Dockerfile: 'FROM debian:bookworm-slim\n',
      '.dockerignore': 'node_modules\n',
      'node_modules/a/index.js': 'a',
      'src/a.js': 'a',
    });
    const asked: string[] = [];
    const verdictOf = createContextFilter(['node_modules'], 'Dockerfile');
    const packer = new ContextPacker(dir, (rel, isDirectory) => {
      asked.push(rel);
      return verdictOf(rel, isDirectory);
    });
    return new Promise<void>((resolve, reject) => {
      packer.on('error', reject);
      packer.on('end', () => {
        assert.deepEqual(asked.sort(), ['.dockerignore', 'Dockerfile', 'node_modules', 'src', 'src/a.js']);
        resolve();
      });
      packer.resume();
    });
  });

  it('sends bodies whole (empty, small, bigger than a slice), modes as on disk, links as links, in name order', async () => {
    const big = Buffer.alloc(700 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) % 251;
    const dir = folder('bodies', { Dockerfile: 'FROM debian:bookworm-slim\n', 'b/empty': '', 'a/small.txt': 'hello' });
    fs.writeFileSync(path.join(dir, 'b', 'big.bin'), big);
    fs.chmodSync(path.join(dir, 'a', 'small.txt'), 0o775);
    fs.symlinkSync('a/small.txt', path.join(dir, 'link'));
    const { entries: packed } = await unpack(dir);
    assert.deepEqual(
      packed.map(({ header }) => header.name),
      ['./', 'Dockerfile', 'a/', 'a/small.txt', 'b/', 'b/big.bin', 'b/empty', 'link'],
      'depth first, names in order',
    );
    const byName = new Map(packed.map((entry) => [entry.header.name, entry]));
    assert.ok(byName.get('b/big.bin')?.body.equals(big), 'the big file arrives intact');
    assert.equal(byName.get('b/empty')?.body.length, 0);
    assert.equal(byName.get('a/small.txt')?.body.toString(), 'hello');
    assert.equal(byName.get('a/small.txt')?.header.mode, 0o775, 'group-writable stays so, as docker build sends it');
    assert.deepEqual([byName.get('link')?.header.type, byName.get('link')?.header.linkname], ['symlink', 'a/small.txt']);
    assert.ok(packed.every(({ header }) => header.uid === 0 && header.gid === 0));
  });

  it('packs many small files into few chunks, not a write per header and body', async () => {
    const files: Record<string, string> = { Dockerfile: 'FROM debian:bookworm-slim\n' };
    for (let i = 0; i < 300; i++) files[`src/module${i}.js`] = `export const n = ${i};\n`;
    const { entries: packed, chunks } = await unpack(folder('many', files));
    assert.equal(packed.length, 303);
    assert.ok(chunks <= 3, `${chunks} chunks for 303 entries`);
  });

  it('sends long and non-ASCII names and a long link target whole (ustar prefix or PAX), folders with a trailing "/"', async () => {
    const deep = `${'deep/'.repeat(30)}file.txt`; // 158 characters: ustar's prefix holds it
    const longLeaf = `long/${'x'.repeat(120)}.txt`; // a last part past 100: only PAX holds it
    const dir = folder('names', {
      Dockerfile: 'FROM debian:bookworm-slim\n',
      [deep]: 'd',
      [longLeaf]: 'l',
      'données/café.txt': 'c',
    });
    fs.symlinkSync(deep, path.join(dir, 'far'));
    const { entries: packed } = await unpack(dir);
    const byName = new Map(packed.map(({ header }) => [header.name, header]));
    for (const name of [deep, longLeaf, 'données/café.txt', 'données/', 'deep/deep/', 'long/']) assert.ok(byName.has(name), name);
    assert.equal(byName.get('données/')?.type, 'directory');
    assert.deepEqual([byName.get('far')?.type, byName.get('far')?.linkname], ['symlink', deep]);
    assert.equal(packed.find(({ header }) => header.name === longLeaf)?.body.toString(), 'l');
  });

  it('sends modes as they are (0 too, and setgid on a folder) and times in seconds, past 2038 too', async () => {
    const dir = folder('modes', { Dockerfile: 'FROM debian:bookworm-slim\n', 'locked/none': '', 'later.txt': 'l' });
    fs.chmodSync(path.join(dir, 'locked', 'none'), 0);
    fs.chmodSync(path.join(dir, 'locked'), 0o2775);
    fs.utimesSync(path.join(dir, 'Dockerfile'), 1_700_000_000.75, 1_700_000_000.75);
    fs.utimesSync(path.join(dir, 'later.txt'), 4_102_444_800, 4_102_444_800); // 2100-01-01
    const { entries: packed } = await unpack(dir);
    const byName = new Map(packed.map(({ header }) => [header.name, header]));
    assert.equal(byName.get('locked/none')?.mode, 0);
    assert.equal(byName.get('locked/')?.mode, 0o2775);
    assert.equal(byName.get('Dockerfile')?.mtime?.getTime(), 1_700_000_000_000);
    assert.equal(byName.get('later.txt')?.mtime?.getTime(), 4_102_444_800_000);
  });

  it('leaves out sockets and files gone since their folder was listed', async () => {
    const dir = folder('gone', { Dockerfile: 'FROM debian:bookworm-slim\n', 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' });
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'app.sock'), resolve));
    try {
      const verdictOf = createContextFilter([], 'Dockerfile');
      // A folder's children are matched last to first: "a.txt" is the last asked, after b.txt was listed.
      const packer = new ContextPacker(dir, (rel, isDirectory) => {
        if (rel === 'a.txt') fs.rmSync(path.join(dir, 'b.txt'));
        return verdictOf(rel, isDirectory);
      });
      const names: string[] = [];
      const reader = extract();
      reader.on('entry', (header, stream, next) => {
        names.push(header.name);
        stream.on('end', next);
        stream.resume();
      });
      const done = new Promise<void>((resolve, reject) => {
        reader.on('finish', () => resolve());
        reader.on('error', reject);
        packer.on('error', reject);
      });
      packer.pipe(reader);
      await done;
      assert.deepEqual(names, ['./', 'Dockerfile', 'a.txt', 'c.txt']);
    } finally {
      server.close();
    }
  });

  it('refuses a file that got shorter while it was being sent, naming it and what to do', async () => {
    const dir = folder('shorter', { Dockerfile: 'FROM debian:bookworm-slim\n' });
    fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(1024 * 1024));
    let truncated = false;
    await assert.rejects(
      unpack(dir, 'Dockerfile', () => {
        if (!truncated) fs.truncateSync(path.join(dir, 'big.bin'), 1000);
        truncated = true;
      }),
      /big\.bin got shorter while the build context was being sent: build again once it is written\./,
    );
  });

  it('reads a big file no further ahead than the reader takes', async () => {
    const dir = folder('paused', { Dockerfile: 'FROM debian:bookworm-slim\n' });
    fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(16 * 1024 * 1024));
    const context = packBuildContext(dir, 'Dockerfile');
    await new Promise<void>((resolve) =>
      context.once('data', () => {
        context.pause();
        resolve();
      }),
    );
    for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
    const bigFd = fs.readdirSync('/proc/self/fd').find((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`) === path.join(dir, 'big.bin');
      } catch {
        return false; // the listing's own descriptor, closed by now
      }
    });
    assert.ok(bigFd, 'big.bin is open');
    const position = Number(/^pos:\s+(\d+)/m.exec(fs.readFileSync(`/proc/self/fdinfo/${bigFd}`, 'utf8'))?.[1]);
    assert.ok(position <= 3 * 256 * 1024, `read ${position} bytes of 16 MiB with the reader paused`);
    assert.ok(context.readableLength <= 2 * 256 * 1024, `${context.readableLength} bytes waiting`);
    context.destroy();
    await new Promise((resolve) => context.once('close', resolve));
  });

  it('refuses a pipe in the context, naming it and what to do', async () => {
    const dir = folder('fifo', { Dockerfile: 'FROM debian:bookworm-slim\n' });
    execFileSync('mkfifo', [path.join(dir, 'queue')]);
    await assert.rejects(unpack(dir), /queue is a pipe or a device.*\.dockerignore/);
  });

  it('closes the file it was reading when the stream is destroyed part way', async () => {
    const dir = folder('destroyed', { Dockerfile: 'FROM debian:bookworm-slim\n' });
    fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(2 * 1024 * 1024));
    const openFiles = () => fs.readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const context = packBuildContext(dir, 'Dockerfile');
    await new Promise<void>((resolve) =>
      context.once('data', () => {
        context.pause(); // here, before the stream reads on in its next tick
        resolve();
      }),
    );
    assert.equal(openFiles(), before + 1, 'big.bin is open mid-way');
    context.destroy();
    await new Promise((resolve) => context.once('close', resolve));
    assert.equal(openFiles(), before);
  });
});
