/**
 * The host's check of what the preview's webview sends, and of the state VS Code hands
 * back after a reload. Webview content is less trusted than the host: a message of the
 * wrong shape is turned away here, before anything acts on it. Pure and free of VS Code.
 */
import { FRAME_RATE, isValidFrameRate } from '../workflows/frameRate';
import type { PlaybackReport, PreviewState, WebviewMessage } from './protocol';

export type CheckedMessage = { ok: true; message: WebviewMessage } | { ok: false; reason: string };

type Fields = Record<string, unknown>;

/** The fields each message type has besides `type`. */
const fieldsOf: Record<WebviewMessage['type'], readonly string[]> = {
  ready: [],
  revealInExplorer: [],
  openInDefaultApp: [],
  openWithVSCode: [],
  copyPath: [],
  openVideo: [],
  convertFolder: [],
  convertAgain: ['fps'],
  playback: ['state'],
};

const playbackFields = ['event', 'readyState', 'videoWidth', 'videoHeight', 'duration', 'errorCode', 'errorMessage'] as const;
const optionalPlaybackFields: readonly string[] = ['errorCode', 'errorMessage'];
/** Chromium's media error messages are a line; a longer one is not from our page. */
const MAX_ERROR_MESSAGE = 1000;

/** Checks one message; says why it is turned away. */
export function checkWebviewMessage(raw: unknown): CheckedMessage {
  if (!isRecord(raw)) {
    return refuse('it is not an object');
  }
  const type = raw.type;
  if (typeof type !== 'string' || !Object.hasOwn(fieldsOf, type)) {
    return refuse(typeof type === 'string' ? `unknown type ${quoteShort(type)}` : 'it has no type');
  }
  const known = type as WebviewMessage['type'];
  const shapeProblem = exactFields(raw, ['type', ...fieldsOf[known]], []);
  if (shapeProblem) {
    return refuse(`${known}: ${shapeProblem}`);
  }
  switch (known) {
    case 'convertAgain':
      return isValidFrameRate(raw.fps)
        ? accept({ type: 'convertAgain', fps: raw.fps })
        : refuse(`convertAgain: fps must be a whole number from ${FRAME_RATE.min} to ${FRAME_RATE.max}`);
    case 'playback': {
      const state = checkPlayback(raw.state);
      return typeof state === 'string' ? refuse(`playback: ${state}`) : accept({ type: 'playback', state });
    }
    default:
      // Built afresh, so nothing but the type goes further.
      return accept({ type: known });
  }
}

/** The message if it has the right shape, else undefined. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  const checked = checkWebviewMessage(raw);
  return checked.ok ? checked.message : undefined;
}

/** The state the webview saved (only the video's path), or undefined for anything else. */
export function parsePreviewState(raw: unknown): PreviewState | undefined {
  return isRecord(raw) && typeof raw.videoPath === 'string' && raw.videoPath.trim() !== '' ? { videoPath: raw.videoPath } : undefined;
}

/**
 * A short account of a value for the log: its shape, never its content at length, so a
 * huge or hostile message cannot flood the output channel.
 */
export function describeForLog(raw: unknown): string {
  if (typeof raw === 'string') return `a string of ${raw.length} characters`;
  if (Array.isArray(raw)) return `an array of ${raw.length} items`;
  if (raw === null || raw === undefined) return String(raw);
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return `${typeof raw} ${String(raw).slice(0, 40)}`;
  if (!isRecord(raw)) return typeof raw;
  const keys = Object.keys(raw);
  const shown = keys.slice(0, 8).map((key) => `${quoteShort(key)}: ${shapeOf(raw[key])}`);
  const more = keys.length > shown.length ? `, and ${keys.length - shown.length} more fields` : '';
  return `{${shown.join(', ')}${more}}`;
}

function checkPlayback(raw: unknown): PlaybackReport | string {
  if (!isRecord(raw)) return 'state is not an object';
  const problem = exactFields(raw, playbackFields, optionalPlaybackFields);
  if (problem) return `state: ${problem}`;
  if (raw.event !== 'loadeddata' && raw.event !== 'error') return 'state.event must be "loadeddata" or "error"';
  if (!isWholeNumber(raw.readyState) || raw.readyState > 4) return 'state.readyState must be a whole number from 0 to 4';
  if (!isWholeNumber(raw.videoWidth) || !isWholeNumber(raw.videoHeight))
    return 'state.videoWidth and state.videoHeight must be whole numbers';
  if (typeof raw.duration !== 'number' || !Number.isFinite(raw.duration)) return 'state.duration must be a finite number';
  if (raw.errorCode !== undefined && !isWholeNumber(raw.errorCode)) return 'state.errorCode must be a whole number';
  if (raw.errorMessage !== undefined && (typeof raw.errorMessage !== 'string' || raw.errorMessage.length > MAX_ERROR_MESSAGE))
    return `state.errorMessage must be a string of at most ${MAX_ERROR_MESSAGE} characters`;
  const report: PlaybackReport = {
    event: raw.event,
    readyState: raw.readyState,
    videoWidth: raw.videoWidth,
    videoHeight: raw.videoHeight,
    duration: raw.duration,
  };
  if (raw.errorCode !== undefined) report.errorCode = raw.errorCode;
  if (raw.errorMessage !== undefined) report.errorMessage = raw.errorMessage;
  return report;
}

/**
 * Exactly these fields: each required one present, nothing else. An optional field may be
 * present with the value undefined: structured cloning keeps such keys.
 */
function exactFields(raw: Fields, allowed: readonly string[], optional: readonly string[]): string | undefined {
  const extra = Object.keys(raw).filter((key) => !allowed.includes(key));
  if (extra.length > 0) {
    return `unexpected field${extra.length > 1 ? 's' : ''} ${extra.slice(0, 3).map(quoteShort).join(', ')}${extra.length > 3 ? ', …' : ''}`;
  }
  const missing = allowed.filter((key) => !optional.includes(key) && raw[key] === undefined);
  return missing.length > 0 ? `missing ${missing.map(quoteShort).join(', ')}` : undefined;
}

function shapeOf(value: unknown): string {
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  return value === null ? 'null' : typeof value;
}

function quoteShort(text: string): string {
  return JSON.stringify(text.length <= 40 ? text : `${text.slice(0, 40)}…`);
}

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function accept(message: WebviewMessage): CheckedMessage {
  return { ok: true, message };
}

function refuse(reason: string): CheckedMessage {
  return { ok: false, reason };
}
