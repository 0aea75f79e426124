/**
 * The /build request's query for one build (pure). Only what is set is sent: docker-modem
 * would send an undefined value as an empty parameter.
 */
import type { BuilderKind, BuildRequest } from './buildTypes';

export interface BuildQueryExtras {
  /** The BuildKit session that serves credentials for this build. */
  sessionId?: string;
  /** Names the build so that POST /build/cancel can stop it. */
  buildId?: string;
}

export function buildQuery(request: BuildRequest, builder: BuilderKind, extras: BuildQueryExtras = {}): Record<string, unknown> {
  const query: Record<string, unknown> = {
    // The engine reads the path inside the context's tar, where separators are "/".
    dockerfile: request.dockerfile.split('\\').join('/'),
    version: builder === 'buildkit' ? '2' : '1',
  };
  if (request.tag) query.t = request.tag;
  if (request.labels && Object.keys(request.labels).length > 0) query.labels = request.labels;
  if (request.buildArgs && Object.keys(request.buildArgs).length > 0) query.buildargs = request.buildArgs;
  if (request.target) query.target = request.target;
  if (request.noCache) query.nocache = true;
  if (request.pull) query.pull = true;
  if (builder === 'classic') {
    // Remove the intermediate containers, also those of a failed or cancelled step.
    query.rm = true;
    query.forcerm = true;
  } else {
    if (extras.sessionId) query.session = extras.sessionId;
    if (extras.buildId) query.buildid = extras.buildId;
  }
  return query;
}
