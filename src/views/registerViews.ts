/** Registers the sidebar views (Containers, Images). */
import type * as vscode from 'vscode';
import type { Services } from '../services';

export function registerViews(_services: Services): vscode.Disposable[] {
  return [];
}
