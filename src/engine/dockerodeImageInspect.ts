/**
 * GET /images/{ref}/json with an AbortSignal. dockerode's Image.inspect drops
 * `abortSignal`, so a cancelled or timed-out image inspect would keep its request open on
 * an engine that does not answer. Uses dockerode's types only.
 */
import type Docker from 'dockerode';

interface Modem {
  dial(options: object, callback: (err: unknown, data: unknown) => void): void;
}

export function inspectImageJson(docker: Docker, ref: string, signal: AbortSignal): Promise<Docker.ImageInspectInfo> {
  const modem = (docker as unknown as { modem: Modem }).modem;
  return new Promise((resolve, reject) => {
    modem.dial(
      {
        path: `/images/${ref}/json`,
        method: 'GET',
        abortSignal: signal,
        statusCodes: { 200: true, 404: 'no such image', 500: 'server error' },
      },
      (err, data) => (err ? reject(err) : resolve(data as Docker.ImageInspectInfo)),
    );
  });
}
