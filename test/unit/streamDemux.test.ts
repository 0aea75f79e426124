import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutputStream } from '../../src/engine/engine';
import { LineSplitter, RawDecoder, StreamDemuxer, outputDecoder } from '../../src/engine/streamDemux';

/** One frame of Docker's multiplexed stream: type, three zero bytes, big-endian length, payload. */
function frame(type: 0 | 1 | 2, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function collector() {
  const parts: { text: string; stream: OutputStream }[] = [];
  return {
    parts,
    sink: (text: string, stream: OutputStream) => parts.push({ text, stream }),
    text: (stream: OutputStream) =>
      parts
        .filter((p) => p.stream === stream)
        .map((p) => p.text)
        .join(''),
  };
}

describe('StreamDemuxer', () => {
  const stream = Buffer.concat([frame(1, 'hello '), frame(2, 'oops\n'), frame(1, 'world\n'), frame(2, 'second error\n')]);

  it('separates stdout and stderr', () => {
    const out = collector();
    const demux = new StreamDemuxer(out.sink);
    demux.push(stream);
    demux.end();
    assert.deepEqual(out.parts, [
      { text: 'hello ', stream: 'stdout' },
      { text: 'oops\n', stream: 'stderr' },
      { text: 'world\n', stream: 'stdout' },
      { text: 'second error\n', stream: 'stderr' },
    ]);
  });

  it('gives the same result when the stream is cut at every single byte boundary', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const out = collector();
      const demux = new StreamDemuxer(out.sink);
      demux.push(stream.subarray(0, cut));
      demux.push(stream.subarray(cut));
      demux.end();
      assert.equal(out.text('stdout'), 'hello world\n', `cut at ${cut}`);
      assert.equal(out.text('stderr'), 'oops\nsecond error\n', `cut at ${cut}`);
    }
  });

  it('gives the same result when fed one byte at a time', () => {
    const out = collector();
    const demux = new StreamDemuxer(out.sink);
    for (const byte of stream) demux.push(Buffer.from([byte]));
    demux.end();
    assert.equal(out.text('stdout'), 'hello world\n');
    assert.equal(out.text('stderr'), 'oops\nsecond error\n');
  });

  it('keeps a multi-byte UTF-8 character whole when it is split across two frames', () => {
    const euro = Buffer.from('€', 'utf8'); // e2 82 ac
    const smile = Buffer.from('😀', 'utf8'); // 4 bytes
    const bytes = Buffer.concat([
      frame(1, Buffer.concat([Buffer.from('price: '), euro.subarray(0, 1)])),
      frame(2, Buffer.concat([Buffer.from('warn '), smile.subarray(0, 2)])),
      frame(1, Buffer.concat([euro.subarray(1), Buffer.from('5\n')])),
      frame(2, Buffer.concat([smile.subarray(2), Buffer.from('\n')])),
    ]);
    const out = collector();
    const demux = new StreamDemuxer(out.sink);
    demux.push(bytes);
    demux.end();
    assert.equal(out.text('stdout'), 'price: €5\n');
    assert.equal(out.text('stderr'), 'warn 😀\n');
    assert.ok(
      out.parts.every((p) => !p.text.includes('\uFFFD')),
      'no replacement character',
    );
  });

  it('a character split across frames and across chunks at every byte still comes out whole', () => {
    const bytes = Buffer.concat([frame(1, Buffer.from([0x61, 0xe2])), frame(1, Buffer.from([0x82, 0xac, 0x62]))]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const out = collector();
      const demux = new StreamDemuxer(out.sink);
      demux.push(bytes.subarray(0, cut));
      demux.push(bytes.subarray(cut));
      demux.end();
      assert.equal(out.text('stdout'), 'a€b', `cut at ${cut}`);
    }
  });

  it('an unfinished character at the end is flushed by end()', () => {
    const out = collector();
    const demux = new StreamDemuxer(out.sink);
    demux.push(frame(2, Buffer.from([0x6f, 0x6b, 0xe2, 0x82])));
    assert.equal(out.text('stderr'), 'ok');
    demux.end();
    assert.ok(out.text('stderr').startsWith('ok'));
    assert.ok(out.text('stderr').length > 2, 'the incomplete bytes are not silently dropped');
  });

  it('handles several frames in one chunk, an empty frame, and stdin frames as stdout', () => {
    const out = collector();
    const demux = new StreamDemuxer(out.sink);
    demux.push(Buffer.concat([frame(1, 'a'), frame(1, ''), frame(0, 'b'), frame(2, 'c'), frame(1, 'd')]));
    demux.end();
    assert.deepEqual(out.parts, [
      { text: 'a', stream: 'stdout' },
      { text: 'b', stream: 'stdout' },
      { text: 'c', stream: 'stderr' },
      { text: 'd', stream: 'stdout' },
    ]);
  });

  it('waits for a frame whose payload has not fully arrived', () => {
    const out = collector();
    const demux = new StreamDemuxer(out.sink);
    const f = frame(1, 'complete line\n');
    demux.push(f.subarray(0, 8));
    demux.push(f.subarray(8, 12));
    assert.deepEqual(out.parts, []);
    demux.push(f.subarray(12));
    assert.equal(out.text('stdout'), 'complete line\n');
  });

  it('a large payload (bigger than 64 KiB) is delivered intact', () => {
    const big = 'x'.repeat(200_000) + '\n';
    const bytes = frame(1, big);
    const out = collector();
    const demux = new StreamDemuxer(out.sink);
    for (let i = 0; i < bytes.length; i += 16_384) demux.push(bytes.subarray(i, i + 16_384));
    demux.end();
    assert.equal(out.text('stdout'), big);
  });
});

describe('RawDecoder', () => {
  it('passes a TTY stream through as stdout, characters whole across chunks', () => {
    const out = collector();
    const raw = new RawDecoder(out.sink);
    const bytes = Buffer.from('tty: \u001b[32mgreen\u001b[0m €\r\n', 'utf8');
    for (const byte of bytes) raw.push(Buffer.from([byte]));
    raw.end();
    assert.equal(out.text('stdout'), 'tty: \u001b[32mgreen\u001b[0m €\r\n');
    assert.equal(out.text('stderr'), '');
  });

  it('does not try to demultiplex: bytes that look like a frame header stay as they are', () => {
    const out = collector();
    const raw = new RawDecoder(out.sink);
    const bytes = frame(2, 'x');
    raw.push(bytes);
    raw.end();
    assert.equal(out.text('stdout'), bytes.toString('utf8'));
  });
});

describe('LineSplitter', () => {
  function split(chunks: (Buffer | string)[]): string[] {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l));
    for (const c of chunks) splitter.push(c);
    splitter.end();
    return lines;
  }

  it('splits on \\n and \\r\\n', () => {
    assert.deepEqual(split(['one\ntwo\r\nthree\n']), ['one', 'two', 'three']);
  });

  it('joins lines split across chunks, including a \\r\\n cut between \\r and \\n', () => {
    assert.deepEqual(split(['{"stream":', '"a"}\r', '\n{"b"', ':1}\n']), ['{"stream":"a"}', '{"b":1}']);
  });

  it('gives the final line without a newline at end()', () => {
    assert.deepEqual(split(['first\nlast without newline']), ['first', 'last without newline']);
    assert.deepEqual(split(['only']), ['only']);
  });

  it('keeps empty lines in the middle, adds none at the end', () => {
    assert.deepEqual(split(['a\n\nb\n']), ['a', '', 'b']);
    assert.deepEqual(split([]), []);
  });

  it('decodes a UTF-8 character cut between two buffers', () => {
    const bytes = Buffer.from('héllo €\nnext', 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      assert.deepEqual(split([bytes.subarray(0, cut), bytes.subarray(cut)]), ['héllo €', 'next'], `cut at ${cut}`);
    }
  });

  it('does not emit a line before its newline arrives', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l));
    splitter.push('partial');
    assert.deepEqual(lines, []);
    splitter.push(' line\n');
    assert.deepEqual(lines, ['partial line']);
  });
});

describe('outputDecoder', () => {
  it('a TTY stream is raw text, any other one frames', () => {
    assert.ok(outputDecoder(true, () => undefined) instanceof RawDecoder);
    assert.ok(outputDecoder(false, () => undefined) instanceof StreamDemuxer);
  });
});
