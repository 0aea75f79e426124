/**
 * Docker multiplexes stdout and stderr of a container without a TTY into one stream of
 * frames: an 8-byte header (stream type, 3 zero bytes, big-endian length) and a payload.
 * This splits frames that arrive cut anywhere, and decodes UTF-8 per stream so a
 * character split across two frames comes out whole.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { OutputSink, OutputStream } from './engine';
import { CancelledError } from './errors';

export class StreamDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private readonly decoders: Record<OutputStream, StringDecoder> = {
    stdout: new StringDecoder('utf8'),
    stderr: new StringDecoder('utf8'),
  };

  constructor(private readonly sink: OutputSink) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const type = this.pending[0];
      const length = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + length) {
        return;
      }
      const payload = this.pending.subarray(8, 8 + length);
      this.pending = this.pending.subarray(8 + length);
      // 0 is stdin (echoed back only with some attach modes); show it as stdout.
      const stream: OutputStream = type === 2 ? 'stderr' : 'stdout';
      const text = this.decoders[stream].write(payload);
      if (text) {
        this.sink(text, stream);
      }
    }
  }

  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.decoders[stream].end();
      if (rest) {
        this.sink(rest, stream);
      }
    }
  }
}

/** A TTY stream is not multiplexed: everything is stdout. */
export class RawDecoder {
  private readonly decoder = new StringDecoder('utf8');
  constructor(private readonly sink: OutputSink) {}
  push(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    if (text) {
      this.sink(text, 'stdout');
    }
  }
  end(): void {
    const rest = this.decoder.end();
    if (rest) {
      this.sink(rest, 'stdout');
    }
  }
}

/** How a container's output stream reads: raw text with a TTY, stdout/stderr frames without. */
export function outputDecoder(tty: boolean, sink: OutputSink): StreamDemuxer | RawDecoder {
  return tty ? new RawDecoder(sink) : new StreamDemuxer(sink);
}

/** Splits a byte stream into lines; keeps the unfinished tail for the next chunk. */
export class LineSplitter {
  private tail = '';
  private readonly decoder = new StringDecoder('utf8');
  constructor(private readonly onLine: (line: string) => void) {}
  push(chunk: Buffer | string): void {
    const text = this.tail + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const lines = text.split(/\r?\n/);
    this.tail = lines.pop() ?? '';
    for (const line of lines) {
      this.onLine(line);
    }
  }
  end(): void {
    const rest = this.tail + this.decoder.end();
    this.tail = '';
    if (rest) {
      this.onLine(rest);
    }
  }
}

/** Feeds a stream's chunks to `onChunk` until it ends; the signal destroys it (CancelledError). */
export function consumeChunks(stream: Readable, signal: AbortSignal | undefined, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      stream.destroy();
      reject(new CancelledError());
      return;
    }
    const onAbort = () => {
      stream.destroy();
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => onChunk(chunk));
    stream.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    stream.on('close', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    stream.on('error', (err) => {
      signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
  });
}
