/**
 * How the workflow talks to the img2vid converter (templates/img2vid), all pure: the
 * arguments it is run with; its progress protocol, one JSON object a line on stdout
 * (anything that is not a known event is plain output); and how a run ended.
 */

/**
 * The converter's command line. `--` ends the options, so a video named `-draft.mp4` is a
 * name, not an unknown option.
 */
export function converterArgs(outputName: string, fps: number): string[] {
  return ['--fps', String(fps), '--', '.', outputName];
}

/** The converter repeats each skip on stderr; the skip event already says it, once. */
export function isEchoedSkip(stderrLine: string): boolean {
  return /^warning: skipped /.test(stderrLine);
}

/** Did the engine kill the container (or a process in it) for going over its memory limit? */
export function wasOutOfMemory(inspect: unknown): boolean {
  const state = (inspect as { State?: { OOMKilled?: unknown } } | undefined)?.State;
  return state?.OOMKilled === true;
}
export type ConverterEvent =
  | { event: 'start'; total: number; fps: number; width: number; height: number; output: string }
  | { event: 'skip'; file: string; reason: string }
  | { event: 'progress'; frame: number; total: number }
  | {
      event: 'done';
      output: string;
      frames: number;
      skipped: number;
      duration: number;
      width: number;
      height: number;
      fps: number;
      elapsed: number;
    }
  | { event: 'error'; message: string };

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
/** A field as text: a string as it is, anything else the fallback. */
const textOf = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);

export function parseConverterLine(line: string): ConverterEvent | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) {
    return undefined;
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(trimmed) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  switch (raw.event) {
    case 'start':
      return isNum(raw.total)
        ? {
            event: 'start',
            total: raw.total,
            fps: Number(raw.fps),
            width: Number(raw.width),
            height: Number(raw.height),
            output: textOf(raw.output, ''),
          }
        : undefined;
    case 'skip':
      return isStr(raw.file) ? { event: 'skip', file: raw.file, reason: textOf(raw.reason, 'unreadable') } : undefined;
    case 'progress':
      return isNum(raw.frame) && isNum(raw.total) ? { event: 'progress', frame: raw.frame, total: raw.total } : undefined;
    case 'done':
      return isNum(raw.frames)
        ? {
            event: 'done',
            output: textOf(raw.output, ''),
            frames: raw.frames,
            skipped: Number(raw.skipped ?? 0),
            duration: Number(raw.duration ?? 0),
            width: Number(raw.width ?? 0),
            height: Number(raw.height ?? 0),
            fps: Number(raw.fps ?? 0),
            elapsed: Number(raw.elapsed ?? 0),
          }
        : undefined;
    case 'error':
      return isStr(raw.message) ? { event: 'error', message: raw.message } : undefined;
    default:
      return undefined;
  }
}
