/**
 * Networks: list (with the containers attached), create (bridge), inspect, remove. The
 * built-in `bridge`, `host` and `none` are refused before asking the engine. A network is
 * refused while any container is attached, a stopped one too: the engine would remove it
 * under a stopped container, which then cannot start again.
 */
import type { EngineApi } from '../api/engineApi';
import { pathPart } from '../api/engineApi';
import type { RawContainer, RawNetwork } from '../api/rawTypes';
import { EngineRequestError } from '../errors';
import { AlreadyExistsError, InUseError, statusOf } from '../inUseError';
import { assertValidName } from '../objectNames';
import { type NetworkSummary, describeMembers, isBuiltInNetwork, membersOf, toNetworkSummaries } from './networkMapping';

export interface NetworkQuery {
  label?: string;
}

export interface CreateNetworkRequest {
  name: string;
  labels?: Record<string, string>;
  /** No way out of the network (`docker network create --internal`). */
  internal?: boolean;
}

export class BuiltInNetworkError extends EngineRequestError {
  constructor(readonly networkName: string) {
    super(`"${networkName}" is one of the engine's own networks (bridge, host, none): it cannot be removed.`, 403);
    this.name = 'BuiltInNetworkError';
  }
}

async function containers(api: EngineApi, signal?: AbortSignal): Promise<RawContainer[]> {
  return api.json<RawContainer[]>({ method: 'GET', path: '/containers/json', query: { all: true } }, signal);
}

export async function listNetworks(api: EngineApi, query: NetworkQuery = {}, signal?: AbortSignal): Promise<NetworkSummary[]> {
  const filters: Record<string, string[]> = query.label ? { label: [query.label] } : {};
  const [networks, all] = await Promise.all([
    api.json<RawNetwork[]>({ method: 'GET', path: '/networks', query: { filters } }, signal),
    containers(api, signal),
  ]);
  return toNetworkSummaries(networks, all);
}

/** The engine's inspect document, as is; undefined when there is no such network. */
export async function inspectNetwork(api: EngineApi, idOrName: string, signal?: AbortSignal): Promise<RawNetwork | undefined> {
  try {
    return await api.json<RawNetwork>({ method: 'GET', path: `/networks/${pathPart(idOrName)}` }, signal);
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/** A bridge network; refuses a name outside the engine's rule and one that exists. Returns its id. */
export async function createNetwork(api: EngineApi, request: CreateNetworkRequest, signal?: AbortSignal): Promise<string> {
  assertValidName('network', request.name);
  const body = {
    Name: request.name,
    Driver: 'bridge',
    CheckDuplicate: true,
    Internal: request.internal ?? false,
    Labels: request.labels ?? {},
  };
  try {
    return (await api.json<{ Id: string }>({ method: 'POST', path: '/networks/create', body }, signal)).Id;
  } catch (err) {
    if (statusOf(err) === 409) throw new AlreadyExistsError('network', request.name);
    throw err;
  }
}

export async function removeNetwork(api: EngineApi, idOrName: string, signal?: AbortSignal): Promise<void> {
  const network = await inspectNetwork(api, idOrName, signal);
  if (!network) return;
  if (isBuiltInNetwork(network.Name)) throw new BuiltInNetworkError(network.Name);
  const members = membersOf(network, await containers(api, signal));
  if (members.length > 0) throw inUse(network.Name, members);
  try {
    await api.json<unknown>({ method: 'DELETE', path: `/networks/${pathPart(network.Id)}` }, signal);
  } catch (err) {
    const status = statusOf(err);
    if (status === 404) return;
    // A container attached since the look above: the engine says "has active endpoints".
    if (status === 403 || status === 409) throw inUse(network.Name, membersOf(network, await containers(api, signal).catch(() => [])));
    throw err;
  }
}

function inUse(name: string, members: ReturnType<typeof membersOf>): InUseError {
  const who = members.length ? describeMembers(members) : 'a container';
  const message =
    `The network "${name}" has containers attached: ${who}. Remove them or disconnect them from it first ` +
    '(a stopped container keeps its place in the network and could not start again without it).';
  return new InUseError(
    'network',
    name,
    members.map((m) => ({ name: m.name, state: m.state })),
    message,
  );
}
