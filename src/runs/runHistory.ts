/** The last run choices per image, kept in the workspace's state ("Run Again" uses them). */
import type * as vscode from 'vscode';
import type { RunConfig } from '../workflows/runConfig';

const KEY = 'containerWorkflows.runHistory';

export class RunHistory {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Record<string, RunConfig> {
    return this.state.get<Record<string, RunConfig>>(KEY) ?? {};
  }

  get(image: string): RunConfig | undefined {
    return this.all()[image];
  }

  entries(): RunConfig[] {
    return Object.values(this.all());
  }

  async remember(config: RunConfig): Promise<void> {
    await this.state.update(KEY, { ...this.all(), [config.image]: config });
  }
}
