/**
 * Unpacks a tar from the archive endpoint into a fresh staging folder of our own. Nothing
 * is followed: an entry is written only into a folder this unpacking made itself (so a
 * link from the tar, `a -> /etc`, can never carry a later `a/passwd` out of the folder),
 * files are created exclusively and without following links, names that would leave the
 * folder are refused, and devices, pipes and sockets are not made.
 */
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Header } from 'tar-stream';
import type { BlockedEntry } from './downloadPlan';
import { hostPathOf, safeRelativeName } from './hostTargets';
import { type TarEntryBody, parseTarAbortably } from './parseTarAbortably';

export interface StagingOutcome {
  files: number;
  bytes: number;
  /** Entries not written, with why (named by their path in the tar). */
  refused: BlockedEntry[];
}

export interface StagingOptions {
  /** Drop this many leading parts of every name (1 when the tar holds the entry under its own name). */
  stripParts: number;
  onProgress?: (bytes: number) => void;
}

const CREATE_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

export function unpackToStaging(
  body: Readable,
  stagingTop: string,
  options: StagingOptions,
  signal?: AbortSignal,
): Promise<StagingOutcome> {
  const outcome: StagingOutcome = { files: 0, bytes: 0, refused: [] };
  // Folders this unpacking made; the only places anything is written into.
  const made = new Set<string>([path.dirname(stagingTop)]);
  const written = new Set<string>();

  const relativeOf = (name: string): string | undefined => {
    const safe = safeRelativeName(name);
    return safe === undefined ? undefined : safe.split('/').slice(options.stripParts).join('/');
  };

  const writeEntry = async (header: Header, entry: TarEntryBody): Promise<void> => {
    // A cut archive errors the entry too; the parser's own error ends the unpacking.
    entry.on('error', () => undefined);
    const relative = relativeOf(header.name);
    const target = relative === undefined ? undefined : hostPathOf(stagingTop, relative);
    const refuse = (reason: string) => {
      outcome.refused.push({ hostPath: header.name, reason });
      return drain(entry);
    };
    if (target === undefined) return refuse('its name leads out of the folder');
    if (!made.has(path.dirname(target))) return refuse('its folder is a link, a file, or was not in the archive');
    const mode = (header.mode ?? 0o644) % 0o1000;
    switch (header.type) {
      case 'directory':
        await fs.mkdir(target, { mode: mode | 0o700 });
        made.add(target);
        return drain(entry);
      case 'file':
      case 'contiguous-file': {
        const handle = await fs.open(target, CREATE_FILE, mode | 0o600);
        const out = handle.createWriteStream();
        try {
          for await (const chunk of entry as AsyncIterable<Buffer>) {
            outcome.bytes += chunk.length;
            options.onProgress?.(outcome.bytes);
            if (!out.write(chunk)) await once(out, 'drain');
          }
          out.end();
          await finished(out);
        } catch (err) {
          out.destroy();
          throw err;
        }
        if (header.mtime) await fs.utimes(target, header.mtime, header.mtime).catch(() => undefined);
        written.add(target);
        outcome.files++;
        return;
      }
      case 'symlink':
        await drain(entry);
        // Made as a link, as the container has it; never read through.
        return fs.symlink(header.linkname ?? '', target).catch((err: Error) => {
          outcome.refused.push({ hostPath: header.name, reason: `the link could not be made here (${err.message})` });
        });
      case 'link': {
        const other = header.linkname ? relativeOf(header.linkname) : undefined;
        const source = other === undefined ? undefined : hostPathOf(stagingTop, other);
        if (!source || !written.has(source)) return refuse('a hard link to a file that was not copied');
        await drain(entry);
        await fs.link(source, target);
        written.add(target);
        outcome.files++;
        return;
      }
      default:
        return refuse('a device, pipe or socket is not copied');
    }
  };

  return parseTarAbortably(body, signal, writeEntry).then(() => outcome);
}

/** Skips an entry's body; resolves once it has passed, so the next entry can come. */
function drain(entry: TarEntryBody): Promise<void> {
  return new Promise((resolve, reject) => {
    entry.on('end', resolve);
    entry.on('error', reject);
    entry.resume();
  });
}
