/**
 * Follows a running converter's output to its end: its JSON progress lines become
 * ConvertProgress, its other lines plain output (a skip it repeats on stderr is said once).
 */
import type { ContainerEngine } from '../engine/engine';
import { LineSplitter } from '../engine/streamDemux';
import type { ConvertProgress } from './convertFolder';
import { type ConverterEvent, isEchoedSkip, parseConverterLine } from './converterProtocol';

export interface ConverterRun {
  done?: Extract<ConverterEvent, { event: 'done' }>;
  failure?: string;
  skipped: { file: string; reason: string }[];
  log: string;
}

/** Follows the container's output to its end, turning the converter's lines into progress. */
export async function followConverter(
  engine: ContainerEngine,
  id: string,
  onProgress: (progress: ConvertProgress) => void,
  signal?: AbortSignal,
  /** Called once the converter says "done" (its video is whole and renamed), before the container has exited: the run so far. */
  onDone: (run: ConverterRun & Required<Pick<ConverterRun, 'done'>>) => void = () => undefined,
): Promise<ConverterRun> {
  const run: ConverterRun = { skipped: [], log: '' };
  const stdout = new LineSplitter((line) => {
    const event = parseConverterLine(line);
    if (!event) {
      if (line.trim()) onProgress({ kind: 'output', text: line });
      return;
    }
    switch (event.event) {
      case 'start':
        onProgress({ kind: 'start', total: event.total, width: event.width, height: event.height });
        break;
      case 'progress':
        onProgress({ kind: 'frame', frame: event.frame, total: event.total });
        break;
      case 'skip':
        run.skipped.push({ file: event.file, reason: event.reason });
        onProgress({ kind: 'skip', file: event.file, reason: event.reason });
        break;
      case 'done':
        run.done = event;
        onDone({ ...run, done: event });
        break;
      case 'error':
        run.failure = event.message;
        break;
    }
  });
  const stderr = new LineSplitter((line) => {
    if (line.trim() && !isEchoedSkip(line)) onProgress({ kind: 'output', text: line.trimEnd() });
  });
  await engine.logs(
    id,
    { follow: true },
    (text, stream) => {
      run.log += text;
      (stream === 'stdout' ? stdout : stderr).push(text);
    },
    signal,
  );
  stdout.end();
  stderr.end();
  return run;
}
