/**
 * The BuildKit session: a connection the client opens to the engine (POST /session,
 * upgraded to HTTP/2) on which the client is the gRPC *server*. BuildKit calls back on it
 * for registry credentials while it resolves and pulls base images, and checks that it is
 * alive. The build names it in its query (`session=<id>`).
 *
 * dockerode opens one itself for `version: "2"`, but loads its .proto files from its own
 * folder at run time, which throws (uncaught, in a socket callback) once the extension is
 * bundled; and it closes the session only when the build stream ends normally. This one
 * is declared inline (buildkitProto.ts) and closes on every way out, cancel included.
 */
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { credentialsRequest, credentialsResponse, healthCheckRequest, healthCheckResponse, type Codec } from './buildkitProto';
import { dial, type ModemDialer } from './engineProbe';

export interface RegistryCredentials {
  username: string;
  secret: string;
}

/** Credentials for a registry host; undefined means anonymous. */
export type CredentialsLookup = (host: string) => Promise<RegistryCredentials | undefined>;

export interface BuildSession {
  readonly id: string;
  /** Ends the session; safe to call more than once. */
  close(): void;
}

const CREDENTIALS_METHOD = '/moby.filesync.v1.Auth/Credentials';
const HEALTH_METHOD = '/grpc.health.v1.Health/Check';

export async function openBuildSession(
  modem: ModemDialer,
  options: { credentials?: CredentialsLookup; signal?: AbortSignal } = {},
): Promise<BuildSession> {
  const id = randomUUID();
  const socket = await dial<Duplex>(modem, {
    method: 'POST',
    path: '/session',
    hijack: true,
    headers: {
      Upgrade: 'h2c',
      'X-Docker-Expose-Session-Uuid': id,
      'X-Docker-Expose-Session-Name': 'container-workflows',
      // BuildKit asks a session only for the methods it says it serves.
      'X-Docker-Expose-Session-Grpc-Method': [CREDENTIALS_METHOD, HEALTH_METHOD],
    },
    statusCodes: { 101: true, 200: true, 400: 'bad request', 404: 'no session endpoint', 500: 'server error' },
    abortSignal: options.signal,
  });

  const server = new grpc.Server();
  server.addService(
    { Credentials: unary(CREDENTIALS_METHOD, credentialsRequest, credentialsResponse) },
    {
      Credentials: (
        call: grpc.ServerUnaryCall<{ Host: string }, unknown>,
        callback: grpc.sendUnaryData<{ Username: string; Secret: string }>,
      ) => {
        const lookup = options.credentials ?? (() => Promise.resolve(undefined));
        lookup(call.request.Host).then(
          (found) => callback(null, { Username: found?.username ?? '', Secret: found?.secret ?? '' }),
          () => callback(null, { Username: '', Secret: '' }),
        );
      },
    },
  );
  server.addService(
    { Check: unary(HEALTH_METHOD, healthCheckRequest, healthCheckResponse) },
    { Check: (_call: unknown, callback: grpc.sendUnaryData<{ status: number }>) => callback(null, { status: 1 }) },
  );
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  injector.injectConnection(socket);
  // A session the engine drops is simply over; the build reports its own failure.
  socket.on('error', () => undefined);

  let closed = false;
  return {
    id,
    close: () => {
      if (closed) return;
      closed = true;
      injector.destroy();
      server.forceShutdown();
      socket.destroy();
    },
  };
}

function unary<Req, Res>(path: string, request: Codec<Req>, response: Codec<Res>): grpc.MethodDefinition<Req, Res> {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Req) => request.encode(value),
    requestDeserialize: (bytes: Buffer) => request.decode(bytes),
    responseSerialize: (value: Res) => response.encode(value),
    responseDeserialize: (bytes: Buffer) => response.decode(bytes),
  };
}
