/** Medians and the other numbers every bench prints, and waiting for a quiet machine. */
import * as os from 'node:os';

export interface Stats {
  median: number;
  p90: number;
  min: number;
  max: number;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const p90 = sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))];
  return { median, p90, min: sorted[0], max: sorted[sorted.length - 1] };
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms: number) => `${Math.round(ms)} ms`;
export const ms1 = (ms: number) => `${ms.toFixed(1)} ms`;
export const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
export const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

/** `items` rotated by `by`: each round starts with another way, so background load falls on all alike. */
export function rotate<T>(items: T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** Value of `--name` on the command line, or the fallback. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
export const numArg = (name: string, fallback: number) => Number(arg(name, String(fallback)));

/**
 * Waits, at most `maxSeconds`, for the 1-minute load average to drop under `below` (other
 * engineers' suites share the machine); says what it found, for the results.
 */
export async function waitForQuiet(below: number, maxSeconds: number, say: (text: string) => void): Promise<string> {
  const started = Date.now();
  const first = os.loadavg()[0];
  if (maxSeconds <= 0 || first < below) {
    return `1-minute load ${first.toFixed(2)} at the start`;
  }
  say(`1-minute load ${first.toFixed(2)}: waiting up to ${maxSeconds} s for it to drop under ${below}`);
  while (os.loadavg()[0] >= below && Date.now() - started < maxSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 15_000));
  }
  const now = os.loadavg()[0];
  const waited = Math.round((Date.now() - started) / 1000);
  return now < below
    ? `1-minute load ${first.toFixed(2)} at first; waited ${waited} s until it was ${now.toFixed(2)}`
    : `1-minute load ${first.toFixed(2)} at first and still ${now.toFixed(2)} after waiting ${waited} s (other work on the machine): the numbers are upper bounds`;
}
