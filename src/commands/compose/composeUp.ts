import * as path from 'node:path';
import * as vscode from 'vscode';
import { readComposeFacts } from '../../compose/composeFacts';
import {
  type UpChoice,
  type UpPickItem,
  describeUpChoice,
  profileItems,
  rememberedUpChoice,
  serviceItems,
  upChoiceFrom,
  upChoiceKey,
  upCommandFor,
} from '../../compose/upChoices';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { requireTrust } from '../shared/requireTrust';
import { chooseComposeSource, readTextOrUndefined, runComposeCommand, sourceLabel } from './composeRun';

/**
 * Compose Up of a compose file (Explorer, palette): the profiles the file declares and the
 * services to start are asked (all services picked at first, or the file's last choice);
 * of a project node: all its services, detached.
 */
export function composeUp(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    if (!(await requireTrust("Compose Up builds and runs what the compose file says, with the workspace's files"))) return;
    const source = await chooseComposeSource(args, 'bring up');
    if (!source) return;
    const label = sourceLabel(source);
    if (source.kind === 'project') {
      await failingAs(`Could not bring up ${label}`, () => runComposeCommand(services, source, { kind: 'up' }, `Compose Up ${label}`));
      return;
    }
    const choice = await chooseServices(services.context.workspaceState, source.file);
    if (!choice) return;
    await services.context.workspaceState.update(upChoiceKey(source.file), choice);
    await failingAs(`Could not bring up ${label}`, () =>
      runComposeCommand(services, source, upCommandFor(choice), `Compose Up ${describeUpChoice(label, choice)}`, choice.profiles),
    );
  };
}

/** Profiles (only when the file declares some), then services; undefined when dismissed or nothing picked. */
async function chooseServices(state: vscode.Memento, file: string): Promise<UpChoice | undefined> {
  const facts = readComposeFacts(readTextOrUndefined(file) ?? '');
  // A file that cannot be read as YAML: compose says what is wrong with it, and the Problems view shows it.
  if (facts.services.length === 0) return { profiles: [] };
  const remembered = rememberedUpChoice(state.get(upChoiceKey(file)), facts);
  const name = path.basename(file);
  let profiles: string[] = [];
  if (facts.profiles.length > 0) {
    const picked = await pickMany(
      profileItems(facts, remembered),
      `Compose Up: profiles of ${name}`,
      'Profiles to enable (none: only the services without a profile)',
    );
    if (!picked) return undefined;
    profiles = picked;
  }
  const offered = serviceItems(facts, profiles, remembered);
  if (offered.length === 0) throw new Error(`Every service of ${name} needs a profile: choose at least one profile to bring up.`);
  if (offered.length <= 1)
    return upChoiceFrom(
      profiles,
      offered.map((i) => i.value),
      offered.map((i) => i.value),
    );
  const picked = await pickMany(offered, `Compose Up: services of ${name}`, 'Services to bring up (all picked: the whole project)');
  if (!picked) return undefined;
  return upChoiceFrom(
    profiles,
    offered.map((i) => i.value),
    picked,
  );
}

async function pickMany(items: UpPickItem[], title: string, placeHolder: string): Promise<string[] | undefined> {
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title, placeHolder, ignoreFocusOut: true });
  return picked?.map((i) => i.value);
}
