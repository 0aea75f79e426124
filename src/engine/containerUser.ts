/**
 * Who a container runs as when it writes into the person's folders, by the engine's kind
 * and place. On a local Linux engine the container runs as the caller, so what it writes is theirs.
 * A rootless engine (Docker or Podman, its socket under /run/user/<uid>/) maps the caller
 * to root in the container already: there, running as uid would give files to a sub-uid.
 */
export function containerUserFor(
  engineHost: string,
  platform = process.platform,
  ids = { uid: process.getuid?.(), gid: process.getgid?.() },
): string | undefined {
  const local = engineHost.startsWith('unix://');
  const rootless = /^unix:\/\/\/run\/user\/\d+\//.test(engineHost);
  if (platform !== 'linux' || !local || rootless || ids.uid === undefined || ids.gid === undefined) {
    return undefined;
  }
  return `${ids.uid}:${ids.gid}`;
}
