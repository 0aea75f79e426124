/**
 * What the Containers and Images trees share: they redraw when their model changes, and
 * turn its state into root rows. Idle or unreachable: no rows, so the view's welcome
 * content (Retry, Configure Engine Host) shows instead of an error; a failed list: one row
 * that says so and refreshes on click.
 */
import * as vscode from 'vscode';
import type { EngineListModel } from './listModel';
import { MessageNode } from './messageNode';

export abstract class ListTreeProvider<Item, Node extends vscode.TreeItem>
  implements vscode.TreeDataProvider<Node | MessageNode>, vscode.Disposable
{
  private readonly changed = new vscode.EventEmitter<Node | MessageNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly model: EngineListModel<Item>,
    /** "containers", "images": for the failure row. */
    private readonly noun: string,
    private readonly refreshCommand: string,
  ) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  /** The root rows of a list the engine gave; none shows the view's "empty" welcome. */
  protected abstract rows(items: readonly Item[]): Node[];

  /** Rows under a row; the default is none. */
  protected childrenOf(_node: Node | MessageNode): Node[] | Promise<(Node | MessageNode)[]> {
    return [];
  }

  /** Redraw from what the model has (after a view option changed). */
  redraw(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node | MessageNode): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: Node | MessageNode): Promise<(Node | MessageNode)[]> {
    if (node) return this.childrenOf(node);
    await this.model.ensureLoaded();
    const state = this.model.state;
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
