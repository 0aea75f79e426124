/**
 * The webviews' one HTML shell (src/ui/webviewHtml.ts) and the Content Security Policy it
 * builds for the two pages that use it: the video preview and the stats panel.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newNonce, type WebviewPage, webviewCsp, webviewHtml } from '../../src/ui/webviewHtml';

const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
const nonce = 'bm9uY2Utb2YtdGhlLXRlc3Q=';

/** The preview's page as src/preview/previewPanel.ts builds it. */
const preview: WebviewPage = {
  title: 'Video Preview',
  cspSource,
  nonce,
  styleUris: [`${cspSource}/ext/media/preview.css`],
  scriptUri: `${cspSource}/ext/dist/webview.js`,
  body: '<main id="app" aria-live="polite"><p class="loading">Loading…</p></main>',
  extraSources: { 'img-src': [cspSource, 'data:'], 'media-src': [cspSource] },
};

/** The policy as directive -> its sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

/** The CSP a page's meta tag carries, read back from the HTML. */
function metaCsp(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'the page has a CSP meta tag');
  return match[1] ?? '';
}

describe('webviewCsp: what a webview page may load', () => {
  it("nothing by default; scripts only with this page's nonce, never inline or eval'd", () => {
    const policy = directives(webviewCsp(preview));
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.deepEqual(policy.get('script-src'), [`'nonce-${nonce}'`], 'not even the resource origin: only the tag with the nonce');
    assert.doesNotMatch(webviewCsp(preview), /unsafe-inline|unsafe-eval|\*/);
  });

  it("styles and fonts from the webview's own origin only (styles also by nonce)", () => {
    const policy = directives(webviewCsp(preview));
    assert.deepEqual(policy.get('style-src'), [cspSource, `'nonce-${nonce}'`]);
    assert.deepEqual(policy.get('font-src'), [cspSource]);
  });

  it('the preview: its video from the resource origin, images from there or as data: URIs; the policy is the one it had', () => {
    const policy = directives(webviewCsp(preview));
    assert.deepEqual(policy.get('media-src'), [cspSource]);
    assert.deepEqual(policy.get('img-src'), [cspSource, 'data:']);
    assert.equal(
      webviewCsp(preview),
      `default-src 'none'; img-src ${cspSource} data:; media-src ${cspSource}; style-src ${cspSource} 'nonce-${nonce}'; font-src ${cspSource}; script-src 'nonce-${nonce}'`,
    );
  });

  it('the stats panel: no images, media or connections at all', () => {
    const policy = directives(webviewCsp({ cspSource, nonce }));
    assert.deepEqual([...policy.keys()], ['default-src', 'style-src', 'font-src', 'script-src']);
  });
});

describe('webviewHtml: the page shell', () => {
  it('carries the policy, the viewport, the stylesheets and the one script, each tag with the nonce', () => {
    const html = webviewHtml({ ...preview, styleUris: [`${cspSource}/a.css`, `${cspSource}/b.css`] });
    assert.equal(metaCsp(html), webviewCsp(preview));
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1.0">/);
    const links = `<link rel="stylesheet" href="${cspSource}/a.css" nonce="${nonce}">\n<link rel="stylesheet" href="${cspSource}/b.css" nonce="${nonce}">\n`;
    assert.ok(html.includes(links), html);
    const scripts = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [`<script nonce="${nonce}" src="${cspSource}/ext/dist/webview.js">`], 'one script, by URI, no inline one');
    assert.match(html, /<title>Video Preview<\/title>/);
    assert.match(html, /<body>\n<main id="app" aria-live="polite"><p class="loading">Loading…<\/p><\/main>\n<script/);
  });

  it('a quote or angle bracket in a URI or the title cannot end its attribute or tag', () => {
    const html = webviewHtml({ ...preview, title: 'a <b> & c', scriptUri: 'x" onload="alert(1)' });
    assert.match(html, /<title>a &lt;b&gt; &amp; c<\/title>/);
    assert.match(html, /src="x&quot; onload=&quot;alert\(1\)"/);
  });
});

describe('newNonce', () => {
  it('128 random bits, new each page load', () => {
    const a = newNonce();
    assert.equal(Buffer.from(a, 'base64').length, 16);
    assert.notEqual(a, newNonce());
  });
});
