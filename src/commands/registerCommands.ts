/** The one list of commands: id -> handler factory. Each handler lives in its own file. */
import type * as vscode from 'vscode';
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
import { type CommandHandler, registerCommand } from './registerCommand';

export function registerCommands(services: Services): vscode.Disposable[] {
  const commands: Record<string, CommandHandler> = {
    'containerWorkflows.engine.retry': retryEngine(services),
    'containerWorkflows.engine.configure': () => configureEngineHost(),
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
  return Object.entries(commands).map(([id, handler]) => registerCommand(services, id, handler));
}
