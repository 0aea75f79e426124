/**
 * The video preview panel, browser side. It says `ready` first, then renders whatever the
 * host sends. It keeps only the video's path in its state (for the serializer), builds its
 * DOM with text nodes (no HTML from data), and reports what the <video> element does.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import type { HostMessage, PlaybackReport, PreviewState, VideoFacts, WebviewMessage } from '../../src/preview/protocol';
import { formatSize } from '../../src/util/formatSize';
import { FRAME_RATE, isValidFrameRate } from '../../src/workflows/frameRate';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): PreviewState | undefined;
  setState(state: PreviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Partial<Record<string, string>>,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K];
function el(tag: string, props?: Partial<Record<string, string>>, ...children: (Node | string)[]): HTMLElement;
function el(tag: string, props: Partial<Record<string, string>> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value !== undefined) node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

function button(label: string, onClick: () => void, secondary = true, id?: string, title?: string): HTMLElement {
  const b = el('vscode-button', { id, title, ...(secondary ? { secondary: '' } : {}) }, label);
  b.addEventListener('click', onClick);
  return b;
}

export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return m > 0 ? `${m} min ${s.toFixed(1)} s` : `${s.toFixed(1)} s`;
}

/** Says where the video goes: the system's app for .mp4 files, not a player inside VS Code. */
function openInDefaultAppButton(id?: string): HTMLElement {
  return button(
    'Open in Default App',
    () => vscode.postMessage({ type: 'openInDefaultApp' }),
    true,
    id,
    "Open the video with the system's default app for its file type",
  );
}

function factsList(facts: VideoFacts, note?: string): HTMLElement {
  const rows: [string, string | undefined][] = [
    ['Resolution', facts.width && facts.height ? `${facts.width} × ${facts.height}` : undefined],
    ['Frame rate', facts.fps !== undefined ? `${facts.fps} fps` : undefined],
    ['Frames', facts.frames !== undefined ? String(facts.frames) : undefined],
    ['Duration', facts.durationSeconds !== undefined ? formatDuration(facts.durationSeconds) : undefined],
    ['Codec', facts.codec],
    ['Audio', facts.hasAudio === undefined ? undefined : facts.hasAudio ? 'yes' : 'none'],
    ['File size', formatSize(facts.sizeBytes)],
    ['Source folder', facts.sourceFolder],
    ['File', facts.path],
  ];
  const list = el('dl', { id: 'facts', class: 'facts' });
  for (const [label, value] of rows) {
    if (value === undefined) continue;
    list.append(el('dt', {}, label), el('dd', { 'data-fact': label.toLowerCase().replace(/\s+/g, '-') }, value));
  }
  const wrapper = el('section', { class: 'facts-section', 'aria-label': 'Video details' }, list);
  if (note) wrapper.append(el('p', { class: 'note' }, note));
  return wrapper;
}

const mediaErrors: Record<number, string> = {
  1: 'loading was aborted',
  2: 'a network error stopped the download',
  3: 'the video could not be decoded',
  4: 'this format or codec is not supported here',
};

function report(video: HTMLVideoElement, event: PlaybackReport['event']): void {
  vscode.postMessage({
    type: 'playback',
    state: {
      event,
      readyState: video.readyState,
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      duration: Number.isFinite(video.duration) ? video.duration : -1,
      errorCode: video.error?.code,
      errorMessage: video.error?.message || undefined,
    },
  });
}

function renderVideo(message: Extract<HostMessage, { type: 'show' }>): void {
  const { facts } = message;
  vscode.setState({ videoPath: facts.path });
  // A fresh video plays at once (muted, looping), as a preview should; the controls pause it.
  const video = el('video', { id: 'video', controls: '', autoplay: '', preload: 'auto', playsinline: '', src: message.videoUri });
  video.muted = true;
  video.loop = true;
  const fps = facts.fps && facts.fps > 0 ? facts.fps : 25;
  const step = (direction: 1 | -1) => {
    video.pause();
    video.currentTime = Math.min(Math.max(0, video.currentTime + direction / fps), Number.isFinite(video.duration) ? video.duration : 0);
  };
  const loop = el('vscode-checkbox', { id: 'loop', checked: '', label: 'Loop' });
  loop.addEventListener('change', () => {
    video.loop = (loop as unknown as { checked: boolean }).checked;
  });

  const player = el('div', { class: 'player' }, video);
  const playback = el(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Playback' },
    loop,
    button('◀ Frame', () => step(-1), true, 'frame-back'),
    button('Frame ▶', () => step(1), true, 'frame-forward'),
  );

  const error = el('div', { id: 'error', class: 'error', role: 'alert', hidden: '' });
  video.addEventListener('loadeddata', () => report(video, 'loadeddata'));
  video.addEventListener('error', () => {
    report(video, 'error');
    const reason = mediaErrors[video.error?.code ?? 0] ?? 'an unknown error occurred';
    error.replaceChildren(
      el('p', {}, `This video cannot be played in this panel: ${reason}${video.error?.message ? ` (${video.error.message})` : ''}.`),
      el(
        'div',
        { class: 'toolbar' },
        button("Open in VS Code's Video Preview", () => vscode.postMessage({ type: 'openWithVSCode' }), false),
        ...(message.canOpenInDefaultApp ? [openInDefaultAppButton()] : []),
      ),
    );
    error.hidden = false;
    // Nothing to play: the spinner and the step buttons would only mislead.
    player.hidden = true;
    playback.hidden = true;
  });

  const actions = el(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Actions' },
    button('Reveal in Explorer', () => vscode.postMessage({ type: 'revealInExplorer' }), true, 'reveal'),
    ...(message.canOpenInDefaultApp ? [openInDefaultAppButton('open-default-app')] : []),
    button('Copy Path', () => vscode.postMessage({ type: 'copyPath' }), true, 'copy-path'),
  );
  if (facts.sourceFolder) {
    const fpsField = el('vscode-textfield', {
      id: 'fps',
      type: 'number',
      min: String(FRAME_RATE.min),
      max: String(FRAME_RATE.max),
      value: String(Math.round(fps)),
      'aria-label': 'Frames per second',
    }) as HTMLElement & { value: string; invalid: boolean };
    const again = button(
      'Convert Again',
      () => {
        const value = Number(fpsField.value);
        const valid = isValidFrameRate(value);
        fpsField.invalid = !valid;
        if (valid) vscode.postMessage({ type: 'convertAgain', fps: value });
      },
      false,
      'convert-again',
    );
    actions.append(el('span', { class: 'spacer' }), el('label', { for: 'fps' }, 'fps'), fpsField, again);
  }

  app.replaceChildren(
    el('header', {}, el('h1', {}, facts.name), facts.codec ? el('span', { class: 'badge' }, facts.codec) : ''),
    player,
    playback,
    error,
    el('vscode-divider'),
    factsList(facts, message.factsNote),
    el('vscode-divider'),
    actions,
  );
}

/** The way on from a panel with nothing to play: pick a video, or a folder to convert. */
function nextSteps(): HTMLElement {
  return el(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Next steps' },
    button('Open a Video…', () => vscode.postMessage({ type: 'openVideo' }), false, 'open-video'),
    button('Convert a Folder to Video…', () => vscode.postMessage({ type: 'convertFolder' }), true, 'convert-folder'),
  );
}

function renderMissing(videoPath: string): void {
  vscode.setState({ videoPath });
  app.replaceChildren(
    el(
      'div',
      { class: 'error', role: 'alert', id: 'missing' },
      el('p', {}, `The video ${videoPath} is not there any more: it was moved or deleted.`),
      el('p', {}, 'Convert the folder again, or open another video.'),
    ),
    nextSteps(),
  );
}

function renderNoVideo(): void {
  app.replaceChildren(
    el(
      'div',
      { class: 'notice', role: 'status', id: 'no-video' },
      el('p', {}, 'This preview has nothing to show: the video it showed is not known after the reload.'),
      el('p', {}, 'Convert a folder or open a video.'),
    ),
    nextSteps(),
  );
}

/** A conversion under way: the panel opened with it, so the video plays as soon as it is written. */
function renderConverting(message: Extract<HostMessage, { type: 'converting' }>): void {
  app.replaceChildren(
    el(
      'div',
      { class: 'notice', role: 'status', id: 'converting', 'aria-live': 'polite' },
      el('p', {}, `Converting ${message.folderName} to ${message.output}…`),
      el('p', { id: 'converting-progress' }, message.message ?? 'Starting the converter.'),
      el('p', {}, 'The video plays here when it is written. Cancel from the notification.'),
    ),
  );
}

function renderConversionFailed(message: Extract<HostMessage, { type: 'conversionFailed' }>): void {
  app.replaceChildren(
    el(
      'div',
      { class: 'error', role: 'alert', id: 'conversion-failed' },
      el('p', {}, `Converting ${message.folderName} failed: ${message.reason}`),
      el('p', {}, 'No video was written. The output channel "Container Workflows" has the converter’s log.'),
    ),
    nextSteps(),
  );
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'show':
      renderVideo(message);
      break;
    case 'missing':
      renderMissing(message.path);
      break;
    case 'noVideo':
      renderNoVideo();
      break;
    case 'converting':
      renderConverting(message);
      break;
    case 'conversionFailed':
      renderConversionFailed(message);
      break;
  }
});

vscode.postMessage({ type: 'ready' });
