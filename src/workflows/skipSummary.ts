/**
 * What is said about the files a conversion skipped: one short headline with the count for
 * a notification or the CLI's stderr, and the names with their reasons listed once, for the
 * output channel. A folder of thousands of broken files must not make a notification (or a
 * terminal) unreadable. Pure.
 */
export interface SkippedFile {
  file: string;
  reason: string;
}

export function skipHeadline(count: number, folderName: string): string {
  return count === 1
    ? `1 file in ${folderName} could not be read and was skipped.`
    : `${count.toLocaleString('en-US')} files in ${folderName} could not be read and were skipped.`;
}

/** One line a file, in the order they were skipped. */
export function skipLines(skipped: readonly SkippedFile[]): string[] {
  return skipped.map((s) => `  ${s.file}: ${s.reason}`);
}
