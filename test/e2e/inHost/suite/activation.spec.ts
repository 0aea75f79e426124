import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ContainerWorkflowsApi } from '../../../../src/extension';

const extensionId = 'container-workflows.container-workflows';

describe('activation', () => {
  it('activates at startup and registers every command it contributes, and no other', async () => {
    const extension = vscode.extensions.getExtension<ContainerWorkflowsApi>(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    const manifest = extension.packageJSON as { contributes: { commands: { command: string }[] } };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.ok(contributed.length > 0, 'package.json contributes commands');
    // VS Code makes commands of its own for each view (containerWorkflows.views.<name>.focus, …).
    const registered = (await vscode.commands.getCommands(true))
      .filter((id) => id.startsWith('containerWorkflows.') && !id.startsWith('containerWorkflows.views.'))
      .sort();
    assert.deepEqual(registered, contributed);
  });

  it('reaches the real engine named by DOCKER_HOST', async () => {
    const api = vscode.extensions.getExtension<ContainerWorkflowsApi>(extensionId)!.exports;
    const status = await api.checkEngine();
    assert.equal(status.state, 'connected', JSON.stringify(status));
    if (status.state === 'connected') {
      assert.match(status.version.version, /^\d+\.\d+/);
      assert.equal(status.endpoint.host, process.env.DOCKER_HOST);
    }
  });
});
