/**
 * Registers the sidebar views (Containers, Images) and the inspect documents. Nothing is
 * asked of the engine here: the lists load when a view first becomes visible.
 */
import type * as vscode from 'vscode';
import type { Services } from '../services';
import { Sidebar } from './sidebar';

export function registerViews(services: Services): vscode.Disposable[] {
  return [new Sidebar(services)];
}
