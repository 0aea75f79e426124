/**
 * One tar entry's header block(s), ustar as Go's archive/tar reads it (the engine's side of
 * a build context). A name or link target longer than ustar holds, or not plain ASCII, and a
 * size past ustar's 8 GiB go in a PAX extended header before the entry's own header. Pure.
 *
 * Why not tar-stream's pack() (used elsewhere to read tars): tried and measured (bench/RESULTS.md,
 * "tried and not taken"). It is push-based, a callback per entry, so keeping to the engine's pace
 * around it took more code than this encoder, two of its defaults needed correcting (mode 0 sent
 * as 0644, a ustar time wrapping at 2038), and the first builds of a process were slower.
 */

export type TarEntryType = 'file' | 'directory' | 'symlink';

export interface TarEntry {
  /** Relative, forward slashes; a folder's trailing "/" is added here. */
  name: string;
  type: TarEntryType;
  /** Permission bits (and setuid, setgid, sticky). */
  mode: number;
  /** Bytes of the body; 0 for folders and links. */
  size: number;
  /** Seconds since 1970. */
  mtime: number;
  linkname?: string;
}

export const BLOCK = 512;
const NAME_BYTES = 100;
const MAX_OCTAL_SIZE = 0o77777777777;
const TYPEFLAG: Record<TarEntryType | 'pax', string> = { file: '0', symlink: '2', directory: '5', pax: 'x' };
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** How many zero bytes pad a body of `size` bytes to whole blocks. */
export function paddingOf(size: number): number {
  const rest = size % BLOCK;
  return rest === 0 ? 0 : BLOCK - rest;
}

/** The header block, preceded by a PAX header and its records when ustar cannot say it all. */
export function encodeTarHeader(entry: TarEntry): Buffer {
  const name = entry.type === 'directory' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
  const linkname = entry.linkname ?? '';
  const records: string[] = [];
  if (!fitsUstar(name)) records.push(paxRecord('path', name));
  if (!fitsUstar(linkname)) records.push(paxRecord('linkpath', linkname));
  if (entry.size > MAX_OCTAL_SIZE) records.push(paxRecord('size', String(entry.size)));
  const own = ustarBlock({ ...entry, name, linkname, size: entry.size > MAX_OCTAL_SIZE ? 0 : entry.size }, entry.type);
  if (records.length === 0) return own;
  const body = Buffer.from(records.join(''), 'utf8');
  const paxHeader = ustarBlock({ name: 'PaxHeader', mode: entry.mode, size: body.length, mtime: entry.mtime, linkname: '' }, 'pax');
  return Buffer.concat([paxHeader, body, Buffer.alloc(paddingOf(body.length)), own]);
}

function fitsUstar(text: string): boolean {
  return text.length <= NAME_BYTES && PLAIN_ASCII.test(text);
}

/** "<length> <key>=<value>\n", where the length counts the whole record, its own digits too. */
export function paxRecord(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`;
  const restBytes = Buffer.byteLength(rest, 'utf8');
  let length = restBytes + 1;
  while (restBytes + String(length).length !== length) length++;
  return `${length}${rest}`;
}

function ustarBlock(
  fields: { name: string; mode: number; size: number; mtime: number; linkname: string },
  type: TarEntryType | 'pax',
): Buffer {
  const block = Buffer.alloc(BLOCK);
  // Names that do not fit are in the PAX header: what is written here is only a stand-in.
  block.write(fields.name.slice(0, NAME_BYTES), 0, NAME_BYTES, 'latin1');
  writeOctal(block, fields.mode & 0o7777, 100, 8);
  writeOctal(block, 0, 108, 8); // uid: the CLI sends the context as root's
  writeOctal(block, 0, 116, 8); // gid
  writeOctal(block, fields.size, 124, 12);
  writeOctal(block, Math.max(0, Math.floor(fields.mtime)), 136, 12);
  block.write(TYPEFLAG[type], 156, 1, 'latin1');
  block.write(fields.linkname.slice(0, NAME_BYTES), 157, NAME_BYTES, 'latin1');
  block.write('ustar\x0000', 257, 8, 'latin1');
  writeOctal(block, 0, 329, 8); // devmajor
  writeOctal(block, 0, 337, 8); // devminor
  block.fill(0x20, 148, 156); // the checksum is counted with its own field as spaces
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += block[i];
  block.write(`${sum.toString(8).padStart(6, '0')}\x00 `, 148, 8, 'latin1');
  return block;
}

/** Zero-padded octal digits and a NUL, filling `width` bytes. */
function writeOctal(block: Buffer, value: number, offset: number, width: number): void {
  block.write(`${value.toString(8).padStart(width - 1, '0')}\x00`, offset, width, 'latin1');
}
