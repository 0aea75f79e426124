/**
 * Is a file's content text an editor can show? Pure. The same test as git's: a NUL byte
 * in the first 8000 bytes means binary; so does text that is not UTF-8 there.
 */
const SAMPLE_BYTES = 8000;

export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  if (sample.includes(0)) return true;
  try {
    // stream: a character cut at the end of the sample is not counted as broken.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: sample.length < bytes.length });
    return false;
  } catch {
    return true;
  }
}
