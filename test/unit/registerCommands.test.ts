/**
 * The command table against package.json: every contributed command is registered, every
 * registered one is contributed, and every %key% of the manifest (titles, view names,
 * welcome text) resolves in package.nls.json. registerCommands is loaded over a stub of
 * `vscode` and called, so this is what the extension really registers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { COMMAND_IDS } from '../../src/commands/commandIds';
import type * as CommandTableModule from '../../src/commands/commandTable';
import type * as RegisterCommandsModule from '../../src/commands/registerCommands';
import type * as FilesNodesModule from '../../src/views/containerFilesNodes';
import type { ContainerEntry } from '../../src/engine/files/pathStat';
import { VOLUME_FILE_SCHEME } from '../../src/files/containerFileUri';
import type { Services } from '../../src/services';
import { installVscodeStub } from '../support/vscodeStub';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const manifestText = fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as Manifest;
const nls = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
const contributed = manifest.contributes.commands.map((c) => c.command);

const stub = installVscodeStub();
// Loaded after the stub is in place: its command modules import `vscode` as they load.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an import would load it before the stub
const { registerCommands } = require('../../src/commands/registerCommands') as typeof RegisterCommandsModule;
// The factories only keep `services` for later: none of it is touched while registering.
const disposables = registerCommands({} as Services);
const registered = [...stub.registeredCommands.keys()];

describe('the command table', () => {
  it('registers every command package.json contributes, each once, and the list of ids says the same', () => {
    assert.equal(new Set(contributed).size, contributed.length, 'no command is contributed twice');
    assert.deepEqual([...registered].sort(), [...contributed].sort());
    assert.deepEqual([...COMMAND_IDS].sort(), [...contributed].sort());
    assert.equal(disposables.length, registered.length, 'each registration is handed back to go into context.subscriptions');
  });

  it('the table loaded on the first command run has a handler for every id', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub, as registerCommands loads it
    const { commandTable } = require('../../src/commands/commandTable') as typeof CommandTableModule;
    const table = commandTable({} as Services);
    assert.deepEqual(Object.keys(table).sort(), [...COMMAND_IDS].sort());
    for (const id of COMMAND_IDS) assert.equal(typeof table[id], 'function', `${id} has a handler`);
  });

  it('every menu entry names a contributed command', () => {
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) {
        assert.ok(contributed.includes(entry.command), `${menu}: ${entry.command} is contributed`);
      }
    }
  });

  it('every command link in the welcome and walkthrough text names a registered command', () => {
    const links = Object.values(nls).flatMap((text) => [...text.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]));
    assert.ok(links.length > 0);
    for (const id of links) assert.ok(registered.includes(id), `${id} is registered`);
  });
});

describe('package.nls.json', () => {
  const keys = [...manifestText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);

  it('every command has a title and a category, and every %key% of package.json resolves', () => {
    for (const command of manifest.contributes.commands) {
      assert.match(command.title, /^%.+%$/, `${command.command}: its title comes from package.nls.json`);
      assert.ok(command.category, `${command.command} has a category`);
    }
    assert.ok(keys.length >= manifest.contributes.commands.length);
    for (const key of keys) {
      assert.ok(typeof nls[key] === 'string' && nls[key].trim() !== '', `%${key}% has a text in package.nls.json`);
    }
  });

  it('has no text that package.json does not use', () => {
    assert.deepEqual(
      Object.keys(nls).filter((key) => !keys.includes(key)),
      [],
    );
  });
});

/** The commands of a view's row context menu (and inline icons) whose `when` holds for a row's contextValue. */
function rowCommands(view: string, contextValue: string): string[] {
  const entries = manifest.contributes.menus['view/item/context'] ?? [];
  return [
    ...new Set(
      entries
        .filter((e) => {
          const viewMatch = /view == ([\w.]+)/.exec(e.when ?? '');
          if (viewMatch?.[1] !== view) return false;
          const regex = /viewItem =~ \/(.+)\/(?:\s|$)/.exec(e.when ?? '');
          const equal = /viewItem == ([\w.]+)/.exec(e.when ?? '');
          if (regex) return new RegExp(regex[1]).test(contextValue);
          return equal ? equal[1] === contextValue : true;
        })
        .map((e) => e.command.replace(/^containerWorkflows\./, '')),
    ),
  ].sort();
}

describe("the Volumes view's row menus", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub (it imports vscode)
  const { FileEntryNode, VolumeFilesNode } = require('../../src/views/containerFilesNodes') as typeof FilesNodesModule;
  const entry = (kind: ContainerEntry['kind']) =>
    new FileEntryNode('data', { name: 'x', path: '/x', kind, size: 1, mode: 0o644 }, VOLUME_FILE_SCHEME).contextValue!;
  const view = 'containerWorkflows.views.volumes';

  it('a volume row has Inspect and Remove…; its Files node, files and folders only Download…; a link nothing', () => {
    assert.deepEqual(rowCommands(view, 'volume'), ['volumes.inspect', 'volumes.remove']);
    assert.deepEqual(rowCommands(view, 'volume.inUse'), ['volumes.inspect', 'volumes.remove']);
    assert.deepEqual(rowCommands(view, new VolumeFilesNode('data').contextValue!), ['volumes.downloadFile']);
    assert.deepEqual(rowCommands(view, entry('file')), ['volumes.downloadFile']);
    assert.deepEqual(rowCommands(view, entry('directory')), ['volumes.downloadFile']);
    assert.deepEqual(rowCommands(view, entry('symlink')), []);
  });
});
