/** The one list of commands: id -> handler factory. Each handler lives in its own file. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { addDockerFiles } from './addDockerFiles';
import { configureEngineHost } from './configureEngineHost';
import { containerCommands } from './containers/index';
import { buildImage } from './buildAndRun/buildImage';
import { copyRunCommand } from './buildAndRun/copyRunCommand';
import { runImage } from './buildAndRun/runImage';
import { runImageAgain } from './buildAndRun/runImageAgain';
import { convertFolderToVideo } from './img2vid/convertFolderToVideo';
import { convertFolderToVideoWithOptions } from './img2vid/convertFolderToVideoWithOptions';
import { previewVideo } from './previewVideo';
import { retryEngine } from './retryEngine';

type Handler = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

export function registerCommands(services: Services): vscode.Disposable[] {
  const commands: Record<string, Handler> = {
    'containerWorkflows.engine.retry': retryEngine(services),
    'containerWorkflows.engine.configure': configureEngineHost,
    'containerWorkflows.templates.scaffold': addDockerFiles(services),
    'containerWorkflows.img2vid.convert': convertFolderToVideo(services),
    'containerWorkflows.img2vid.convertWithOptions': convertFolderToVideoWithOptions(services),
    'containerWorkflows.preview.open': previewVideo(services),
    'containerWorkflows.image.build': buildImage(services),
    'containerWorkflows.image.run': runImage(services),
    'containerWorkflows.image.runAgain': runImageAgain(services),
    'containerWorkflows.image.copyRunCommand': copyRunCommand(services),
    ...containerCommands(services),
  };
  return Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
