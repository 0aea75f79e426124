/**
 * A stand-in for the `vscode` module, for code that runs outside the editor: unit tests
 * that load editor-facing modules to look at their wiring (which commands they register),
 * and the benchmarks that build tree items or call activate(). The classes those construct
 * (TreeItem, ThemeIcon, EventEmitter, …) are real enough to build; every namespace call not
 * modelled here is a no-op that returns a disposable, and anything else a module touches
 * while it loads is an inert value. `commands.registerCommand` records what was registered.
 * Tree views report themselves hidden, so activate() asks nothing of the engine, as in VS
 * Code before the sidebar is opened. Each unit test file runs in a process of its own, so
 * the stub never reaches another file.
 */
import Module from 'node:module';

type Handler = (...args: unknown[]) => unknown;
type Listener<T> = (value: T) => void;

/** Callable, constructible, and every property of it is another one like it. */
function inert(): unknown {
  const target = function inertValue() {
    return undefined;
  };
  return new Proxy(target, {
    get: (t, property): unknown =>
      property === 'prototype' ? (t.prototype as unknown) : property === Symbol.toPrimitive ? () => '' : inert(),
    apply: () => inert(),
    construct: () => ({}),
  });
}

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

const configuration = { get: () => undefined, has: () => false, inspect: () => undefined, update: async () => undefined };

export interface VscodeStub {
  /** Command id -> handler, in the order they were registered. */
  readonly registeredCommands: Map<string, Handler>;
}

function makeStub(registeredCommands: Map<string, Handler>): Record<string, unknown> {
  const known: Record<string, unknown> = {
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
      createOutputChannel: () => namespace({ show: () => undefined }),
      createStatusBarItem: () => namespace({}),
      createTreeView: () => namespace({ visible: false }),
    }),
    commands: namespace({
      executeCommand: async () => undefined,
      registerCommand: (id: string, handler: Handler) => {
        if (registeredCommands.has(id)) throw new Error(`${id} is registered twice`);
        registeredCommands.set(id, handler);
        return new Disposable(() => registeredCommands.delete(id));
      },
    }),
    workspace: namespace({ getConfiguration: () => configuration, workspaceFolders: undefined, isTrusted: true, textDocuments: [] }),
    languages: namespace({}),
    tasks: namespace({}),
    env: namespace({}),
    l10n: { t: (s: string) => s },
  };
  return new Proxy(known, { get: (t, property: string) => (property in t ? t[property] : inert()) });
}

/** From now on, `require('vscode')` in this process gives the stub. */
export function installVscodeStub(): VscodeStub {
  const registeredCommands = new Map<string, Handler>();
  const stub = makeStub(registeredCommands);
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load = loader._load.bind(loader);
  loader._load = (request, parent, isMain) => (request === 'vscode' ? stub : load(request, parent, isMain));
  return { registeredCommands };
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
