/**
 * Containers of one compose project, grouped by the labels compose puts on every container
 * it creates, so a project started from a terminal groups like one started from here.
 * Pure: over the engine's ContainerSummary list.
 *
 * Both CLIs write the same labels. One difference matters: Compose v2 records the config
 * files as absolute paths, docker-compose 1.29 as they were typed (relative to the folder
 * it ran in, which it does not record), and its working_dir is the first file's folder.
 */
import type { ContainerSummary } from '../engine/engine';
import type { ComposeTarget } from './composeCommands';

export const COMPOSE_LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  oneOff: 'com.docker.compose.oneoff',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  environmentFile: 'com.docker.compose.project.environment_file',
  version: 'com.docker.compose.version',
} as const;

export interface ComposeProjectMember {
  container: ContainerSummary;
  service: string;
  /** 1, 2, … for scaled services; one-off `run` containers count on their own. */
  number: number;
  /** Made by `compose run`, not by `up`. */
  oneOff: boolean;
  /** The row's name: the service, with its number when the service has several containers. */
  label: string;
}

export interface ComposeProject {
  name: string;
  /** The project folder, from the labels (absent on containers of very old compose versions). */
  workingDir?: string;
  /** The compose files, as absolute paths where they can be worked out. */
  configFiles: string[];
  members: ComposeProjectMember[];
  /** How many of its containers run. */
  running: number;
  /** The compose version that made its newest container ("1.29.2", "2.29.7"). */
  composeVersion?: string;
}

export interface ComposeGrouping {
  projects: ComposeProject[];
  /** Containers no compose project claims, in the order given. */
  others: ContainerSummary[];
}

export function groupByComposeProject(containers: ContainerSummary[]): ComposeGrouping {
  const byProject = new Map<string, ContainerSummary[]>();
  const others: ContainerSummary[] = [];
  for (const container of containers) {
    const project = container.labels[COMPOSE_LABELS.project];
    if (project) byProject.set(project, [...(byProject.get(project) ?? []), container]);
    else others.push(container);
  }
  const projects = [...byProject.entries()].map(([name, list]) => toProject(name, list)).sort((a, b) => a.name.localeCompare(b.name));
  return { projects, others };
}

function toProject(name: string, containers: ContainerSummary[]): ComposeProject {
  // The newest container says how the project was last brought up.
  const newest = [...containers].sort((a, b) => b.created.getTime() - a.created.getTime())[0];
  const workingDir = newest.labels[COMPOSE_LABELS.workingDir] || undefined;
  const members = containers.map((container) => {
    const labels = container.labels;
    const number = Number.parseInt(labels[COMPOSE_LABELS.number] ?? '', 10);
    return {
      container,
      service: labels[COMPOSE_LABELS.service] || container.name,
      number: Number.isFinite(number) && number > 0 ? number : 1,
      oneOff: /^true$/i.test(labels[COMPOSE_LABELS.oneOff] ?? ''),
      label: '',
    };
  });
  for (const member of members) member.label = memberLabel(member, members);
  members.sort((a, b) => Number(a.oneOff) - Number(b.oneOff) || a.service.localeCompare(b.service) || a.number - b.number);
  return {
    name,
    workingDir,
    configFiles: resolveConfigFiles(newest.labels[COMPOSE_LABELS.configFiles] ?? '', workingDir),
    members,
    running: containers.filter((c) => c.state === 'running').length,
    composeVersion: newest.labels[COMPOSE_LABELS.version] || undefined,
  };
}

function memberLabel(member: Omit<ComposeProjectMember, 'label'>, all: Omit<ComposeProjectMember, 'label'>[]): string {
  const siblings = all.filter((m) => m.service === member.service && m.oneOff === member.oneOff);
  const numbered = siblings.length > 1 || member.number > 1 ? `${member.service} ${member.number}` : member.service;
  return member.oneOff ? `${numbered} (run)` : numbered;
}

/**
 * The config_files label as absolute paths. Relative entries are 1.29's: typed relative to
 * the folder it ran in, whose first file lies in working_dir. So that folder is
 * working_dir less the first file's folder part ("sub/compose.yaml" in /p/sub: /p).
 * `exists` lets the caller prefer a reading that finds the file when that rule cannot
 * hold (a --project-directory elsewhere).
 */
export function resolveConfigFiles(label: string, workingDir: string | undefined, exists: (p: string) => boolean = () => true): string[] {
  const entries = label
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (!workingDir) return entries;
  const firstRelative = entries.find((f) => !isAbsolute(f));
  const ranIn = firstRelative !== undefined && entries[0] === firstRelative ? folderItRanIn(workingDir, firstRelative) : workingDir;
  return entries.map((entry) => {
    if (isAbsolute(entry)) return entry;
    const fromRanIn = join(ranIn, entry);
    const fromWorkingDir = join(workingDir, entry);
    return exists(fromRanIn) || !exists(fromWorkingDir) ? fromRanIn : fromWorkingDir;
  });
}

function folderItRanIn(workingDir: string, firstFile: string): string {
  const folderParts = firstFile
    .split(/[\\/]/)
    .slice(0, -1)
    .filter((p) => p !== '.' && p !== '');
  if (folderParts.includes('..')) return workingDir; // cannot be undone reliably
  const wdParts = workingDir.replace(/[\\/]+$/, '').split(/[\\/]/);
  const tail = wdParts.slice(wdParts.length - folderParts.length);
  if (folderParts.length === 0 || tail.join('/') !== folderParts.join('/')) return workingDir;
  return wdParts.slice(0, wdParts.length - folderParts.length).join('/') || '/';
}

/** Which project a project node's Down and Logs are about: name, folder and files from its labels. */
export function projectTarget(project: ComposeProject, profiles: string[] = []): ComposeTarget {
  return {
    files: project.configFiles,
    projectName: project.name,
    ...(project.workingDir ? { projectDirectory: project.workingDir } : {}),
    profiles,
  };
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

function join(folder: string, relative: string): string {
  const parts = `${folder.replace(/[\\/]+$/, '')}/${relative}`.split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.') out.push(part);
  }
  return out.join('/') || '/';
}
