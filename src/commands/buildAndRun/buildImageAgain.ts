/**
 * "Build Again": the last build repeated with the same choices (of the Dockerfile given,
 * or of the latest build); with none remembered yet it is "Build Image…".
 */
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { requireTrust } from '../shared/requireTrust';
import { buildImage, runBuild } from './buildImage';

export function buildImageAgain(services: Services) {
  return async (uri?: vscode.Uri): Promise<string | undefined> => {
    if (!(await requireTrust("Building an image runs the Dockerfile's commands"))) return undefined;
    const choices = uri instanceof vscode.Uri ? services.buildHistory.get(uri.fsPath) : services.buildHistory.last();
    if (!choices) return buildImage(services)(uri);
    await services.buildHistory.remember(choices);
    return runBuild(services, choices);
  };
}
