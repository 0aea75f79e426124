import * as vscode from 'vscode';
import type { PublishedPort } from '../../engine/engine';
import type { Services } from '../../services';
import { portUrl, publishedPorts } from '../../views/containerPresentation';
import { containersFor } from './containerTargets';

/**
 * Opens a published port of the clicked container in the browser. Through asExternalUri,
 * so it also works when VS Code runs remotely (the port is forwarded).
 */
export function openContainerPort(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const [container] = await containersFor(services, args, {
      placeHolder: 'Choose a container to open in the browser',
      filter: (c) => c.state === 'running' && publishedPorts(c.ports).some((p) => p.protocol === 'tcp'),
      canPickMany: false,
      emptyMessage: 'No running container publishes a TCP port.',
    });
    if (!container) return;
    const ports = publishedPorts(container.ports).filter((p) => p.protocol === 'tcp');
    if (ports.length === 0) {
      void vscode.window.showInformationMessage(
        `${container.name} publishes no TCP port: run it with a port mapping (-p) to open it in a browser.`,
      );
      return;
    }
    let port: PublishedPort | undefined = ports[0];
    if (ports.length > 1) {
      const picked = await vscode.window.showQuickPick(
        ports.map((p) => ({ label: portUrl(p), description: `container port ${p.containerPort}`, port: p })),
        { placeHolder: `Which port of ${container.name}?` },
      );
      port = picked?.port;
    }
    if (!port) return;
    const external = await vscode.env.asExternalUri(vscode.Uri.parse(portUrl(port)));
    await vscode.env.openExternal(external);
  };
}
