/**
 * The one message protocol between a stats panel (host) and its webview; both sides import
 * these types. The webview speaks first (`ready`); the host posts nothing before that.
 * Times are milliseconds since the epoch (messages are JSON).
 */

/** One point of the charts: what the engine measured, with rates per second since the previous point. */
export interface StatsPointMessage {
  time: number;
  cpuPercent: number;
  onlineCpus: number;
  memoryUsed: number;
  memoryLimit: number;
  memoryPercent: number;
  netRxPerSecond: number;
  netTxPerSecond: number;
  blockReadPerSecond: number;
  blockWritePerSecond: number;
}

export type StatsHostMessage =
  /** Who the panel shows, and the last minute so far (a panel shown again redraws from it). */
  | { type: 'show'; container: string; points: StatsPointMessage[] }
  | { type: 'point'; point: StatsPointMessage }
  /** The stream ended: the container stopped, or the engine could not be reached (the reason says which). */
  | { type: 'ended'; reason: string };

export type StatsWebviewMessage = { type: 'ready' };

/** The host's check of what the webview sends: only `ready`, with nothing else in it. Pure. */
export function parseStatsMessage(raw: unknown): StatsWebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const fields = Object.keys(raw);
  return (raw as { type?: unknown }).type === 'ready' && fields.length === 1 ? { type: 'ready' } : undefined;
}
