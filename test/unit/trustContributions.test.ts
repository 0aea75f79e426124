/**
 * What package.json declares for Restricted Mode, and that every gated command explains
 * itself: a command disabled through `enablement` is left out of the Command Palette by
 * VS Code, where it could say nothing, so the gate lives in the handlers (requireTrust).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[]; description: string } };
  contributes: {
    configuration: { properties: Record<string, unknown> };
    commands: { command: string; enablement?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;

/** The gated commands and the handler file that must refuse in Restricted Mode. */
const GATED: Record<string, string> = {
  'containerWorkflows.image.build': 'src/commands/buildAndRun/buildImage.ts',
  'containerWorkflows.image.buildAgain': 'src/commands/buildAndRun/buildImageAgain.ts',
  'containerWorkflows.image.run': 'src/commands/buildAndRun/runImage.ts',
  'containerWorkflows.image.runAgain': 'src/commands/buildAndRun/runImageAgain.ts',
  'containerWorkflows.img2vid.convert': 'src/commands/img2vid/convertFolderToVideo.ts',
  'containerWorkflows.img2vid.convertWithOptions': 'src/commands/img2vid/convertFolderToVideoWithOptions.ts',
  'containerWorkflows.compose.up': 'src/commands/compose/composeUp.ts',
  'containerWorkflows.compose.down': 'src/commands/compose/composeDown.ts',
  'containerWorkflows.compose.restart': 'src/commands/compose/composeLifecycle.ts',
  'containerWorkflows.compose.start': 'src/commands/compose/composeLifecycle.ts',
  'containerWorkflows.compose.stop': 'src/commands/compose/composeLifecycle.ts',
  'containerWorkflows.compose.pull': 'src/commands/compose/composePull.ts',
  'containerWorkflows.compose.build': 'src/commands/compose/composeBuild.ts',
  'containerWorkflows.compose.logs': 'src/commands/compose/composeLogs.ts',
};

describe('Restricted Mode in package.json', () => {
  const untrusted = manifest.capabilities.untrustedWorkspaces;

  it('is supported in a limited way, and the settings a hostile repository could use are restricted', () => {
    assert.equal(untrusted.supported, 'limited');
    assert.deepEqual([...untrusted.restrictedConfigurations].sort(), [
      'containerWorkflows.img2vid.output',
      'containerWorkflows.templates.path',
    ]);
    for (const key of untrusted.restrictedConfigurations) {
      assert.ok(manifest.contributes.configuration.properties[key], `${key} is a contributed setting`);
    }
  });

  it('the description says what works untrusted and what needs trust', () => {
    const sentences = untrusted.description.split(/(?<=\.) /);
    const works = sentences.find((s) => s.startsWith('In Restricted Mode you can'));
    const needsTrust = sentences.find((s) => s.includes('need a trusted workspace'));
    assert.ok(works && needsTrust, untrusted.description);
    for (const action of [/inspect/, /logs/, /start, stop, restart, remove/, /shell/, /bundled templates/]) {
      assert.match(works, action);
    }
    for (const gated of [
      /Building an image/,
      /running one/,
      /converting a folder/,
      /Compose commands/,
      /templates from your own folders/,
    ]) {
      assert.match(needsTrust, gated);
    }
  });

  it('no command is disabled or hidden by trust: each entry point runs the handler, which explains', () => {
    for (const command of manifest.contributes.commands) {
      assert.ok(
        !String(command.enablement ?? '').includes('isWorkspaceTrusted'),
        `${command.command} is not disabled by trust (it would vanish from the palette)`,
      );
    }
    for (const [menu, entries] of Object.entries(manifest.contributes.menus as Record<string, { command: string; when?: string }[]>)) {
      for (const entry of entries) {
        assert.ok(!String(entry.when ?? '').includes('isWorkspaceTrusted'), `${menu} ${entry.command} is shown in Restricted Mode too`);
      }
    }
  });

  it("every gated command's handler goes through requireTrust before anything else", () => {
    for (const [id, file] of Object.entries(GATED)) {
      assert.ok(
        manifest.contributes.commands.some((c: { command: string }) => c.command === id),
        `${id} is contributed`,
      );
      const source = fs.readFileSync(path.join(repoRoot, file), 'utf8');
      const handler = source.slice(source.indexOf('return async ('));
      const firstStatement = handler
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('//'))[1];
      assert.match(firstStatement, /^if \(!\(await requireTrust\(/, `${id}: the first thing ${file} does`);
    }
  });
});
