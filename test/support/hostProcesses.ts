/**
 * Processes on this machine whose command line contains a marker. The rig's engine runs
 * here, so the process of a build step (BuildKit runs it without an API container) is a
 * process of this machine, and a test can see it start and see it go.
 */
import * as fs from 'node:fs';

export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    if (cmdline.includes(marker)) found.push(Number(entry));
  }
  return found;
}

/** Waits until `check` holds, looking again after each pause; false once the deadline passes. */
export async function eventually(check: () => boolean | Promise<boolean>, deadlineMs = 30_000): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
