/** Why a run failed, in the engine's words, with the usual fix for the common causes (the run form offers the fix). */

/** The engine's words, with the usual fix added. */
export function explainRunError(message: string): string {
  if (/port is already allocated|address already in use/i.test(message)) {
    return `${message}. Another process or container uses that host port: pick another one in the run form.`;
  }
  if (/invalid mount config|bind source path does not exist/i.test(message)) {
    return `${message}. Choose an existing host folder for the volume.`;
  }
  if (/Conflict\. The container name/i.test(message)) {
    return `${message}. Choose another name, or remove the old container.`;
  }
  return message;
}
