/**
 * The build context's tar stream, made as it is read: a folder walked depth first in name
 * order, each folder's entries matched as it is listed, so that a folder left out whole is
 * never opened. The engine gets the first bytes at once and the rest as fast as it reads.
 *
 * Why synchronous file calls: a context is mostly small files, and each asynchronous call
 * is a round trip through libuv's thread pool (lstat, open, read, close: four per file).
 * Done one after another that was most of a build's time on a folder of a few hundred
 * files, while the same calls made directly take microseconds. The work is cut in slices
 * (at most SLICE_BYTES out or SLICE_ENTRIES entries a read), so the event loop still turns
 * between slices, and a big file is read a slice at a time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { BLOCK, encodeTarHeader, paddingOf, type TarEntry } from './tarHeader';

/** What becomes of a path relative to the context (forward slashes); see createContextFilter. */
export type ContextVerdict = 'send' | 'leaveOut' | 'lookInside';
export type ContextFilter = (relativePath: string, isDirectory: boolean | (() => boolean)) => ContextVerdict;

const SLICE_BYTES = 256 * 1024;
const SLICE_ENTRIES = 500;
const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);
/** Not through a link: a file swapped for one after its lstat is refused, not followed. */
const READ_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0);
const WINDOWS = process.platform === 'win32';

interface OpenFile {
  fd: number;
  rel: string;
  /** Body bytes still to read. */
  left: number;
  padding: number;
}

export class ContextPacker extends Readable {
  /** Relative paths still to pack, the next one last ("" is the context folder itself). */
  private readonly pending: string[] = [''];
  /** Folders of `pending` left out but looked inside: their entries are packed, not they. */
  private readonly lookInsideOnly = new Set<string>();
  private file: OpenFile | undefined;
  private ended = false;

  constructor(
    private readonly root: string,
    private readonly verdictOf: ContextFilter,
  ) {
    super({ highWaterMark: SLICE_BYTES });
  }

  override _read(): void {
    const out: Buffer[] = [];
    let bytes = 0;
    let entries = 0;
    try {
      // Until the slice is full, and never return empty-handed before the end (nothing would ask again).
      while (!this.ended && (bytes === 0 || (bytes < SLICE_BYTES && entries < SLICE_ENTRIES))) {
        if (this.file) {
          bytes += this.readBody(this.file, out);
          continue;
        }
        const rel = this.pending.pop();
        if (rel === undefined) {
          out.push(END_OF_ARCHIVE);
          bytes += END_OF_ARCHIVE.length;
          this.ended = true;
          break;
        }
        entries++;
        bytes += this.packEntry(rel, out);
      }
    } catch (err) {
      this.destroy(err as Error);
      return;
    }
    this.push(out.length === 1 ? out[0] : Buffer.concat(out, bytes));
    if (this.ended) this.push(null);
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.closeFile();
    callback(err);
  }

  /** The entry's header (and for a folder, what of it is packed next); the bytes added to `out`. */
  private packEntry(rel: string, out: Buffer[]): number {
    const abs = rel === '' ? this.root : path.join(this.root, rel);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(abs);
    } catch (err) {
      // Gone since its folder was listed: left out, as the Docker CLI does.
      if (rel !== '' && (err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    if (this.lookInsideOnly.delete(rel)) {
      // No entry of its own (the engine makes it when it unpacks what comes back from inside).
      if (stat.isDirectory()) this.queueFolder(rel, abs);
      return 0;
    }
    const entry: TarEntry = {
      name: rel === '' ? '.' : rel,
      type: 'file',
      mode: modeOf(stat),
      size: 0,
      mtime: Math.floor(stat.mtimeMs / 1000),
    };
    if (stat.isDirectory()) {
      entry.type = 'directory';
      this.queueFolder(rel, abs);
    } else if (stat.isSymbolicLink()) {
      entry.type = 'symlink';
      entry.linkname = fs.readlinkSync(abs);
      if (WINDOWS) entry.linkname = entry.linkname.split(path.sep).join('/');
    } else if (stat.isFile()) {
      entry.size = stat.size;
      if (stat.size > 0) {
        let fd: number;
        try {
          fd = fs.openSync(abs, READ_FLAGS);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0; // gone since its lstat
          throw err;
        }
        this.file = { fd, rel, left: stat.size, padding: paddingOf(stat.size) };
      }
    } else if (stat.isSocket()) {
      return 0; // tar has no sockets
    } else {
      throw new Error(`${rel} is a pipe or a device, which a build context cannot hold: leave it out in .dockerignore.`);
    }
    const header = encodeTarHeader(entry);
    out.push(header);
    return header.length;
  }

  /** The folder's entries that are not left out, in name order, next in line. */
  private queueFolder(rel: string, abs: string): void {
    const children = fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      const childRel = rel === '' ? child.name : `${rel}/${child.name}`;
      const verdict = this.verdictOf(childRel, () => child.isDirectory());
      if (verdict === 'leaveOut') continue;
      if (verdict === 'lookInside') this.lookInsideOnly.add(childRel);
      this.pending.push(childRel);
    }
  }

  /** Up to a slice of the open file's body, and its padding once it is all read. */
  private readBody(file: OpenFile, out: Buffer[]): number {
    const want = Math.min(file.left, SLICE_BYTES);
    const chunk = Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const n = fs.readSync(file.fd, chunk, got, want - got, null);
      if (n === 0) {
        throw new Error(`${file.rel} got shorter while the build context was being sent: build again once it is written.`);
      }
      got += n;
    }
    out.push(chunk);
    file.left -= want;
    if (file.left > 0) return want;
    this.closeFile();
    out.push(END_OF_ARCHIVE.subarray(0, file.padding));
    return want + file.padding;
  }

  private closeFile(): void {
    if (!this.file) return;
    const { fd } = this.file;
    this.file = undefined;
    try {
      fs.closeSync(fd);
    } catch {
      // Nothing is lost: the file was only read.
    }
  }
}

/**
 * The permission bits as the Docker CLI sends them: as they are, except on Windows, which
 * has no such bits: there everything is readable and executable, writable by its owner.
 */
function modeOf(stat: fs.Stats): number {
  const mode = stat.mode & 0o7777;
  return WINDOWS ? (mode & 0o755) | 0o111 : mode;
}
