/**
 * Can the engine see this machine's files? One pure decision, so every workflow that would
 * bind-mount a folder asks the same question: an engine behind a unix socket or a named
 * pipe runs here (Docker Engine, Docker Desktop and Podman machines share the host's
 * folders), so bind mounts work; one reached over tcp:// or ssh:// may be anywhere, even
 * on 127.0.0.1 (a forwarded port, a VM), so files are copied in and out through the
 * engine's archive API instead. A caller (a test, a future setting) may say which.
 */
import type { EngineEndpoint } from './connection';

export type FileAccess = 'mount' | 'copy';

export function engineFileAccess(endpoint: Pick<EngineEndpoint, 'host'>, override?: FileAccess): FileAccess {
  if (override) return override;
  return endpoint.host.startsWith('unix://') || endpoint.host.startsWith('npipe://') ? 'mount' : 'copy';
}
