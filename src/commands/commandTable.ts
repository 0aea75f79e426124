/**
 * The one table of commands: id (commandIds.ts) -> handler factory. A command with logic of its own has a
 * file of its own; a view's one-line commands (refresh, show/hide) share its file. registerCommands.ts
 * registers every id at activation and loads this table (and with it every command's code) on the
 * first command run: the extension's bundle carries none of it (esbuild.js LAZY).
 */
import type { Services } from '../services';
import { addDockerFiles } from './addDockerFiles';
import { buildImage } from './buildAndRun/buildImage';
import { buildImageAgain } from './buildAndRun/buildImageAgain';
import type { CommandId } from './commandIds';
import { copyRunCommand } from './buildAndRun/copyRunCommand';
import { runImage } from './buildAndRun/runImage';
import { runImageAgain } from './buildAndRun/runImageAgain';
import { composeDown } from './compose/composeDown';
import { composeLogs } from './compose/composeLogs';
import { composeBuild } from './compose/composeBuild';
import { composePull } from './compose/composePull';
import { composeRestart, composeStart, composeStop } from './compose/composeRestart';
import { composeUp } from './compose/composeUp';
import { configureEngineHost } from './configureEngineHost';
import { attachShell } from './containers/attachShell';
import { refreshContainers, showAllContainers, showOwnedContainers } from './containers/containersViewCommands';
import { copyContainerId } from './containers/copyContainerId';
import { downloadContainerFile } from './containers/downloadContainerFile';
import { uploadContainerFiles } from './containers/uploadContainerFiles';
import { inspectContainer } from './containers/inspectContainer';
import { openContainerPort } from './containers/openContainerPort';
import { pruneOwnedContainers } from './containers/pruneOwnedContainers';
import { removeContainer } from './containers/removeContainer';
import { restartContainer } from './containers/restartContainer';
import { showContainerLogs } from './containers/showContainerLogs';
import { showContainerStats } from './containers/showContainerStats';
import { startContainer } from './containers/startContainer';
import { stopContainer } from './containers/stopContainer';
import { hideDanglingImages, refreshImages, showDanglingImages } from './images/imagesViewCommands';
import { inspectImage } from './images/inspectImage';
import { removeImage } from './images/removeImage';
import { convertFolderToVideo } from './img2vid/convertFolderToVideo';
import { convertFolderToVideoWithOptions } from './img2vid/convertFolderToVideoWithOptions';
import { runInteractive } from './interactive/runInteractive';
import { createNetworkCommand } from './networks/createNetwork';
import { inspectNetworkCommand, refreshNetworks } from './networks/networksViewCommands';
import { removeNetworkCommand } from './networks/removeNetwork';
import { previewVideo } from './previewVideo';
import { createVolumeCommand } from './volumes/createVolume';
import { downloadVolumeFile } from './volumes/downloadVolumeFile';
import { pruneVolumesCommand, removeVolumeCommand } from './volumes/removeVolume';
import { inspectVolumeCommand, refreshVolumes } from './volumes/volumesViewCommands';
import { logInToRegistry } from './registries/logInToRegistry';
import { logOutOfRegistry } from './registries/logOutOfRegistry';
import { pullImage } from './registries/pullImage';
import { pushImage } from './registries/pushImage';
import { copyRegistryReference, refreshRegistries } from './registries/registriesViewCommands';
import { tagImage } from './registries/tagImage';
import type { CommandHandler } from './registerCommand';
import { retryEngine } from './retryEngine';
import { useDockerContext } from './useDockerContext';
import { convertImageFolder } from './walkthrough/convertImageFolder';
import { createSampleFrames } from './walkthrough/createSampleFrames';
import { openWalkthrough } from './walkthrough/openWalkthrough';

export type CommandTable = Record<CommandId, CommandHandler>;

export function commandTable(services: Services): CommandTable {
  // Tree commands receive (clicked node, selected nodes) from VS Code: `unknown` in the
  // handlers, narrowed in commands/shared/targets.ts.
  return {
    'containerWorkflows.engine.retry': retryEngine(services),
    'containerWorkflows.engine.configure': () => configureEngineHost(),
    'containerWorkflows.engine.useContext': useDockerContext(services),
    'containerWorkflows.templates.scaffold': addDockerFiles(services),
    'containerWorkflows.img2vid.convert': convertFolderToVideo(services),
    'containerWorkflows.img2vid.convertWithOptions': convertFolderToVideoWithOptions(services),
    'containerWorkflows.preview.open': previewVideo(services),
    'containerWorkflows.image.build': buildImage(services),
    'containerWorkflows.image.buildAgain': buildImageAgain(services),
    'containerWorkflows.image.run': runImage(services),
    'containerWorkflows.image.runAgain': runImageAgain(services),
    'containerWorkflows.image.copyRunCommand': copyRunCommand(services),
    'containerWorkflows.containers.refresh': refreshContainers(services),
    'containerWorkflows.containers.inspect': inspectContainer(services),
    'containerWorkflows.containers.logs': showContainerLogs(services),
    'containerWorkflows.containers.start': startContainer(services),
    'containerWorkflows.containers.stop': stopContainer(services),
    'containerWorkflows.containers.restart': restartContainer(services),
    'containerWorkflows.containers.remove': removeContainer(services),
    'containerWorkflows.containers.attachShell': attachShell(services),
    'containerWorkflows.containers.openPort': openContainerPort(services),
    'containerWorkflows.containers.copyId': copyContainerId(services),
    'containerWorkflows.containers.pruneOwned': pruneOwnedContainers(services),
    'containerWorkflows.containers.showAll': showAllContainers(services),
    'containerWorkflows.containers.showOwned': showOwnedContainers(services),
    'containerWorkflows.images.refresh': refreshImages(services),
    'containerWorkflows.images.inspect': inspectImage(services),
    'containerWorkflows.images.remove': removeImage(services),
    'containerWorkflows.images.showDangling': showDanglingImages(services),
    'containerWorkflows.images.hideDangling': hideDanglingImages(services),
    'containerWorkflows.compose.up': composeUp(services),
    'containerWorkflows.compose.down': composeDown(services),
    'containerWorkflows.compose.restart': composeRestart(services),
    'containerWorkflows.compose.logs': composeLogs(services),
    'containerWorkflows.compose.start': composeStart(services),
    'containerWorkflows.compose.stop': composeStop(services),
    'containerWorkflows.compose.pull': composePull(services),
    'containerWorkflows.compose.build': composeBuild(services),
    'containerWorkflows.image.runInteractive': runInteractive(services, { withOptions: false }),
    'containerWorkflows.image.runInteractiveWithOptions': runInteractive(services, { withOptions: true }),
    'containerWorkflows.containers.downloadFile': downloadContainerFile(services),
    'containerWorkflows.containers.uploadFiles': uploadContainerFiles(services),
    'containerWorkflows.containers.showStats': showContainerStats(services),
    'containerWorkflows.volumes.refresh': refreshVolumes(services),
    'containerWorkflows.volumes.create': createVolumeCommand(services),
    'containerWorkflows.volumes.inspect': inspectVolumeCommand(services),
    'containerWorkflows.volumes.remove': removeVolumeCommand(services),
    'containerWorkflows.volumes.prune': pruneVolumesCommand(services),
    'containerWorkflows.volumes.downloadFile': downloadVolumeFile(services),
    'containerWorkflows.networks.refresh': refreshNetworks(services),
    'containerWorkflows.networks.create': createNetworkCommand(services),
    'containerWorkflows.networks.inspect': inspectNetworkCommand(services),
    'containerWorkflows.networks.remove': removeNetworkCommand(services),
    'containerWorkflows.images.pull': pullImage(services),
    'containerWorkflows.images.tag': tagImage(services),
    'containerWorkflows.images.push': pushImage(services),
    'containerWorkflows.registries.logIn': logInToRegistry(services),
    'containerWorkflows.registries.logOut': logOutOfRegistry(services),
    'containerWorkflows.registries.refresh': refreshRegistries(services),
    'containerWorkflows.registries.copyReference': copyRegistryReference(),
    'containerWorkflows.walkthrough.open': openWalkthrough(services),
    'containerWorkflows.walkthrough.createSampleFrames': createSampleFrames(services),
    'containerWorkflows.walkthrough.convertImageFolder': convertImageFolder(services),
  };
}
