/**
 * The last minute of a container's stats for live charts: a fixed ring of points, one a
 * second as the engine sends them, with network and block I/O turned into rates between
 * two samples. Pure.
 */
import type { StatsSample } from './statsDecoder';

/** A fixed-size ring: the oldest item goes when a new one comes in. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`A ring needs room for at least one item, not ${capacity}.`);
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Oldest first. */
  toArray(): T[] {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    return Array.from({ length: this.count }, (_, i) => this.items[(start + i) % this.capacity] as T);
  }

  latest(): T | undefined {
    return this.count === 0 ? undefined : this.items[(this.next - 1 + this.capacity) % this.capacity];
  }

  clear(): void {
    this.items.fill(undefined);
    this.next = 0;
    this.count = 0;
  }
}

export interface StatsPoint extends StatsSample {
  /** Bytes per second since the previous sample; 0 for the first one and after a counter reset (a restart). */
  netRxPerSecond: number;
  netTxPerSecond: number;
  blockReadPerSecond: number;
  blockWritePerSecond: number;
}

/** One minute at the engine's one sample a second. */
export const HISTORY_SECONDS = 60;

export class StatsHistory {
  private readonly ring: RingBuffer<StatsPoint>;
  private previous: StatsSample | undefined;

  constructor(capacity = HISTORY_SECONDS) {
    this.ring = new RingBuffer<StatsPoint>(capacity);
  }

  push(sample: StatsSample): StatsPoint {
    const before = this.previous;
    const seconds = before ? (sample.time.getTime() - before.time.getTime()) / 1000 : 0;
    const rate = (now: number, then: number | undefined) => (then === undefined || seconds <= 0 || now < then ? 0 : (now - then) / seconds);
    const point: StatsPoint = {
      ...sample,
      netRxPerSecond: rate(sample.netRxBytes, before?.netRxBytes),
      netTxPerSecond: rate(sample.netTxBytes, before?.netTxBytes),
      blockReadPerSecond: rate(sample.blockReadBytes, before?.blockReadBytes),
      blockWritePerSecond: rate(sample.blockWriteBytes, before?.blockWriteBytes),
    };
    this.previous = sample;
    this.ring.push(point);
    return point;
  }

  points(): StatsPoint[] {
    return this.ring.toArray();
  }

  latest(): StatsPoint | undefined {
    return this.ring.latest();
  }
}
