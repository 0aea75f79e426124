/**
 * The one Download… flow, for a container's files and a volume's: pick a folder (the
 * workspace's first by default), see what would be replaced, ask before replacing (the
 * askReplace question), download with progress and Cancel, and say what happened,
 * including what was kept and what could not be written.
 */
import * as vscode from 'vscode';
import type { DownloadPlan } from '../../engine/files/downloadPlan';
import type { DownloadOptions, DownloadResult } from '../../engine/files/downloadToHost';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { withCancellableProgress } from '../../ui/progress';
import { downloadQuestion, downloadSummary } from '../containers/downloadWording';
import { askReplace } from './askReplace';

export interface DownloadSource {
  /** What is downloaded, as titles and messages name it ("/etc", "/notes of the volume data"). */
  label: string;
  plan(hostDir: string, signal: AbortSignal): Promise<DownloadPlan>;
  download(hostDir: string, options: DownloadOptions, signal: AbortSignal): Promise<DownloadResult>;
}

export async function runDownload(services: Services, source: DownloadSource): Promise<void> {
  const { label } = source;
  const [folder] =
    (await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      title: `Download ${label} into…`,
      openLabel: 'Download Here',
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    })) ?? [];
  if (!folder) return;
  const plan = await failingAs(`Could not download ${label}`, () =>
    withCancellableProgress(`Looking at ${label}…`, (signal) => source.plan(folder.fsPath, signal)),
  );
  const question = downloadQuestion(plan);
  const replace = question ? await askReplace(question) : false;
  if (replace === undefined) return;
  const result = await failingAs(`Could not download ${label}`, () =>
    withCancellableProgress(`Downloading ${label}…`, (signal) => source.download(folder.fsPath, { replace }, signal), {
      track: services.work,
    }),
  );
  void vscode.window.showInformationMessage(downloadSummary(result));
}
