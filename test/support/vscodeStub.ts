/**
 * A stand-in for the `vscode` module, for unit tests that load editor-facing modules to
 * look at their wiring (which commands they register) without running them. Anything a
 * module touches while it loads (a class that extends TreeItem, an icon, an enum) is an
 * inert value; `commands.registerCommand` records what was registered. Each unit test
 * file runs in a process of its own, so the stub never reaches another file.
 */
import Module from 'node:module';

type Handler = (...args: unknown[]) => unknown;

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

export interface VscodeStub {
  /** Command id -> handler, in the order they were registered. */
  readonly registeredCommands: Map<string, Handler>;
}

/** From now on, `require('vscode')` in this process gives the stub. */
export function installVscodeStub(): VscodeStub {
  const registeredCommands = new Map<string, Handler>();
  const known: Record<string, unknown> = {
    commands: {
      registerCommand: (id: string, handler: Handler) => {
        if (registeredCommands.has(id)) throw new Error(`${id} is registered twice`);
        registeredCommands.set(id, handler);
        return { dispose: () => registeredCommands.delete(id) };
      },
    },
  };
  const stub = new Proxy(known, { get: (t, property: string) => (property in t ? t[property] : inert()) });
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load = loader._load.bind(loader);
  loader._load = (request, parent, isMain) => (request === 'vscode' ? stub : load(request, parent, isMain));
  return { registeredCommands };
}
