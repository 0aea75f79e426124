/**
 * BuildKit's progress as text, in the shape of `docker build --progress=plain`:
 *
 *   #5 [build 2/3] RUN make
 *   #5 0.412 cc -o app main.c
 *   #5 DONE 1.3s
 *
 * Each step gets a number when it first shows; its log lines carry the seconds since it
 * started. Pure: the BuildKit decoder calls these and sends the lines as output events.
 */
import { inDecimalUnits } from '../../util/formatSize';

export function headerLine(number: number, name: string): string {
  return `#${number} ${name}`;
}

export function logLine(number: number, secondsSinceStart: number | undefined, text: string): string {
  return secondsSinceStart === undefined ? `#${number} ${text}` : `#${number} ${secondsSinceStart.toFixed(3)} ${text}`;
}

export function completionLine(number: number, state: 'cached' | 'done' | 'error', seconds: number | undefined, error?: string): string {
  switch (state) {
    case 'cached':
      return `#${number} CACHED`;
    case 'error':
      return `#${number} ERROR: ${error ?? 'failed'}`;
    case 'done':
      return `#${number} DONE ${(seconds ?? 0).toFixed(1)}s`;
  }
}

/** A sub-task of a step (transferring context, exporting layers, ...) once it is finished. */
export function statusLine(number: number, name: string, current: number, total: number): string {
  const amount = total > 0 ? ` ${formatAmount(current)} / ${formatAmount(total)}` : current > 0 ? ` ${formatAmount(current)}` : '';
  return `#${number} ${name}${amount} done`;
}

export function warningLine(number: number | undefined, text: string): string {
  return number === undefined ? `WARNING: ${text}` : `#${number} WARNING: ${text}`;
}

/** Transfers are counted in bytes; BuildKit's own text uses decimal units. */
function formatAmount(bytes: number): string {
  const { value, unit } = inDecimalUnits(bytes);
  return unit === 'B' ? `${value}B` : `${value.toFixed(2)}${unit}`;
}
