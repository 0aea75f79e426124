/**
 * The protobuf messages a BuildKit build exchanges with us, declared inline.
 *
 * BuildKit's status stream (the `moby.buildkit.trace` messages of /build) is a base64
 * StatusResponse from its control API; the build session serves registry credentials and
 * answers health checks. dockerode ships .proto files for these and loads them from its
 * own folder at run time, which breaks once the extension is bundled (the files are not
 * next to dist/), so the schemas live here as protobufjs JSON: only the fields we read,
 * with BuildKit's field numbers (unknown fields are skipped when decoding).
 */
import * as protobuf from 'protobufjs';

const timestamp = { type: 'Timestamp' };

const root = protobuf.Root.fromJSON({
  nested: {
    moby: {
      nested: {
        buildkit: {
          nested: {
            v1: {
              nested: {
                StatusResponse: {
                  fields: {
                    vertexes: { rule: 'repeated', type: 'Vertex', id: 1 },
                    statuses: { rule: 'repeated', type: 'VertexStatus', id: 2 },
                    logs: { rule: 'repeated', type: 'VertexLog', id: 3 },
                    warnings: { rule: 'repeated', type: 'VertexWarning', id: 4 },
                  },
                },
                Vertex: {
                  fields: {
                    digest: { type: 'string', id: 1 },
                    inputs: { rule: 'repeated', type: 'string', id: 2 },
                    name: { type: 'string', id: 3 },
                    cached: { type: 'bool', id: 4 },
                    started: { ...timestamp, id: 5 },
                    completed: { ...timestamp, id: 6 },
                    error: { type: 'string', id: 7 },
                  },
                },
                VertexStatus: {
                  fields: {
                    ID: { type: 'string', id: 1 },
                    vertex: { type: 'string', id: 2 },
                    name: { type: 'string', id: 3 },
                    current: { type: 'int64', id: 4 },
                    total: { type: 'int64', id: 5 },
                    timestamp: { ...timestamp, id: 6 },
                    started: { ...timestamp, id: 7 },
                    completed: { ...timestamp, id: 8 },
                  },
                },
                VertexLog: {
                  fields: {
                    vertex: { type: 'string', id: 1 },
                    timestamp: { ...timestamp, id: 2 },
                    stream: { type: 'int64', id: 3 },
                    msg: { type: 'bytes', id: 4 },
                  },
                },
                VertexWarning: {
                  fields: {
                    vertex: { type: 'string', id: 1 },
                    level: { type: 'int64', id: 2 },
                    short: { type: 'bytes', id: 3 },
                    detail: { rule: 'repeated', type: 'bytes', id: 4 },
                    url: { type: 'string', id: 5 },
                  },
                },
                // google.protobuf.Timestamp on the wire.
                Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
              },
            },
          },
        },
        filesync: {
          nested: {
            v1: {
              nested: {
                CredentialsRequest: { fields: { Host: { type: 'string', id: 1 } } },
                CredentialsResponse: { fields: { Username: { type: 'string', id: 1 }, Secret: { type: 'string', id: 2 } } },
              },
            },
          },
        },
      },
    },
    grpc: {
      nested: {
        health: {
          nested: {
            v1: {
              nested: {
                HealthCheckRequest: { fields: { service: { type: 'string', id: 1 } } },
                // status 1 is SERVING.
                HealthCheckResponse: { fields: { status: { type: 'int32', id: 1 } } },
              },
            },
          },
        },
      },
    },
  },
});

export interface Timestamp {
  seconds: number;
  nanos: number;
}

export interface Vertex {
  digest: string;
  inputs: string[];
  name: string;
  cached: boolean;
  started?: Timestamp;
  completed?: Timestamp;
  error: string;
}

export interface VertexStatus {
  ID: string;
  vertex: string;
  name: string;
  current: number;
  total: number;
  timestamp?: Timestamp;
  started?: Timestamp;
  completed?: Timestamp;
}

export interface VertexLog {
  vertex: string;
  timestamp?: Timestamp;
  /** 1 stdout, 2 stderr. */
  stream: number;
  msg: Buffer;
}

export interface VertexWarning {
  vertex: string;
  level: number;
  short: Buffer;
  detail: Buffer[];
  url: string;
}

export interface StatusResponse {
  vertexes: Vertex[];
  statuses: VertexStatus[];
  logs: VertexLog[];
  warnings: VertexWarning[];
}

const statusType = root.lookupType('moby.buildkit.v1.StatusResponse');

/** Decodes one `moby.buildkit.trace` aux payload (base64). */
export function decodeStatus(base64: string): StatusResponse {
  const message = statusType.decode(Buffer.from(base64, 'base64'));
  const plain = statusType.toObject(message, { longs: Number, bytes: Buffer, arrays: true, defaults: true }) as StatusResponse;
  for (const v of plain.vertexes) {
    v.started = presentTimestamp(v.started);
    v.completed = presentTimestamp(v.completed);
  }
  for (const s of plain.statuses) {
    s.started = presentTimestamp(s.started);
    s.completed = presentTimestamp(s.completed);
  }
  return plain;
}

/** Any part of a StatusResponse, as BuildKit sends only what changed. */
export interface StatusUpdate {
  vertexes?: Partial<Vertex>[];
  statuses?: Partial<VertexStatus>[];
  logs?: Partial<VertexLog>[];
  warnings?: Partial<VertexWarning>[];
}

/** Encodes one, the way BuildKit does (for tests). */
export function encodeStatus(status: StatusUpdate): string {
  return Buffer.from(statusType.encode(statusType.fromObject(status)).finish()).toString('base64');
}

// `defaults: true` fills a missing message field with null; keep "absent" as undefined.
function presentTimestamp(t: Timestamp | null | undefined): Timestamp | undefined {
  return t ? { seconds: Number(t.seconds ?? 0), nanos: Number(t.nanos ?? 0) } : undefined;
}

export function secondsOf(t: Timestamp): number {
  return t.seconds + t.nanos / 1e9;
}

export interface Codec<T> {
  encode(value: T): Buffer;
  decode(bytes: Buffer): T;
}

function codec<T>(name: string): Codec<T> {
  const type = root.lookupType(name);
  return {
    encode: (value) => Buffer.from(type.encode(type.fromObject(value as Record<string, unknown>)).finish()),
    decode: (bytes) => type.toObject(type.decode(bytes), { defaults: true }) as T,
  };
}

export const credentialsRequest = codec<{ Host: string }>('moby.filesync.v1.CredentialsRequest');
export const credentialsResponse = codec<{ Username: string; Secret: string }>('moby.filesync.v1.CredentialsResponse');
export const healthCheckRequest = codec<{ service: string }>('grpc.health.v1.HealthCheckRequest');
export const healthCheckResponse = codec<{ status: number }>('grpc.health.v1.HealthCheckResponse');
