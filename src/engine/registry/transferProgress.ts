/**
 * The engine's pull and push streams (one JSON message a line) read into per-layer
 * progress. Pure: dockerodeTransfer.ts feeds it the lines.
 *
 * What the engine sends (Docker 20.10 and later, Podman alike):
 *   pull: "Pulling from you/app" · id "Pulling fs layer" | "Waiting" | "Downloading" {current,total}
 *         | "Verifying Checksum" | "Download complete" | "Extracting" {current,total} | "Pull complete"
 *         | "Already exists" · "Digest: sha256:…" · "Status: Downloaded newer image for …"
 *   push: "The push refers to repository [..]" · id "Preparing" | "Waiting" | "Pushing" {current,total}
 *         | "Pushed" | "Layer already exists" | "Mounted from other/repo" · "tag: digest: sha256:… size: N"
 *         and {aux: {Tag, Digest, Size}}
 *   both: {error, errorDetail: {message}} when it fails part-way.
 */
import { streamError } from '../streamError';

export type LayerPhase = 'waiting' | 'downloading' | 'downloaded' | 'extracting' | 'uploading' | 'retrying' | 'done' | 'existing';

export type TransferMessage =
  | { kind: 'layer'; id: string; status: string; current?: number; total?: number }
  | { kind: 'status'; text: string }
  | { kind: 'digest'; digest: string; tag?: string; size?: number }
  | { kind: 'error'; message: string };

export interface LayerProgress {
  id: string;
  phase: LayerPhase;
  /** Bytes moved so far (downloaded or uploaded). */
  current: number;
  /** The layer's size when the engine said it (0: not known). */
  total: number;
  /** The engine's word for it: "Downloading", "Mounted from you/base", … */
  status: string;
}

export interface TransferSnapshot {
  layers: LayerProgress[];
  /** Layers finished (including those that already existed). */
  layersDone: number;
  /** Layers that were there already: "Already exists", "Layer already exists", "Mounted from …". */
  layersExisting: number;
  /** Bytes moved over the layers whose size is known, and their total. */
  bytesDone: number;
  bytesTotal: number;
  /** The last general line: "Pulling from …", "The push refers to …". */
  status?: string;
}

interface StreamMessage {
  status?: unknown;
  id?: unknown;
  progressDetail?: { current?: unknown; total?: unknown };
  error?: unknown;
  errorDetail?: { message?: unknown };
  aux?: { Tag?: unknown; Digest?: unknown; Size?: unknown };
}

const digestLine = /^(?:(\S+): )?digest: (sha256:[0-9a-f]{64}) size: (\d+)$/;
const pulledDigest = /^Digest: (sha256:[0-9a-f]{64})$/;

/** One decoded stream message in the project's terms, or undefined for one that says nothing. */
export function decodeTransferMessage(raw: unknown): TransferMessage | undefined {
  if (raw === null || typeof raw !== 'object') {
    return undefined;
  }
  const message = raw as StreamMessage;
  const error = streamError(message);
  if (error !== undefined) {
    return { kind: 'error', message: error.trim() };
  }
  if (message.aux && typeof message.aux.Digest === 'string') {
    return {
      kind: 'digest',
      digest: message.aux.Digest,
      ...(typeof message.aux.Tag === 'string' ? { tag: message.aux.Tag } : {}),
      ...(typeof message.aux.Size === 'number' ? { size: message.aux.Size } : {}),
    };
  }
  if (typeof message.status !== 'string') {
    return undefined;
  }
  const status = message.status.trim();
  const pushed = digestLine.exec(status);
  if (pushed) {
    return { kind: 'digest', digest: pushed[2], size: Number(pushed[3]), ...(pushed[1] ? { tag: pushed[1] } : {}) };
  }
  const pulled = pulledDigest.exec(status);
  if (pulled) {
    return { kind: 'digest', digest: pulled[1] };
  }
  // A pull's first line carries the tag as its id ("Pulling from you/app", id "1.0"): not a layer.
  if (typeof message.id === 'string' && !status.startsWith('Pulling from ')) {
    const current = numberOrUndefined(message.progressDetail?.current);
    const total = numberOrUndefined(message.progressDetail?.total);
    return {
      kind: 'layer',
      id: message.id,
      status,
      ...(current !== undefined ? { current } : {}),
      ...(total !== undefined ? { total } : {}),
    };
  }
  return { kind: 'status', text: status };
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The phase a layer status means; undefined for a status this code does not know (kept as is). */
export function phaseOf(status: string): LayerPhase | undefined {
  switch (status) {
    case 'Pulling fs layer':
    case 'Waiting':
    case 'Preparing':
      return 'waiting';
    case 'Downloading':
      return 'downloading';
    case 'Verifying Checksum':
    case 'Download complete':
      return 'downloaded';
    case 'Extracting':
      return 'extracting';
    case 'Pushing':
      return 'uploading';
    case 'Pull complete':
    case 'Pushed':
      return 'done';
    case 'Already exists':
    case 'Layer already exists':
      return 'existing';
  }
  if (status.startsWith('Mounted from ')) {
    return 'existing';
  }
  if (status.startsWith('Retrying in ')) {
    return 'retrying';
  }
  return undefined;
}

/**
 * Keeps every layer's latest state, and the outcome: the first error, the digest. Bytes
 * count the transfer itself (download or upload), not extraction, so a pull's bar does not
 * run twice.
 */
export class TransferTracker {
  private readonly layers = new Map<string, LayerProgress>();
  private lastStatus?: string;
  private failure?: string;
  private result?: { digest: string; tag?: string; size?: number };

  get error(): string | undefined {
    return this.failure;
  }

  get digest(): { digest: string; tag?: string; size?: number } | undefined {
    return this.result;
  }

  /** Takes one message; returns true when what a person sees changed. */
  accept(message: TransferMessage | undefined): boolean {
    if (!message) {
      return false;
    }
    switch (message.kind) {
      case 'error':
        this.failure ??= message.message;
        return true;
      case 'digest': {
        // The aux message repeats the digest line with the tag and size as fields.
        const { kind: _kind, ...found } = message;
        this.result = { ...this.result, ...found };
        return false;
      }
      case 'status':
        this.lastStatus = message.text;
        return true;
      case 'layer':
        return this.acceptLayer(message);
    }
  }

  private acceptLayer(message: Extract<TransferMessage, { kind: 'layer' }>): boolean {
    const before = this.layers.get(message.id);
    const phase = phaseOf(message.status) ?? before?.phase ?? 'waiting';
    const total = message.total && message.total > 0 ? message.total : (before?.total ?? 0);
    let current = before?.current ?? 0;
    if (phase === 'downloading' || phase === 'uploading') {
      // A push counts compressed bytes against the uncompressed size: never past the total.
      current = Math.min(message.current ?? current, total || Infinity);
    } else if (phase === 'downloaded' || phase === 'extracting' || phase === 'done') {
      current = total || current;
    }
    this.layers.set(message.id, { id: message.id, phase, current, total, status: message.status });
    return true;
  }

  snapshot(): TransferSnapshot {
    const layers = [...this.layers.values()].map((layer) => ({ ...layer }));
    const sized = layers.filter((layer) => layer.total > 0 && layer.phase !== 'existing');
    return {
      layers,
      layersDone: layers.filter((layer) => layer.phase === 'done' || layer.phase === 'existing').length,
      layersExisting: layers.filter((layer) => layer.phase === 'existing').length,
      bytesDone: sized.reduce((sum, layer) => sum + layer.current, 0),
      bytesTotal: sized.reduce((sum, layer) => sum + layer.total, 0),
      ...(this.lastStatus !== undefined ? { status: this.lastStatus } : {}),
    };
  }
}
