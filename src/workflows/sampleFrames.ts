/**
 * The walkthrough's sample folder: a short animation (a ball crossing a sky that turns from
 * day to dusk) drawn here as PNG frames, so step 5 can be tried in an empty workspace without
 * downloading anything. No vscode.
 */
import { encodePng } from '../util/png';

export const SAMPLE_FOLDER_NAME = 'sample-frames';
export const SAMPLE_FRAME_COUNT = 20;
export const SAMPLE_WIDTH = 320;
export const SAMPLE_HEIGHT = 180;

export interface SampleFrame {
  /** e.g. frame-01.png: zero-padded, so every sort puts them in order. */
  name: string;
  data: Buffer;
}

type Rgb = readonly [number, number, number];

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as unknown as Rgb;
}

const DAY_TOP: Rgb = [70, 150, 230];
const DUSK_TOP: Rgb = [40, 30, 90];
const DAY_BOTTOM: Rgb = [200, 230, 250];
const DUSK_BOTTOM: Rgb = [240, 140, 80];
const GROUND: Rgb = [60, 110, 60];
const BALL: Rgb = [250, 210, 60];

/** Frame `index` of `count` (0-based), `width`×`height`. */
export function sampleFrame(index: number, count = SAMPLE_FRAME_COUNT, width = SAMPLE_WIDTH, height = SAMPLE_HEIGHT): Buffer {
  const t = count > 1 ? index / (count - 1) : 0;
  const top = mix(DAY_TOP, DUSK_TOP, t);
  const bottom = mix(DAY_BOTTOM, DUSK_BOTTOM, t);
  const horizon = Math.round(height * 0.8);
  const radius = Math.round(height * 0.12);
  const cx = Math.round(radius + t * (width - 2 * radius));
  // An arc: highest in the middle of its way.
  const cy = Math.round(horizon - radius - Math.sin(t * Math.PI) * (horizon - 3 * radius));
  // One sky colour per row: the gradient is vertical.
  const rows = Array.from({ length: height }, (_, y) => (y >= horizon ? GROUND : mix(top, bottom, y / horizon)));
  return encodePng(width, height, (x, y) => ((x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 ? BALL : rows[y]));
}

export function sampleFrames(count = SAMPLE_FRAME_COUNT): SampleFrame[] {
  const digits = String(count).length;
  return Array.from({ length: count }, (_, i) => ({
    name: `frame-${String(i + 1).padStart(digits, '0')}.png`,
    data: sampleFrame(i, count),
  }));
}

/** `sample-frames`, or the first of `sample-frames-2`, `-3`, … that `taken` does not hold: nothing is overwritten. */
export function freeSampleFolderName(taken: ReadonlySet<string>): string {
  if (!taken.has(SAMPLE_FOLDER_NAME)) return SAMPLE_FOLDER_NAME;
  for (let n = 2; ; n++) {
    const name = `${SAMPLE_FOLDER_NAME}-${n}`;
    if (!taken.has(name)) return name;
  }
}
