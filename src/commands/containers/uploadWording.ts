/** What an upload into a container refuses, asks before replacing, and says afterwards. Pure. */
import type { UploadPlan, UploadResult } from '../../engine/files/uploadFromHost';

const SHOWN = 10;

function listed(paths: string[]): string {
  return paths.length > SHOWN ? `${paths.slice(0, SHOWN).join('\n')}\n… and ${paths.length - SHOWN} more` : paths.join('\n');
}

/** A folder where a file would go (or the other way round): the engine would refuse, so nothing is sent. */
export function uploadRefusal(plan: Pick<UploadPlan, 'clashes'>): string | undefined {
  if (plan.clashes.length === 0) return undefined;
  return `${plan.clashes.join(', ')} ${plan.clashes.length === 1 ? 'is a folder or a file' : 'are folders or files'} of the other kind in the container: rename the upload or remove ${plan.clashes.length === 1 ? 'it' : 'them'} first.`;
}

/** Undefined when nothing would be replaced (then nothing is asked). */
export function uploadQuestion(plan: Pick<UploadPlan, 'replaces' | 'containerDir'>): { message: string; detail: string } | undefined {
  if (plan.replaces.length === 0) return undefined;
  return {
    message:
      plan.replaces.length === 1
        ? `Replace ${plan.replaces[0]} in the container?`
        : `Replace ${plan.replaces.length} files in ${plan.containerDir}?`,
    detail: `They are in the container already:\n${listed(plan.replaces)}\n\nKeep Them uploads the rest.`,
  };
}

/** The host files to send: all of them, or all but those that would replace a file in the container. */
export function hostPathsToUpload(plan: Pick<UploadPlan, 'items' | 'replaces'>, replace: boolean): string[] {
  const replaced = new Set(plan.replaces);
  return plan.items.filter((item) => replace || !replaced.has(item.containerPath)).map((item) => item.hostPath);
}

export function uploadSummary(result: Pick<UploadResult, 'files' | 'skipped'>, containerDir: string, kept: number): string {
  const parts = [`Uploaded ${result.files} file${result.files === 1 ? '' : 's'} to ${containerDir}.`];
  if (kept) parts.push(`Kept ${kept} existing file${kept === 1 ? '' : 's'} in the container.`);
  if (result.skipped.length)
    parts.push(`Left out (not a file, folder or link): ${result.skipped.slice(0, 3).join(', ')}${result.skipped.length > 3 ? ' …' : ''}.`);
  return parts.join(' ');
}

/**
 * What a cancelled upload says: the engine keeps what had arrived (the archive endpoint has
 * no undo), so the files sent and the one cut short are named, with what to do.
 */
export function uploadCancelledNotice(cancelled: { sent: string[]; cut: string | undefined }, containerDir: string): string {
  const parts = [`Upload into ${containerDir} cancelled.`];
  if (cancelled.sent.length) {
    const shown = cancelled.sent.slice(0, 3).join(', ');
    parts.push(
      `Sent before the cancel, so in the container: ${shown}${cancelled.sent.length > 3 ? ` and ${cancelled.sent.length - 3} more` : ''}.`,
    );
  }
  if (cancelled.cut) parts.push(`${cancelled.cut} may be there cut short: upload it again to replace it.`);
  return parts.join(' ');
}
