/**
 * Whether "the system's default app" can open a file of the extension host. Only when VS
 * Code's window and the extension host are the same machine: in the browser, VS Code hands
 * a file: address to the page itself (it navigates the window to it), and on a remote host
 * the path names a file on another machine. Pure, so the rule is unit-tested.
 */
export interface WindowKind {
  /** VS Code runs in a web browser (vscode.env.uiKind is Web). */
  inBrowser: boolean;
  /** vscode.env.remoteName: set when the extension host runs on another machine or container. */
  remoteName: string | undefined;
}

export type DefaultAppReach = { ok: true } | { ok: false; why: string };

const downloadHint = 'Download it from the Explorer (right-click it, then Download…) to play it with an app on this computer.';

export function defaultAppReach(kind: WindowKind, fileName: string): DefaultAppReach {
  if (kind.inBrowser) {
    return {
      ok: false,
      why: `VS Code runs in a browser here, so no app on this computer can open ${fileName} where it is, on the server. ${downloadHint}`,
    };
  }
  if (kind.remoteName) {
    return { ok: false, why: `${fileName} is on the remote machine (${kind.remoteName}), not on this computer. ${downloadHint}` };
  }
  return { ok: true };
}
