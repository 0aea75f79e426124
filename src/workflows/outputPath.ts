/** Where a converted video goes: the default next to the folder (or the setting's pattern), and a free name beside a taken one. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `<parent>/<folder>.mp4`, or the pattern from the setting with ${folder}, ${folderName}, ${folderDirname}. */
export function defaultOutputPath(folder: string, pattern = ''): string {
  const resolved = path.resolve(folder);
  const vars: Record<string, string> = { folder: resolved, folderName: path.basename(resolved), folderDirname: path.dirname(resolved) };
  if (!pattern.trim()) {
    return path.join(vars.folderDirname, `${vars.folderName}.mp4`);
  }
  const expanded = pattern.replace(/\$\{(folder|folderName|folderDirname)\}/g, (_, name: string) => vars[name]);
  const absolute = path.isAbsolute(expanded) ? expanded : path.join(vars.folderDirname, expanded);
  return /\.mp4$/i.test(absolute) ? absolute : `${absolute}.mp4`;
}

/** `name.mp4` -> `name-2.mp4`, `name-3.mp4`, … the first that does not exist. */
export function nextFreeName(file: string, exists: (p: string) => boolean = fs.existsSync): string {
  const ext = path.extname(file);
  const base = file.slice(0, file.length - ext.length);
  for (let i = 2; ; i++) {
    const candidate = `${base}-${i}${ext}`;
    if (!exists(candidate)) return candidate;
  }
}
