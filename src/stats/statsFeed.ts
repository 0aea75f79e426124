/**
 * The host side of a stats panel without the editor: follows the engine's stats stream
 * only while the panel is visible (one stream per panel), keeps the last minute
 * (StatsHistory) and says when the stream ended. Pure of vscode, so it is unit-tested
 * with a fake engine.
 */
import type { EngineApi } from '../engine/api/engineApi';
import { engineMessage } from '../engine/errors';
import { StatsHistory, type StatsPoint } from '../engine/stats/statsHistory';
import { followStats } from '../engine/stats/statsStream';
import type { StatsHostMessage, StatsPointMessage } from './statsProtocol';

export function toPointMessage(point: StatsPoint): StatsPointMessage {
  return {
    time: point.time.getTime(),
    cpuPercent: point.cpuPercent,
    onlineCpus: point.onlineCpus,
    memoryUsed: point.memoryUsed,
    memoryLimit: point.memoryLimit,
    memoryPercent: point.memoryPercent,
    netRxPerSecond: point.netRxPerSecond,
    netTxPerSecond: point.netTxPerSecond,
    blockReadPerSecond: point.blockReadPerSecond,
    blockWritePerSecond: point.blockWritePerSecond,
  };
}

export class StatsFeed {
  private readonly history = new StatsHistory();
  private following: AbortController | undefined;

  constructor(
    private readonly api: () => EngineApi,
    private readonly containerId: string,
    private readonly containerName: string,
    private readonly post: (message: StatsHostMessage) => void,
  ) {}

  get streaming(): boolean {
    return this.following !== undefined;
  }

  /** The panel shows (or its page said `ready`): send what is known, and follow the stream if not already. */
  start(): void {
    this.post({ type: 'show', container: this.containerName, points: this.history.points().map(toPointMessage) });
    if (this.following) return;
    const controller = (this.following = new AbortController());
    followStats(
      this.api(),
      this.containerId,
      (sample) => this.post({ type: 'point', point: toPointMessage(this.history.push(sample)) }),
      controller.signal,
    ).then(
      (end) => {
        if (controller.signal.aborted) return;
        this.following = undefined;
        this.post({ type: 'ended', reason: end === 'stopped' ? `${this.containerName} stopped.` : 'The engine ended the stats stream.' });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        this.following = undefined;
        this.post({ type: 'ended', reason: `No more stats: ${engineMessage(err)}` });
      },
    );
  }

  /** The panel was hidden or closed: the stream closes (nothing is measured for nobody). */
  stop(): void {
    this.following?.abort();
    this.following = undefined;
  }
}
