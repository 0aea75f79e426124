/**
 * Every command of the extension, by id: what package.json contributes and what
 * registerCommands registers (its table is typed by this list, so a command missing from
 * either side does not compile, and the unit tests hold package.json to it). No `vscode`.
 */
export const COMMAND_IDS = [
  'containerWorkflows.engine.retry',
  'containerWorkflows.engine.configure',
  'containerWorkflows.templates.scaffold',
  'containerWorkflows.img2vid.convert',
  'containerWorkflows.img2vid.convertWithOptions',
  'containerWorkflows.preview.open',
  'containerWorkflows.image.build',
  'containerWorkflows.image.run',
  'containerWorkflows.image.runAgain',
  'containerWorkflows.image.copyRunCommand',
  'containerWorkflows.containers.refresh',
  'containerWorkflows.containers.inspect',
  'containerWorkflows.containers.logs',
  'containerWorkflows.containers.start',
  'containerWorkflows.containers.stop',
  'containerWorkflows.containers.restart',
  'containerWorkflows.containers.remove',
  'containerWorkflows.containers.attachShell',
  'containerWorkflows.containers.openPort',
  'containerWorkflows.containers.copyId',
  'containerWorkflows.containers.pruneOwned',
  'containerWorkflows.containers.showAll',
  'containerWorkflows.containers.showOwned',
  'containerWorkflows.images.refresh',
  'containerWorkflows.images.inspect',
  'containerWorkflows.images.remove',
  'containerWorkflows.images.showDangling',
  'containerWorkflows.images.hideDangling',
  'containerWorkflows.walkthrough.open',
  'containerWorkflows.walkthrough.createSampleFrames',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
