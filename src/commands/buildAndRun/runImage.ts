/**
 * "Run Image…": an image (from the sidebar, a tag, or a picker), then the run form seeded
 * from the image (EXPOSE, VOLUME, *_DIR) and its template's run defaults, or from the
 * last run of that image. The choices are remembered for "Run Again".
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ContainerEngine } from '../../engine/engine';
import type { Services } from '../../services';
import { readTemplatePaths } from '../../settings';
import { loadTemplates } from '../../templates/templateCatalog';
import { containerUserFor } from '../../engine/containerUser';
import { describeHost } from '../../engine/connection';
import { engineFileAccess } from '../../engine/engineLocality';
import { checkEngineFolders } from '../../workflows/remoteRun';
import { withFreshCopyVolumes } from '../../workflows/runCopies';
import { listNetworks } from '../../engine/networks/networks';
import { listVolumes } from '../../engine/volumes/volumes';
import { portProbe } from '../../workflows/hostPorts';
import { templateOfImage } from '../../workflows/imageTemplate';
import { type PortProbe, type RunConfig, fromLastRun, nextFreePort, seedRunConfig } from '../../workflows/runConfig';
import { pickImages } from '../../pickers/pickImage';
import { imageLabel } from '../../views/imagePresentation';
import { runForm } from '../../pickers/runForm';
import { withDelayedProgress } from '../../ui/progress';
import { failingAs } from '../../ui/failure';
import { imageRef } from '../shared/targets';
import { requireTrust } from '../shared/requireTrust';
import { startRun } from './startRun';

export function runImage(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    if (!(await requireTrust('Running an image starts its code'))) return;
    const engine = services.monitor.engine;
    const ref = imageRef(arg) ?? (await pickImageRef(engine));
    if (!ref) return;
    const chosen = await chooseRunConfig(services, ref, `Run ${ref}`);
    if (!chosen) return;
    await services.runHistory.remember(chosen);
    await startRun(services, chosen);
  };
}

/**
 * The run form for an image, seeded from what it declares (or its last run): the choices,
 * or undefined when the person backs out. Also the "with options" of an interactive run.
 */
export async function chooseRunConfig(services: Services, ref: string, title: string): Promise<RunConfig | undefined> {
  const engine = services.monitor.engine;
  const config = await failingAs(`Could not read the image ${ref}`, () =>
    withDelayedProgress(`Run ${ref}: reading the image…`, (signal) => engine.inspectImage(ref, signal)),
  );
  if (!config) {
    void vscode.window.showErrorMessage(`There is no image ${ref} on the engine. Build it first.`);
    return undefined;
  }
  const isPortFree = await portProbe(engine);
  const personUser = containerUserFor(engine.endpoint.host);
  const remembered = services.runHistory.get(ref);
  const initial: RunConfig = remembered
    ? withFreshCopyVolumes(await refreshPorts(fromLastRun(remembered), isPortFree), randomBytes(3).toString('hex'))
    : await seedRunConfig({
        image: ref,
        config,
        ...seedFromTemplate(services, config),
        isPortFree,
        userForMounts: personUser,
      });
  return runForm(
    initial,
    {
      isPortFree,
      personUser,
      hasEntrypoint: config.entrypoint.length > 0,
      defaultCommand: [...config.entrypoint, ...config.cmd].join(' '),
      volumeNames: async (signal) => (await listVolumes(engine.api, {}, signal)).map((v) => v.name),
      networkNames: async (signal) => (await listNetworks(engine.api, {}, signal)).map((n) => n.name),
      ...(remembered ? { lastRun: { network: remembered.network, networkAliases: remembered.networkAliases } } : {}),
      ...(engineFileAccess(engine.endpoint) === 'copy'
        ? {
            engineFolders: {
              where: describeHost(engine.endpoint),
              check: (folders: string[]) =>
                withDelayedProgress(`Checking the folders on ${describeHost(engine.endpoint)}…`, (signal) =>
                  checkEngineFolders(engine, ref, folders, signal),
                ),
            },
          }
        : {}),
    },
    title,
  );
}

/** The image to run, as its name (the first of its tags) when the person picks it. */
export async function pickImageRef(engine: ContainerEngine): Promise<string | undefined> {
  const [picked] = await pickImages(engine, { title: 'Run Image', placeHolder: 'Pick an image', canPickMany: false });
  return picked && imageLabel(picked);
}

function seedFromTemplate(services: Services, config: Parameters<typeof templateOfImage>[0]) {
  const found = templateOfImage(config, loadTemplates(services.context.extensionPath, readTemplatePaths()).templates);
  return found ? { template: found.template.run, baseDir: found.baseDir } : {};
}

/** A remembered run whose host port was taken since gets the next free one. */
async function refreshPorts(config: RunConfig, isPortFree: PortProbe): Promise<RunConfig> {
  const next = structuredClone(config);
  const taken = { tcp: new Set<number>(), udp: new Set<number>() };
  for (const port of next.ports) {
    const free = (p: number) => isPortFree(p, port.protocol);
    if (!(await free(port.hostPort)) || taken[port.protocol].has(port.hostPort)) {
      port.hostPort = await nextFreePort(port.hostPort, free, taken[port.protocol]);
    }
    taken[port.protocol].add(port.hostPort);
  }
  return next;
}
