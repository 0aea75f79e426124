/**
 * Follows a container's stats stream (`/containers/{id}/stats?stream=true`, one JSON line
 * a second). Resolves when the container stops: the engine does not end the stream then,
 * it goes on sending empty samples, so the first of those ends it here. The signal closes
 * the stream (a hidden panel); the request is then gone from the engine too.
 */
import type { EngineApi } from '../api/engineApi';
import { pathPart } from '../api/engineApi';
import { translate } from '../api/translateError';
import { CancelledError, EngineRequestError } from '../errors';
import { statusOf } from '../inUseError';
import { LineSplitter } from '../streamDemux';
import { type RawStats, type StatsSample, decodeStats, isStoppedSample } from './statsDecoder';

export type StatsEnd = 'stopped' | 'streamEnded';

export async function followStats(
  api: EngineApi,
  containerId: string,
  onSample: (sample: StatsSample) => void,
  signal?: AbortSignal,
): Promise<StatsEnd> {
  let answer;
  try {
    answer = await api.stream({ method: 'GET', path: `/containers/${pathPart(containerId)}/stats`, query: { stream: true } }, signal);
  } catch (err) {
    if (statusOf(err) === 404)
      throw new EngineRequestError(`The container ${containerId.slice(0, 12)} is gone: there are no stats to show.`, 404);
    throw err;
  }
  const body = answer.body;
  return new Promise<StatsEnd>((resolve, reject) => {
    let settled = false;
    const finish = (end: StatsEnd | Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      body.destroy();
      if (end instanceof Error) reject(end);
      else resolve(end);
    };
    const onAbort = () => finish(new CancelledError());
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const lines = new LineSplitter((line) => {
      if (settled || !line.trim()) return;
      let raw: RawStats;
      try {
        raw = JSON.parse(line) as RawStats;
      } catch {
        return; // not a sample (a proxy's noise); the next line is
      }
      if (isStoppedSample(raw)) return finish('stopped');
      const sample = decodeStats(raw);
      if (sample) onSample(sample);
    });
    body.on('data', (chunk: Buffer) => lines.push(chunk));
    body.on('end', () => {
      lines.end();
      finish('streamEnded');
    });
    body.on('error', (err: Error) => finish(translate(err, signal, api.endpoint)));
    body.on('close', () => finish(signal?.aborted ? new CancelledError() : 'streamEnded'));
  });
}
