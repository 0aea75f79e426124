/**
 * The one message protocol between the preview panel (host) and its webview. Both sides
 * import these types; no message is typed `any`. The webview speaks first (`ready`), and
 * the host posts nothing before that.
 */

export interface VideoFacts {
  /** Absolute path on the extension host's machine. */
  path: string;
  name: string;
  sizeBytes: number;
  /** The folder the video was converted from, when known. */
  sourceFolder?: string;
  width?: number;
  height?: number;
  fps?: number;
  frames?: number;
  durationSeconds?: number;
  /** "H.264 (avc1)", "MPEG-4 Part 2 (mp4v)", ... */
  codec?: string;
  /** Whether the container says it has an audio track. */
  hasAudio?: boolean;
}

export type HostMessage =
  /** `canOpenInDefaultApp`: whether the system's default app can reach the file (see defaultApp.ts). */
  | { type: 'show'; videoUri: string; facts: VideoFacts; factsNote?: string; canOpenInDefaultApp: boolean }
  | { type: 'missing'; path: string }
  /** A panel restored without a video it can name (no saved state): it says so. */
  | { type: 'noVideo' }
  /** A conversion under way: the panel opened when it started and plays the video once written. */
  | { type: 'converting'; folderName: string; output: string; message?: string }
  /** The conversion this panel waited for failed: no video was written. */
  | { type: 'conversionFailed'; folderName: string; reason: string };

/** What the webview may ask. The host checks every message with parseWebviewMessage first. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'revealInExplorer' }
  /** Open the video with the operating system's default app for its type. */
  | { type: 'openInDefaultApp' }
  | { type: 'openWithVSCode' }
  | { type: 'copyPath' }
  | { type: 'convertAgain'; fps: number }
  /** Ask for a video to preview ("Preview Video"). */
  | { type: 'openVideo' }
  /** Ask for a folder to convert ("Convert Folder to Video"). */
  | { type: 'convertFolder' }
  /** What the <video> element reports, for the log and the tests. */
  | { type: 'playback'; state: PlaybackReport };

export interface PlaybackReport {
  event: 'loadeddata' | 'error';
  readyState: number;
  videoWidth: number;
  videoHeight: number;
  duration: number;
  errorCode?: number;
  errorMessage?: string;
}

/** What the webview keeps in its state, so the serializer can restore the panel. Only an identity. */
export interface PreviewState {
  videoPath: string;
}

export const PREVIEW_VIEW_TYPE = 'containerWorkflows.videoPreview';
