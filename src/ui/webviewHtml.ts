/**
 * The one HTML shell of the extension's webviews (the video preview, the stats panel), so
 * their Content Security Policy has one source: nothing is allowed by default
 * (`default-src 'none'`), scripts only with this page's nonce (no inline or eval'd script),
 * styles and fonts only from the webview's own resource origin, and whatever else a page
 * needs (the preview's video and poster images) named by that page. No `vscode` here: the
 * panels hand in strings (the webview's cspSource, its resource URIs), so the unit tests can
 * read the policy it builds.
 */
import type * as Crypto from 'node:crypto';

/** CSP directives a page may add beyond the shell's own (style, font, script). */
export type ExtraSourceDirective = 'img-src' | 'media-src' | 'connect-src';

export interface WebviewPage {
  title: string;
  /** The webview's resource origin (vscode.Webview.cspSource). */
  cspSource: string;
  /** This page's one-time nonce (newNonce()): only tags carrying it may load a script or stylesheet. */
  nonce: string;
  /** Stylesheets, as webview URIs. */
  styleUris: string[];
  /** The page's one script, as a webview URI. */
  scriptUri: string;
  /** What the page shows before its script has run (trusted markup: the panels' own constants). */
  body: string;
  /** More sources, by directive, e.g. `{ 'media-src': [cspSource] }` for a video. */
  extraSources?: Partial<Record<ExtraSourceDirective, string[]>>;
}

/** A fresh nonce for one page load: 128 random bits. */
export function newNonce(): string {
  // Loaded here, not at the top: node:crypto is ~10 ms of the extension's module load, and a nonce is needed only when a panel opens.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require
  const crypto = require('node:crypto') as typeof Crypto;
  return crypto.randomBytes(16).toString('base64');
}

/** The page's Content-Security-Policy, as the meta tag carries it. */
export function webviewCsp(page: Pick<WebviewPage, 'cspSource' | 'nonce' | 'extraSources'>): string {
  const extra = Object.entries(page.extraSources ?? {}).map(([directive, sources]) => `${directive} ${sources.join(' ')}`);
  return [
    "default-src 'none'",
    ...extra,
    `style-src ${page.cspSource} 'nonce-${page.nonce}'`,
    `font-src ${page.cspSource}`,
    `script-src 'nonce-${page.nonce}'`,
  ].join('; ');
}

export function webviewHtml(page: WebviewPage): string {
  const styles = page.styleUris.map((uri) => `<link rel="stylesheet" href="${attribute(uri)}" nonce="${page.nonce}">\n`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(webviewCsp(page))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}<title>${text(page.title)}</title>
</head>
<body>
${page.body}
<script nonce="${page.nonce}" src="${attribute(page.scriptUri)}"></script>
</body>
</html>`;
}

/** A value inside double quotes: a URI or policy can never end the attribute. */
function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;');
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
