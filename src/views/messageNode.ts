/** A row that says something went wrong (and offers to try again), instead of a popup. */
import * as vscode from 'vscode';

export class MessageNode extends vscode.TreeItem {
  readonly kind = 'message' as const;

  constructor(message: string, command?: vscode.Command) {
    super(message, vscode.TreeItemCollapsibleState.None);
    this.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    this.tooltip = command ? `${message}\n\nClick to try again.` : message;
    this.contextValue = 'message';
    this.command = command;
  }
}
