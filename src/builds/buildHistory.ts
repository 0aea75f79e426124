/** The last build choices per Dockerfile, kept in the workspace's state ("Build Again" repeats the latest). */
import type * as vscode from 'vscode';
import type { BuildChoices } from '../workflows/build/buildChoices';

const KEY = 'containerWorkflows.buildHistory';
const LAST_KEY = 'containerWorkflows.lastBuild';

export class BuildHistory {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Record<string, BuildChoices> {
    return this.state.get<Record<string, BuildChoices>>(KEY) ?? {};
  }

  get(dockerfile: string): BuildChoices | undefined {
    return this.all()[dockerfile];
  }

  /** The choices of the latest build, of whichever Dockerfile. */
  last(): BuildChoices | undefined {
    const dockerfile = this.state.get<string>(LAST_KEY);
    return dockerfile ? this.get(dockerfile) : undefined;
  }

  async remember(choices: BuildChoices): Promise<void> {
    await this.state.update(KEY, { ...this.all(), [choices.dockerfile]: choices });
    await this.state.update(LAST_KEY, choices.dockerfile);
  }
}
