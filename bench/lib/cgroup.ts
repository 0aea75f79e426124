/**
 * Exact peak memory and CPU time of one container (cgroup v1, the engine's cgroupfs
 * driver): the container is created with HostConfig.CgroupParent set to a fresh cgroup of
 * this run (/sys/fs/cgroup/memory/cw-bench/…), which outlives the container, so after it
 * exits the parent's memory.max_usage_in_bytes is the container's peak (processes plus the
 * page cache charged to it, such as the video it wrote), memory.usage_in_bytes what is
 * still charged (page cache, kernel objects; the processes are gone), and cpuacct.usage
 * the CPU time of all its processes. (memory.stat is no use: this kernel flushes memcg
 * statistics lazily, and samples of total_rss lag by up to 2 s.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const say = (text: string) => process.stderr.write(`[cgroup] ${text}\n`);

const CGROUP_FS = '/sys/fs/cgroup';
const CGROUP_ROOT = 'cw-bench';

/** A parent cgroup for one container: its peak stays readable after the container is gone. */
export class CgroupProbe {
  readonly parent: string;
  private readonly dir: string;

  constructor(name: string) {
    this.parent = `/${CGROUP_ROOT}/${name}`;
    this.dir = path.join(CGROUP_FS, 'memory', CGROUP_ROOT, name);
    fs.mkdirSync(this.dir, { recursive: true });
  }

  static check(): void {
    if (!fs.existsSync(path.join(CGROUP_FS, 'memory', 'memory.max_usage_in_bytes'))) {
      throw new Error(
        `${CGROUP_FS}/memory is not a cgroup v1 memory hierarchy: this benchmark reads peaks from cgroup v1 (memory.max_usage_in_bytes).`,
      );
    }
  }

  /**
   * Call right after the container exited: its peak, what is still charged (page cache and
   * kernel objects; the processes' memory is gone), and its CPU time (cpuacct.usage: user +
   * system of all its processes).
   */
  finish(): { peak: number; leftover: number; cpuMs: number } {
    const read = (dir: string, file: string) => Number(fs.readFileSync(path.join(dir, file), 'utf8').trim());
    const leftover = read(this.dir, 'memory.usage_in_bytes');
    const peak = read(this.dir, 'memory.max_usage_in_bytes');
    const name = path.basename(this.parent);
    const controller = ['cpuacct', 'cpu,cpuacct'].find((c) => fs.existsSync(path.join(CGROUP_FS, c, CGROUP_ROOT, name, 'cpuacct.usage')));
    const cpuMs = controller ? read(path.join(CGROUP_FS, controller, CGROUP_ROOT, name), 'cpuacct.usage') / 1e6 : NaN;
    return { peak, leftover, cpuMs };
  }

  /** Removes this parent in every controller (the engine made it there too); after the container is removed. */
  dispose(): void {
    const name = path.basename(this.parent);
    for (const controller of fs.readdirSync(CGROUP_FS)) {
      const dir = path.join(CGROUP_FS, controller, CGROUP_ROOT, name);
      if (fs.existsSync(dir)) {
        try {
          fs.rmdirSync(dir);
        } catch (err) {
          say(`could not remove ${dir}: ${(err as Error).message}`);
        }
      }
    }
  }

  static disposeRoot(): void {
    for (const controller of fs.readdirSync(CGROUP_FS)) {
      const dir = path.join(CGROUP_FS, controller, CGROUP_ROOT);
      try {
        if (fs.existsSync(dir)) fs.rmdirSync(dir);
      } catch {
        // another bench process still uses it
      }
    }
  }
}
