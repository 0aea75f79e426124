import * as vscode from 'vscode';
import type { Services } from '../../services';
import { containersFromArgs } from '../shared/targets';

/** Copies the full ids of the clicked or selected containers, one a line (from the sidebar only). */
export function copyContainerId(_services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const ids = containersFromArgs(args).map((c) => (typeof c === 'string' ? c : c.id));
    if (ids.length === 0) return;
    await vscode.env.clipboard.writeText(ids.join('\n'));
    vscode.window.setStatusBarMessage(
      ids.length === 1 ? `Copied container id ${ids[0].slice(0, 12)}` : `Copied ${ids.length} container ids`,
      4000,
    );
  };
}
