/**
 * Who a container runs as when it writes into the person's folders, by the engine's kind
 * and place. On a local Linux engine the container runs as the caller, so what it writes is theirs.
 * A rootless engine (Docker or Podman, its socket under /run/user/<uid>/) maps the caller
 * to root in the container: there root (0:0) is the person, and what it writes is theirs
 * on the host; the image's own user, or the caller's uid, would be a sub-uid that cannot
 * write their folder. (Podman's `--userns=keep-id` does the same for Podman only.)
 */
export function containerUserFor(
  engineHost: string,
  platform = process.platform,
  ids = { uid: process.getuid?.(), gid: process.getgid?.() },
): string | undefined {
  const local = engineHost.startsWith('unix://');
  const rootless = /^unix:\/\/\/run\/user\/\d+\//.test(engineHost);
  if (platform !== 'linux' || !local || ids.uid === undefined || ids.gid === undefined) {
    return undefined;
  }
  return rootless ? '0:0' : `${ids.uid}:${ids.gid}`;
}
