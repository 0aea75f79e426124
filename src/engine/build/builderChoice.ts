/**
 * Which builder a build uses, decided from what the engine says about itself (pure).
 *
 * BuildKit wherever the engine has it: Docker Engine's API has taken `version=2` since
 * 1.39 (18.09) on Linux. The `Builder-Version` header of /_ping is the engine's own
 * preference where it states one ("2" from Docker 23 on; "1" when its owner turned
 * BuildKit off), as the Docker CLI reads it. Podman's compatible API builds with Buildah
 * and has no BuildKit session; Windows engines have no BuildKit.
 */
import type { BuilderKind, BuilderPreference } from './buildTypes';

export interface EngineBuildFacts {
  apiVersion: string;
  os: string;
  /** "Docker Engine - Community", "Podman Engine", ... */
  platformName?: string;
  /** The `Builder-Version` header of /_ping, when there is one. */
  builderVersionHeader?: string;
}

export interface BuilderChoice {
  builder: BuilderKind;
  /** For the output: why this builder. */
  reason: string;
}

const FIRST_BUILDKIT_API = [1, 39];

export function chooseBuilder(preference: BuilderPreference, engine: EngineBuildFacts | undefined): BuilderChoice {
  if (preference === 'classic') {
    return { builder: 'classic', reason: 'the classic builder was asked for' };
  }
  if (preference === 'buildkit') {
    return { builder: 'buildkit', reason: 'BuildKit was asked for' };
  }
  if (!engine) {
    return { builder: 'classic', reason: 'the engine did not say whether it has BuildKit' };
  }
  if (/podman/i.test(engine.platformName ?? '')) {
    return { builder: 'classic', reason: "Podman's Docker-compatible API has no BuildKit (Podman builds with Buildah)" };
  }
  if (engine.os.toLowerCase() === 'windows') {
    return { builder: 'classic', reason: 'Windows engines have no BuildKit' };
  }
  if (!apiAtLeast(engine.apiVersion, FIRST_BUILDKIT_API)) {
    return { builder: 'classic', reason: `the engine's API ${engine.apiVersion} is older than BuildKit (1.39)` };
  }
  const header = engine.builderVersionHeader?.trim();
  if (header === '1') {
    return { builder: 'classic', reason: 'the engine is set to build with the classic builder (Builder-Version: 1)' };
  }
  return {
    builder: 'buildkit',
    reason: header === '2' ? 'the engine builds with BuildKit (Builder-Version: 2)' : `the engine's API ${engine.apiVersion} has BuildKit`,
  };
}

function apiAtLeast(version: string, wanted: number[]): boolean {
  const parts = version.split('.').map((p) => Number.parseInt(p, 10));
  if (parts.some((p) => Number.isNaN(p))) return false;
  for (let i = 0; i < wanted.length; i++) {
    const have = parts[i] ?? 0;
    if (have !== wanted[i]) return have > wanted[i];
  }
  return true;
}

/**
 * When the engine refuses a BuildKit build outright (no session endpoint, an unknown
 * builder version), the build can still go to the classic builder. A BuildKit build that
 * started and then failed is a real failure and is not retried.
 */
export function isBuildKitRefusal(err: unknown): boolean {
  const status = (err as { statusCode?: number })?.statusCode;
  const raw = (err as { message?: unknown })?.message;
  const message = typeof raw === 'string' ? raw : '';
  if (status === 404 || status === 501) return true;
  return status === 400 && /buildkit|builder version|session/i.test(message) && !/dockerfile parse error/i.test(message);
}
