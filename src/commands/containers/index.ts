/** Commands on containers and images from the sidebar: id -> handler factory, one file each. */
import type { Services } from '../../services';
import type { CommandHandler } from '../registerCommand';
import { hideDanglingImages } from '../images/hideDanglingImages';
import { inspectImage } from '../images/inspectImage';
import { refreshImages } from '../images/refreshImages';
import { removeImage } from '../images/removeImage';
import { showDanglingImages } from '../images/showDanglingImages';
import { attachShell } from './attachShell';
import { copyContainerId } from './copyContainerId';
import { inspectContainer } from './inspectContainer';
import { openContainerPort } from './openContainerPort';
import { pruneOwnedContainers } from './pruneOwnedContainers';
import { refreshContainers } from './refreshContainers';
import { removeContainer } from './removeContainer';
import { restartContainer } from './restartContainer';
import { showAllContainers } from './showAllContainers';
import { showContainerLogs } from './showContainerLogs';
import { showOwnedContainers } from './showOwnedContainers';
import { startContainer } from './startContainer';
import { stopContainer } from './stopContainer';

// Tree commands receive (clicked node, selected nodes) from VS Code: `unknown` here,
// narrowed in containerTargets / imageTargets.
export function containerCommands(services: Services): Record<string, CommandHandler> {
  return {
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
  };
}
