/**
 * Which files the converter reads (its image extensions, the one source here), and the
 * folders of a workspace worth offering to convert: those with images directly inside (the
 * converter reads a folder's top level), out of hidden and dependency folders. The
 * walkthrough's video step offers them before a sample folder. Pure: the file list comes in.
 */
import * as path from 'node:path';

/** The converter's IMAGE_EXTENSIONS (templates/img2vid/img2vid.py; a unit test keeps them equal). */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.bmp', '.webp', '.tif', '.tiff'];

/** Would the converter read a file of this name? */
export function isConvertibleName(name: string): boolean {
  return !name.startsWith('.') && IMAGE_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

/** A glob for the workspace search: every image extension, lower and upper case (a search's glob minds case). */
export function imageFilesGlob(): string {
  const names = IMAGE_EXTENSIONS.flatMap((e) => [e.slice(1), e.slice(1).toUpperCase()]);
  return `**/*.{${names.join(',')}}`;
}

/** Folders never offered: what package managers keep (icons of libraries), not a person's pictures. */
export const SKIPPED_FOLDERS = ['node_modules', 'bower_components', 'vendor', 'venv', 'site-packages', '__pycache__'];

export interface ImageFolder {
  /** Absolute path of the folder. */
  folder: string;
  /** The folder inside its workspace folder, '' for the workspace folder itself. */
  relative: string;
  /** Images directly inside it (what the converter would read). */
  images: number;
}

export interface CandidateOptions {
  /** Fewer images than this make no video worth offering. */
  minImages?: number;
  /** At most this many folders, the fullest first. */
  max?: number;
}

/**
 * The folders to offer from a workspace's image files (absolute paths) under its folders
 * (`roots`): grouped by the folder each file is directly in, without files outside the
 * roots, in hidden folders or in SKIPPED_FOLDERS; the fullest first, then by path.
 */
export function imageFolderCandidates(files: readonly string[], roots: readonly string[], options: CandidateOptions = {}): ImageFolder[] {
  const minImages = options.minImages ?? 2;
  const max = options.max ?? 8;
  const byFolder = new Map<string, ImageFolder>();
  for (const file of files) {
    if (!isConvertibleName(path.basename(file))) continue;
    // The innermost root holding it (a workspace folder may sit inside another).
    const root = roots.filter((r) => file.startsWith(r.endsWith(path.sep) ? r : r + path.sep)).sort((a, b) => b.length - a.length)[0];
    if (root === undefined) continue;
    const folder = path.dirname(file);
    const relative = path.relative(root, folder);
    const segments = relative ? relative.split(path.sep) : [];
    if (segments.some((s) => s.startsWith('.') || SKIPPED_FOLDERS.includes(s))) continue;
    const entry = byFolder.get(folder) ?? { folder, relative, images: 0 };
    entry.images++;
    byFolder.set(folder, entry);
  }
  return [...byFolder.values()]
    .filter((f) => f.images >= minImages)
    .sort((a, b) => b.images - a.images || (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0))
    .slice(0, max);
}
