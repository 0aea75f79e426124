/**
 * What streams from the engine: a container's output (attach, logs), an interactive exec,
 * and the event stream. Each is read by the one consumer (DockerodeCalls.read), so a
 * cancel, an engine that goes away and a refusal come out as the project's errors.
 */
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { parseStreamLine } from './buildOutput';
import type { DockerodeCalls } from './dockerodeCalls';
import { toEngineEvent } from './dockerodeMapping';
import type { ContainerEngine, EngineEvent, ExecSession, LogOptions, OutputSink } from './engine';
import { engineStoppedError } from './errors';
import { StreamDemuxer, outputDecoder } from './streamDemux';

type StreamCalls = Pick<ContainerEngine, 'attach' | 'logs' | 'exec' | 'events'>;

/** `docker logs` options without `follow`, which picks the answer's type (a stream, or one buffer). */
export function logOptions(options: LogOptions, signal: AbortSignal | undefined): Docker.ContainerLogsOptions {
  return {
    stdout: true,
    stderr: true,
    since: options.since ?? 0,
    // No tail: all of it (an undefined one would be sent as an empty value).
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
    timestamps: options.timestamps ?? false,
    abortSignal: signal,
  };
}

export class DockerodeStreams implements StreamCalls {
  constructor(private readonly calls: DockerodeCalls) {}

  /** Whether the container has a TTY: its output is raw text then, else stdout/stderr frames. */
  private async hasTty(container: Docker.Container, signal: AbortSignal | undefined): Promise<boolean> {
    const info = await this.calls.quick(signal, (limited) => container.inspect({ abortSignal: limited }));
    return info.Config.Tty;
  }

  async attach(id: string, sink: OutputSink, onAttached: () => void, signal?: AbortSignal): Promise<void> {
    const container = this.calls.docker.getContainer(id);
    const decoder = outputDecoder(await this.hasTty(container, signal), sink);
    const stream = await this.calls.call(signal, () =>
      container.attach({ stream: true, stdout: true, stderr: true, logs: true, abortSignal: signal }),
    );
    onAttached();
    await this.calls.read(stream, signal, (chunk) => decoder.push(chunk));
    decoder.end();
  }

  async logs(id: string, options: LogOptions, sink: OutputSink, signal?: AbortSignal): Promise<void> {
    const container = this.calls.docker.getContainer(id);
    const decoder = outputDecoder(await this.hasTty(container, signal), sink);
    if (options.follow) {
      const stream = await this.calls.call(signal, () => container.logs({ ...logOptions(options, signal), follow: true }));
      await this.calls.read(stream, signal, (chunk) => decoder.push(chunk));
    } else {
      decoder.push(await this.calls.call(signal, () => container.logs({ ...logOptions(options, signal), follow: false })));
    }
    decoder.end();
  }

  async exec(
    id: string,
    command: string[],
    options: { tty: boolean; columns?: number; rows?: number },
    signal?: AbortSignal,
  ): Promise<ExecSession> {
    const container = this.calls.docker.getContainer(id);
    const exec = await this.calls.call(signal, () =>
      container.exec({
        Cmd: command,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: options.tty,
        ConsoleSize: options.rows && options.columns ? [options.rows, options.columns] : undefined,
        abortSignal: signal,
      }),
    );
    const duplex = await this.calls.call(signal, () => exec.start({ hijack: true, stdin: true, Tty: options.tty, abortSignal: signal }));
    const output = new PassThrough();
    if (options.tty) {
      duplex.pipe(output);
    } else {
      const demux = new StreamDemuxer((text) => output.write(text));
      duplex.on('data', (chunk: Buffer) => demux.push(chunk));
      duplex.on('end', () => {
        demux.end();
        output.end();
      });
    }
    const done = new Promise<number>((resolve) => {
      const finish = () => {
        exec.inspect().then(
          (info) => resolve(info.ExitCode ?? 0),
          () => resolve(-1),
        );
      };
      duplex.on('end', finish);
      duplex.on('close', finish);
      duplex.on('error', finish);
    });
    return {
      input: duplex,
      output,
      done,
      resize: async (columns, rows) => {
        await exec.resize({ w: columns, h: rows }).catch(() => undefined);
      },
    };
  }

  async events(onEvent: (event: EngineEvent) => void, signal?: AbortSignal): Promise<void> {
    const stream = await this.calls.call(signal, () => this.calls.docker.getEvents({ abortSignal: signal }));
    await this.calls.readLines(stream, signal, (line) => {
      const parsed = parseStreamLine(line);
      const event = parsed ? toEngineEvent(parsed) : undefined;
      if (event) {
        onEvent(event);
      }
    });
    if (!signal?.aborted) {
      // The engine closed the stream: it went away or restarted.
      throw engineStoppedError(this.calls.endpoint, 'the event stream');
    }
  }
}
