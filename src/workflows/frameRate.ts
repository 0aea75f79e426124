/**
 * The frame rates a conversion accepts, in one place. Pure and free of Node and VS Code,
 * so the preview's webview bundle can use it as well as the host.
 */
export const FRAME_RATE = { min: 1, max: 120 } as const;

/** A whole number of frames per second within FRAME_RATE. */
export function isValidFrameRate(fps: unknown): fps is number {
  return typeof fps === 'number' && Number.isInteger(fps) && fps >= FRAME_RATE.min && fps <= FRAME_RATE.max;
}
