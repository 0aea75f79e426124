import * as vscode from 'vscode';
import type { Services } from '../../services';
import { StatsPanels } from '../../stats/statsPanel';
import { containersFor } from './containerTargets';

/** "Show Stats": a live stats panel per running container (one engine stream each, open while the panel shows). */
export function showContainerStats(services: Services) {
  // Made on first use: registering a command touches nothing of `services`.
  let panels: StatsPanels | undefined;
  return async (...args: unknown[]): Promise<void> => {
    const chosen = await containersFor(services, args, {
      placeHolder: 'Choose a running container to show its stats',
      filter: (c) => c.state === 'running',
      canPickMany: true,
      emptyMessage: 'There is no running container to show stats of.',
    });
    const running = chosen.filter((c) => c.state === 'running');
    if (chosen.length > 0 && running.length === 0) {
      void vscode.window.showInformationMessage(`${chosen[0].name} is not running: start it to see its stats.`);
      return;
    }
    if (!panels) {
      panels = new StatsPanels(services.context.extensionUri, () => services.monitor.engine.api);
      services.context.subscriptions.push(panels);
    }
    for (const c of running) panels.show(c.id, c.name);
  };
}
