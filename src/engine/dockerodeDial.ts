/**
 * Requests sent through dockerode's modem where dockerode's own methods fall short:
 * Image.inspect drops `abortSignal` (a cancelled or timed-out inspect would keep its
 * request open on an engine that does not answer), and the typings of `version` take no
 * options. Typed by docker-modem's own DialOptions; dockerode's types only.
 */
import type Docker from 'dockerode';

type StatusCodes = Record<number, true | string>;

/** GET `path` and the JSON answer; a status not `true` in `statusCodes` fails with its words. */
function getJson<T>(docker: Docker, path: string, signal: AbortSignal, statusCodes: StatusCodes): Promise<T> {
  return new Promise((resolve, reject) => {
    docker.modem.dial({ path, method: 'GET', abortSignal: signal, statusCodes }, (err, data) => (err ? reject(err) : resolve(data as T)));
  });
}

/** GET /images/{ref}/json. */
export function inspectImageJson(docker: Docker, ref: string, signal: AbortSignal): Promise<Docker.ImageInspectInfo> {
  return getJson(docker, `/images/${ref}/json`, signal, { 200: true, 404: 'no such image', 500: 'server error' });
}

/** GET /version. */
export function versionJson(docker: Docker, signal: AbortSignal): Promise<Docker.DockerVersion> {
  return getJson(docker, '/version', signal, { 200: true, 500: 'server error' });
}
