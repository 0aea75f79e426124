/**
 * One sample of the engine's stats stream, decoded the way `docker stats` does (the Docker
 * CLI's own formulas), so the numbers agree with what people see there. Pure.
 *
 * - CPU %: the container's CPU time since the previous sample over the whole machine's,
 *   times the number of CPUs (the sample carries its predecessor as `precpu_stats`).
 * - Memory: usage minus the inactive page cache (`total_inactive_file` on cgroup v1,
 *   `inactive_file` on v2): the CLI's "usage without cache" since Docker 19.03.
 * - Network and block I/O: totals since the container started, summed over interfaces
 *   and devices; rates come from two samples (statsHistory.ts).
 */

/** The fields of `/containers/{id}/stats` that are read (cgroup v1 and v2 shapes). */
export interface RawStats {
  read?: string;
  pids_stats?: { current?: number };
  cpu_stats?: RawCpu;
  precpu_stats?: RawCpu;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
}

interface RawCpu {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
}

export interface StatsSample {
  time: Date;
  /** 100 is one CPU fully busy; up to 100 × the number of CPUs. */
  cpuPercent: number;
  onlineCpus: number;
  memoryUsed: number;
  /** The container's limit, or the machine's memory when it has none. */
  memoryLimit: number;
  memoryPercent: number;
  netRxBytes: number;
  netTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pids: number;
}

/** The engine sends samples with a zero time once the container has stopped. */
export function isStoppedSample(raw: RawStats): boolean {
  return !raw.read || raw.read.startsWith('0001-');
}

export function cpuPercent(raw: RawStats): { percent: number; onlineCpus: number } {
  const now = raw.cpu_stats;
  const before = raw.precpu_stats;
  const onlineCpus = now?.online_cpus || now?.cpu_usage?.percpu_usage?.length || 0;
  const cpuDelta = (now?.cpu_usage?.total_usage ?? 0) - (before?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (now?.system_cpu_usage ?? 0) - (before?.system_cpu_usage ?? 0);
  const percent = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * onlineCpus * 100 : 0;
  return { percent, onlineCpus };
}

export function memoryUsed(memory: RawStats['memory_stats']): number {
  const usage = memory?.usage ?? 0;
  const stats = memory?.stats ?? {};
  const inactive = 'total_inactive_file' in stats ? stats.total_inactive_file : stats.inactive_file;
  return inactive !== undefined && inactive < usage ? usage - inactive : usage;
}

function blockIo(raw: RawStats): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const entry of raw.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (entry.op ?? '').toLowerCase();
    if (op === 'read') read += entry.value ?? 0;
    else if (op === 'write') write += entry.value ?? 0;
  }
  return { read, write };
}

/** Undefined for the samples the engine sends after the container stopped. */
export function decodeStats(raw: RawStats): StatsSample | undefined {
  if (isStoppedSample(raw)) return undefined;
  const cpu = cpuPercent(raw);
  const used = memoryUsed(raw.memory_stats);
  const limit = raw.memory_stats?.limit ?? 0;
  let rx = 0;
  let tx = 0;
  for (const net of Object.values(raw.networks ?? {})) {
    rx += net.rx_bytes ?? 0;
    tx += net.tx_bytes ?? 0;
  }
  const block = blockIo(raw);
  return {
    time: new Date(raw.read!),
    cpuPercent: cpu.percent,
    onlineCpus: cpu.onlineCpus,
    memoryUsed: used,
    memoryLimit: limit,
    memoryPercent: limit > 0 ? (used / limit) * 100 : 0,
    netRxBytes: rx,
    netTxBytes: tx,
    blockReadBytes: block.read,
    blockWriteBytes: block.write,
    pids: raw.pids_stats?.current ?? 0,
  };
}
