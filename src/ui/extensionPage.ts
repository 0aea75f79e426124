/**
 * A webview page of the extension's own: its stylesheet and script resolved to webview URIs
 * under the extension, a fresh nonce, and the shared HTML shell and CSP (webviewHtml.ts).
 */
import * as vscode from 'vscode';
import { newNonce, type WebviewPage, webviewHtml } from './webviewHtml';

export interface ExtensionPage extends Pick<WebviewPage, 'title' | 'body' | 'extraSources'> {
  /** Paths inside the extension, e.g. 'media/stats.css' and 'dist/stats.js'. */
  stylesheet: string;
  script: string;
}

export function extensionPageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: ExtensionPage): string {
  const resource = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, file)).toString();
  return webviewHtml({
    title: page.title,
    cspSource: webview.cspSource,
    nonce: newNonce(),
    styleUris: [resource(page.stylesheet)],
    scriptUri: resource(page.script),
    body: page.body,
    extraSources: page.extraSources,
  });
}
