/**
 * The frame rates a conversion accepts, in one place: the setting, the CLI, the workflow,
 * the options command and the preview's Convert Again read them here (package.json and the
 * converter's own check are held to them by test/unit/frameRate.test.ts). Pure and free of
 * Node and VS Code, so the preview's webview bundle can use it as well as the host.
 */
export const FRAME_RATE = { min: 1, max: 120 } as const;

/** Frames per second when nobody says otherwise. */
export const DEFAULT_FRAME_RATE = 5;

/** "a whole number from 1 to 120": how every message names the range. */
export const FRAME_RATE_RANGE = `a whole number from ${FRAME_RATE.min} to ${FRAME_RATE.max}`;

/** A whole number of frames per second within FRAME_RATE. */
export function isValidFrameRate(fps: unknown): fps is number {
  return typeof fps === 'number' && Number.isInteger(fps) && fps >= FRAME_RATE.min && fps <= FRAME_RATE.max;
}

/** A frame rate written out ("24": digits only), or undefined when it is not one. */
export function parseFrameRate(text: string): number | undefined {
  const fps = Number(text);
  return /^\d+$/.test(text) && isValidFrameRate(fps) ? fps : undefined;
}

/** What is wrong with a frame rate typed into an input box (spaces around it are fine); undefined when nothing is. */
export function frameRateProblem(text: string): string | undefined {
  return parseFrameRate(text.trim()) === undefined
    ? `A whole number of frames per second, from ${FRAME_RATE.min} to ${FRAME_RATE.max}.`
    : undefined;
}
