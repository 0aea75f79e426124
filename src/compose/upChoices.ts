/**
 * What Compose Up offers and what a choice means, without the editor (unit-tested:
 * test/unit/upChoices.test.ts): the profiles a file declares, then the services those
 * profiles start, all of them picked at first (or what was picked last time for this
 * file), so accepting at once brings the whole project up as before.
 */
import type { ComposeCommand } from './composeCommands';
import { type ComposeFacts, type ComposeService, servicesStarted } from './composeFacts';

/** What the person chose; `services` undefined: every service the profiles start. */
export interface UpChoice {
  profiles: string[];
  services?: string[];
}

export interface UpPickItem {
  label: string;
  description: string;
  picked: boolean;
  /** The profile or service name the row stands for. */
  value: string;
}

/** The workspace-state key of a file's last choice. */
export function upChoiceKey(file: string): string {
  return `containerWorkflows.compose.upChoice:${file}`;
}

/** A stored choice that still fits the file: unknown profiles and services dropped, anything malformed ignored. */
export function rememberedUpChoice(stored: unknown, facts: ComposeFacts): UpChoice | undefined {
  if (!stored || typeof stored !== 'object') return undefined;
  const raw = stored as { profiles?: unknown; services?: unknown };
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const profiles = strings(raw.profiles).filter((p) => facts.profiles.includes(p));
  const names = new Set(servicesStarted(facts, profiles).map((s) => s.name));
  const services = raw.services === undefined ? undefined : strings(raw.services).filter((s) => names.has(s));
  // A list of services none of which are left means nothing any more: offer all again.
  return services && services.length === 0 ? { profiles } : { profiles, ...(services ? { services } : {}) };
}

/** One row per declared profile, with the services it adds; picked as last time. */
export function profileItems(facts: ComposeFacts, remembered?: UpChoice): UpPickItem[] {
  return facts.profiles.map((profile) => ({
    label: profile,
    description: `adds ${facts.services
      .filter((s) => s.profiles.includes(profile))
      .map((s) => s.name)
      .join(', ')}`,
    picked: remembered?.profiles.includes(profile) ?? false,
    value: profile,
  }));
}

/** The services Up would start with these profiles: one row each, all picked unless last time picked fewer. */
export function serviceItems(facts: ComposeFacts, profiles: string[], remembered?: UpChoice): UpPickItem[] {
  const chosen = remembered?.services;
  return servicesStarted(facts, profiles).map((service) => ({
    label: service.name,
    description: describeService(service),
    picked: chosen ? chosen.includes(service.name) : true,
    value: service.name,
  }));
}

function describeService(service: ComposeService): string {
  const from = service.build ? (service.image ? `builds ${service.image}` : 'built from its Dockerfile') : (service.image ?? '');
  const profile = service.profiles.length > 0 ? `profile ${service.profiles.join(', ')}` : '';
  return [from, profile].filter((part) => part !== '').join(' · ');
}

/**
 * The choice from what was offered and what was picked: every service picked is the whole
 * project (no names on the command line, so services added to the file later start too);
 * none picked is nothing to do (undefined).
 */
export function upChoiceFrom(profiles: string[], offered: readonly string[], picked: readonly string[]): UpChoice | undefined {
  const wanted = offered.filter((name) => picked.includes(name));
  if (wanted.length === 0) return undefined;
  return wanted.length === offered.length ? { profiles } : { profiles, services: wanted };
}

/** The up command of a choice (its profiles go on the target). */
export function upCommandFor(choice: UpChoice): ComposeCommand {
  return choice.services ? { kind: 'up', services: choice.services } : { kind: 'up' };
}

/** For the progress title: "compose.yaml (web, db; profile tools)". */
export function describeUpChoice(label: string, choice: UpChoice): string {
  const parts = [
    ...(choice.services ? [choice.services.join(', ')] : []),
    ...(choice.profiles.length > 0 ? [`profile ${choice.profiles.join(', ')}`] : []),
  ];
  return parts.length > 0 ? `${label} (${parts.join('; ')})` : label;
}
