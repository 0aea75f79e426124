/**
 * A stand-in for the `vscode` module, for benchmarks that run outside the editor: the
 * classes the tree items and activate() construct (TreeItem, ThemeIcon, EventEmitter, …)
 * are real enough to build; every other API is a no-op that returns a disposable. Tree
 * views report themselves hidden, so activate() asks nothing of the engine, as in VS Code
 * before the sidebar is opened.
 */
import Module from 'node:module';

type Listener<T> = (value: T) => void;

class Disposable {
  constructor(private readonly onDispose: () => void = () => undefined) {}
  static from(...items: { dispose(): void }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

class EventEmitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(value: T): void {
    for (const l of this.listeners) l(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class TreeItem {
  id?: string;
  description?: string;
  tooltip?: unknown;
  contextValue?: string;
  iconPath?: unknown;
  command?: unknown;
  accessibilityInformation?: unknown;
  constructor(
    public label: string,
    public collapsibleState = 0,
  ) {}
}

class ThemeColor {
  constructor(readonly id: string) {}
}

class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

class MarkdownString {
  constructor(readonly value = '') {}
}

const noopEvent = () => new Disposable();

/** Any API not modelled here: callable, returns a disposable, and its events subscribe to nothing. */
function namespace(known: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(known, {
    get(target, prop) {
      if (typeof prop === 'string' && !(prop in target)) {
        return prop.startsWith('onDid') || prop.startsWith('onWill') ? noopEvent : () => new Disposable();
      }
      return target[prop as string];
    },
  });
}

function outputChannel(): Record<string, unknown> {
  return namespace({ show: () => undefined });
}

const configuration = { get: () => undefined, has: () => false, inspect: () => undefined, update: async () => undefined };

export const vscodeStub = {
  Disposable,
  EventEmitter,
  TreeItem,
  ThemeIcon,
  ThemeColor,
  MarkdownString,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  Uri: {
    file: (p: string) => ({ fsPath: p, path: p, scheme: 'file' }),
    parse: (s: string) => ({ toString: () => s }),
    joinPath: () => ({}),
    from: () => ({}),
  },
  window: namespace({
    createOutputChannel: outputChannel,
    createStatusBarItem: () => namespace({}),
    createTreeView: () => namespace({ visible: false }),
  }),
  commands: namespace({ executeCommand: async () => undefined, registerCommand: () => new Disposable() }),
  workspace: namespace({ getConfiguration: () => configuration, workspaceFolders: undefined, isTrusted: true }),
  languages: namespace({}),
  env: namespace({}),
  l10n: { t: (s: string) => s },
};

/** Makes `require('vscode')` return the stub, in this process. */
export function installVscodeStub(): void {
  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const original = loader._load;
  loader._load = function (request: string, parent: unknown, isMain: boolean) {
    return request === 'vscode' ? vscodeStub : original.call(this, request, parent, isMain);
  };
}

/** An ExtensionContext good enough for activate(). */
export function stubContext(extensionPath: string): Record<string, unknown> {
  const memento = { get: () => undefined, update: async () => undefined, keys: () => [] };
  return {
    subscriptions: [] as { dispose(): void }[],
    extensionPath,
    extensionUri: { fsPath: extensionPath, path: extensionPath, scheme: 'file' },
    globalState: memento,
    workspaceState: memento,
    asAbsolutePath: (p: string) => `${extensionPath}/${p}`,
  };
}
