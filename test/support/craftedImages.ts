/**
 * Hostile and broken image files for the converter's tests, made byte by byte: files that
 * break header parsers, a PNG whose header claims a size it does not have, and a real
 * decompression bomb (a few hundred KB that decode to hundreds of MB).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(width: number, height: number, colourType: number, idat: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colourType;
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A well-formed PNG (every CRC right) whose header claims `width` x `height`; its data is a few bytes. */
export function pngClaimingSize(file: string, width: number, height: number): void {
  fs.writeFileSync(file, png(width, height, 2, zlib.deflateSync(Buffer.alloc(64))));
  fs.chmodSync(file, 0o644);
}

/**
 * A valid RGB PNG of `width` x `height` black pixels: tiny on disk, width*height*3 bytes
 * once decoded. The rows are deflated one at a time, so making it needs little memory.
 */
export async function pngBomb(file: string, width: number, height: number): Promise<number> {
  const row = Buffer.alloc(1 + width * 3); // filter byte 0, then black pixels
  const deflate = zlib.createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (d: Buffer) => parts.push(d));
  const ended = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  for (let y = 0; y < height; y++) {
    if (!deflate.write(row)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await ended;
  const bytes = png(width, height, 2, Buffer.concat(parts));
  fs.writeFileSync(file, bytes);
  fs.chmodSync(file, 0o644);
  return bytes.length;
}

/**
 * Files whose names say image but whose bytes end inside their header, in each format. The
 * two TIFFs cut inside their directory offset made the converter's hand-written parser
 * raise struct.error, which ended the whole conversion; every one must be a skip.
 * Returns the names written.
 */
export function parserBreakers(dir: string): string[] {
  const files: Record<string, Buffer> = {
    'x01.tif': Buffer.from('II*\0', 'latin1'), // the 4-byte TIFF: no directory offset at all
    'x02.tiff': Buffer.from('MM\0*\0\0', 'latin1'), // half an offset
    'x03.tif': Buffer.concat([Buffer.from('II*\0', 'latin1'), Buffer.from([8, 0, 0, 0, 1, 0, 0x00, 0x01])]), // an entry cut short
    'x04.bmp': Buffer.from('BM\0\0', 'latin1'),
    'x05.webp': Buffer.concat([Buffer.from('RIFF\x10\0\0\0WEBPVP8X', 'latin1'), Buffer.alloc(2)]),
    'x06.png': Buffer.from('\x89PNG\r\n\x1a\n\0\0', 'latin1'),
    'x07.jpg': Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00]),
  };
  for (const [name, bytes] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), bytes);
    fs.chmodSync(path.join(dir, name), 0o644);
  }
  return Object.keys(files);
}
