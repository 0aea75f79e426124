/** What a download asks before replacing, and what it says afterwards. Pure. */
import type { DownloadPlan } from '../../engine/files/downloadPlan';
import type { DownloadResult } from '../../engine/files/downloadToHost';

const SHOWN = 10;

function listed(paths: string[]): string {
  return paths.length > SHOWN ? `${paths.slice(0, SHOWN).join('\n')}\n… and ${paths.length - SHOWN} more` : paths.join('\n');
}

/** Undefined when nothing would be replaced (then nothing is asked). */
export function downloadQuestion(plan: Pick<DownloadPlan, 'replaces' | 'target'>): { message: string; detail: string } | undefined {
  if (plan.replaces.length === 0) return undefined;
  return {
    message: plan.replaces.length === 1 ? `Replace ${plan.replaces[0]}?` : `Replace ${plan.replaces.length} files in ${plan.target}?`,
    detail: `They are there already:\n${listed(plan.replaces)}\n\nKeep Them downloads the rest.`,
  };
}

export function downloadSummary(result: Pick<DownloadResult, 'target' | 'files' | 'kept' | 'blocked'>): string {
  const parts = [`Downloaded to ${result.target} (${result.files} file${result.files === 1 ? '' : 's'}).`];
  if (result.kept.length) parts.push(`Kept ${result.kept.length} existing file${result.kept.length === 1 ? '' : 's'}.`);
  if (result.blocked.length)
    parts.push(
      `Not written: ${result.blocked
        .slice(0, 3)
        .map((b) => `${b.hostPath} (${b.reason})`)
        .join('; ')}${result.blocked.length > 3 ? ' …' : ''}.`,
    );
  return parts.join(' ');
}

/** How Download… names a volume's file or folder (paths are the volume's own: `/` is its top). */
export function volumeDownloadLabel(volume: string, path: string): string {
  return path === '/' ? `the volume ${volume}` : `${path} of the volume ${volume}`;
}
