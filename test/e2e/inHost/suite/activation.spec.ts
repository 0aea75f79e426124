import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ContainerWorkflowsApi } from '../../../../src/extension';

const extensionId = 'container-workflows.container-workflows';

describe('activation', () => {
  it('activates at startup and registers its commands', async () => {
    const extension = vscode.extensions.getExtension<ContainerWorkflowsApi>(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['containerWorkflows.engine.retry', 'containerWorkflows.engine.configure']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
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
