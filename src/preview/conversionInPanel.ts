/**
 * The preview panel during a conversion (issue 12): it opens when the conversion starts, so the
 * webview loads while the container works, shows the progress, then plays the video once it is
 * written. These are the decisions about what it shows then; previewPanel.ts carries them out.
 * No vscode.
 */
import * as path from 'node:path';
import type { HostMessage } from './protocol';

/** A conversion the panel shows. `reason`: set once it failed. */
export interface ConversionShown {
  folder: string;
  output: string;
  /** The progress as the notification words it ("frame 12 of 50"). */
  message?: string;
  reason?: string;
}

/** What the panel showed before a conversion took it: a video, or nothing (it was not open). */
export interface VideoShown {
  videoPath: string;
  sourceFolder?: string;
}

export type ConversionEnd = { outcome: 'written'; videoPath: string } | { outcome: 'cancelled' } | { outcome: 'failed'; reason: string };

export type PanelStep =
  /** Play this video (the new one, or after a cancel the one shown before). */
  | { step: 'showVideo'; video: VideoShown }
  /** Say in the panel that the conversion failed and why. */
  | { step: 'showFailure'; conversion: ConversionShown }
  /** Close the panel: it was opened for this conversion, which the person cancelled. */
  | { step: 'close' }
  /** Leave the panel as it is: something newer took it, or it was closed. */
  | { step: 'leave' };

export interface PanelNow {
  /** Another video or conversion took the panel since this conversion started. */
  superseded: boolean;
  /** The panel is still open (the person may have closed it while converting). */
  open: boolean;
  /** What it showed before the conversion, if anything. */
  before: VideoShown | undefined;
}

export function panelAfterConversion(conversion: ConversionShown, end: ConversionEnd, now: PanelNow): PanelStep {
  if (now.superseded) return { step: 'leave' };
  switch (end.outcome) {
    case 'written':
      // Opened again if it was closed: the person asked for the video, as before the panel opened early.
      return { step: 'showVideo', video: { videoPath: end.videoPath, sourceFolder: conversion.folder } };
    case 'cancelled':
      if (!now.open) return { step: 'leave' };
      // Nothing is lost: a panel that showed a video ("Convert Again") shows it again.
      return now.before ? { step: 'showVideo', video: now.before } : { step: 'close' };
    case 'failed':
      return now.open ? { step: 'showFailure', conversion: { ...conversion, reason: end.reason } } : { step: 'leave' };
  }
}

/** The webview's message for a conversion the panel shows. */
export function conversionMessage(conversion: ConversionShown): HostMessage {
  const folderName = path.basename(conversion.folder);
  return conversion.reason === undefined
    ? { type: 'converting', folderName, output: path.basename(conversion.output), message: conversion.message }
    : { type: 'conversionFailed', folderName, reason: conversion.reason };
}

/** The panel's title while it shows a conversion. */
export function conversionTitle(conversion: ConversionShown): string {
  // The same "Preview:" as the video it becomes: one panel, whose tab a person already knows.
  const video = path.basename(conversion.output);
  return conversion.reason === undefined ? `Preview: ${video} (converting…)` : `Preview: ${video} (conversion failed)`;
}
