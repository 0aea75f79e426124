/**
 * A container's or image's inspect JSON as a read-only virtual document
 * (`containerWorkflows-inspect:/container/web.json?id=…`), highlighted as JSON.
 *
 * `show()` asks the engine first, so a failure reaches the command as the project's own
 * error (EngineUnavailableError says what to do) rather than as a failed editor; the
 * answer is kept for the provider while the document is open. Inspecting again shows the
 * engine's newest answer in the same editor. An engine that takes the request and never
 * answers: after a moment a notification offers Cancel, and the request's deadline ends it
 * with "the engine did not answer" and what to do.
 */
import * as vscode from 'vscode';
import type { ContainerEngine } from '../engine/engine';
import { engineMessage } from '../engine/errors';
import { withDelayedProgress } from '../ui/progress';

export const INSPECT_SCHEME = 'containerWorkflows-inspect';

export type InspectKind = 'container' | 'image';

export function inspectUri(kind: InspectKind, id: string, name: string): vscode.Uri {
  // The file name is the tab title; `/`, `:` and `@` of image references would make it a path.
  const fileName = name.replace(/[\\/:@<>\s]+/g, '_') || id.slice(0, 12);
  return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${kind}/${fileName}.json`, query: `id=${encodeURIComponent(id)}` });
}

function parseInspectUri(uri: vscode.Uri): { kind: InspectKind; id: string } | undefined {
  const kind = uri.path.split('/')[1];
  const id = new URLSearchParams(uri.query).get('id');
  return (kind === 'container' || kind === 'image') && id ? { kind, id } : undefined;
}

export class InspectDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly contents = new Map<string, string>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly engine: () => ContainerEngine) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((doc) => this.contents.delete(doc.uri.toString())),
      this.changed,
    ];
  }

  /** Fetches the inspect document and opens (or updates) its editor. Throws the engine's errors. */
  async show(kind: InspectKind, id: string, name: string, signal?: AbortSignal): Promise<vscode.TextEditor> {
    const uri = inspectUri(kind, id, name);
    const text = await withDelayedProgress(`Inspecting ${name}: waiting for the engine…`, (cancelled) =>
      this.fetch(kind, id, signal ? AbortSignal.any([signal, cancelled]) : cancelled),
    );
    const key = uri.toString();
    const wasOpen = this.contents.has(key);
    this.contents.set(key, text);
    if (wasOpen) this.changed.fire(uri);
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'json') {
      document = await vscode.languages.setTextDocumentLanguage(document, 'json');
    }
    return vscode.window.showTextDocument(document, { preview: true });
  }

  private async fetch(kind: InspectKind, id: string, signal?: AbortSignal): Promise<string> {
    const raw = await this.engine().inspectRaw(kind, id, signal);
    return `${JSON.stringify(raw, null, 2)}\n`;
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const known = this.contents.get(uri.toString());
    if (known !== undefined) return known;
    // An editor restored after a reload: ask the engine again.
    const target = parseInspectUri(uri);
    if (!target) return '';
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      const text = await this.fetch(target.kind, target.id, controller.signal);
      this.contents.set(uri.toString(), text);
      return text;
    } catch (err) {
      return `${JSON.stringify({ error: `Could not inspect this ${target.kind}: ${engineMessage(err)}` }, null, 2)}\n`;
    } finally {
      sub.dispose();
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.contents.clear();
  }
}
