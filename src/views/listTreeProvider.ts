/**
 * What the Containers and Images trees share: they redraw when their model changes, and
 * turn its state into root rows. Idle or unreachable: no rows, so the view's welcome
 * content (Retry, Configure Engine Host) shows instead of an error; a failed list: one row
 * that says so and refreshes on click.
 *
 * A reload that changes nothing the view shows does not redraw it. A redraw makes VS Code
 * drop the rows and fetch them again, group by group, and rows that move under the pointer
 * take a click meant for a neighbour; and an engine event for a container the view does not
 * show (another scope, a build's step container) reloads the list all the same.
 */
import * as vscode from 'vscode';
import type { EngineListModel, ListState } from './listModel';
import { MessageNode } from './messageNode';

export abstract class ListTreeProvider<Item, Node extends vscode.TreeItem>
  implements vscode.TreeDataProvider<Node | MessageNode>, vscode.Disposable
{
  private readonly changed = new vscode.EventEmitter<Node | MessageNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };
  /** The root rows VS Code was last given, the state they show, and how they look (lookOf), once asked. */
  private shown: { state: ListState<Item>; rows: (Node | MessageNode)[]; look?: string } | undefined;

  constructor(
    private readonly model: EngineListModel<Item>,
    /** "containers", "images": for the failure row. */
    private readonly noun: string,
    private readonly refreshCommand: string,
  ) {
    this.subscription = model.onDidChange(() => this.redrawIfChanged());
  }

  /** The root rows of a list the engine gave; none shows the view's "empty" welcome. */
  protected abstract rows(items: readonly Item[]): Node[];

  /** Rows under a row; the default is none. */
  protected childrenOf(_node: Node | MessageNode): Node[] | Promise<(Node | MessageNode)[]> {
    return [];
  }

  /** Redraw from what the model has (after a view option changed). */
  redraw(): void {
    this.shown = undefined;
    this.changed.fire(undefined);
  }

  private redrawIfChanged(): void {
    const before = this.shown;
    const state = this.model.state;
    const rows = this.rowsOf(state);
    const look = lookOf(rows);
    if (before && (before.look ??= lookOf(before.rows)) === look) {
      // The same rows: VS Code keeps the ones it has (and their selection, focus and place).
      this.shown = { ...before, state };
      return;
    }
    this.shown = { state, rows, look };
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node | MessageNode): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: Node | MessageNode): Promise<(Node | MessageNode)[]> {
    if (node) return this.childrenOf(node);
    await this.model.ensureLoaded();
    const state = this.model.state;
    if (this.shown?.state !== state) this.shown = { state, rows: this.rowsOf(state) };
    return this.shown.rows;
  }

  private rowsOf(state: ListState<Item>): (Node | MessageNode)[] {
    switch (state.kind) {
      case 'idle':
      case 'unavailable':
        return [];
      case 'failed':
        return [new MessageNode(`Could not list ${this.noun}: ${state.message}`, { command: this.refreshCommand, title: 'Refresh' })];
      case 'ready':
        return this.rows(state.items);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * Everything the rows carry, their children from the list too (a group's containers), as
 * one string: the labels, descriptions, tooltips (relative times included), icons, context
 * values and the engine's data behind them.
 */
export function lookOf(rows: readonly vscode.TreeItem[]): string {
  return JSON.stringify(rows);
}
