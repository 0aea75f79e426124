/**
 * How the Containers view shows compose projects, without the editor: one node per
 * project (the `com.docker.compose.project` label), its rows named by service, and the
 * containers no project claims left to the Running / Stopped groups. A project started
 * from a terminal groups the same way: only the labels count.
 */
import { type ComposeProject, groupByComposeProject } from '../compose/composeProjects';
import type { ContainerSummary } from '../engine/engine';
import { type ContainerView, type ContainersScope, describeContainer, filterByScope } from './containerPresentation';

export interface ComposeProjectView {
  project: ComposeProject;
  label: string;
  description: string;
  tooltip: string;
  /**
   * `composeProject.running` (all its containers run), `.mixed` (some do) or `.stopped`:
   * menus match `^composeProject`, Start `(stopped|mixed)`, Stop `(running|mixed)`.
   */
  contextValue: string;
  /** The project's rows, each labelled by its service. */
  members: ContainerView[];
}

export interface ComposeLayout {
  projects: ComposeProjectView[];
  /** The containers of no project, for the Running / Stopped groups. */
  others: ContainerSummary[];
}

export function describeComposeProject(project: ComposeProject, now: Date = new Date()): ComposeProjectView {
  const total = project.members.length;
  const files = project.configFiles.length > 0 ? project.configFiles.join(', ') : 'not recorded on its containers';
  return {
    project,
    label: project.name,
    description: `${project.running}/${total} running`,
    tooltip: [
      `**Compose project ${project.name}**`,
      '',
      `Folder: ${project.workingDir ?? 'not recorded'}`,
      '',
      `Files: ${files}`,
      ...(project.composeVersion ? ['', `Compose ${project.composeVersion}`] : []),
    ].join('\n'),
    contextValue: `composeProject.${project.running === 0 ? 'stopped' : project.running === total ? 'running' : 'mixed'}`,
    members: project.members.map((m) => ({ ...describeContainer(m.container, now), label: m.label })),
  };
}

/** The view's scope first (as for any container), then the projects of what is left. */
export function composeLayout(containers: readonly ContainerSummary[], scope: ContainersScope, now: Date = new Date()): ComposeLayout {
  const grouping = groupByComposeProject(filterByScope(containers, scope));
  return { projects: grouping.projects.map((p) => describeComposeProject(p, now)), others: grouping.others };
}
