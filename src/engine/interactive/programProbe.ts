/**
 * Which of `python`, `bash` and `sh` an image has, found without running anything in it:
 * a helper container of the image is created (never started) and each candidate on the
 * image's PATH is looked up through the archive endpoint's stat. A link counts when what
 * it leads to (resolved by the engine inside the container) is an executable file.
 */
import type { EngineApi } from '../api/engineApi';
import { imagePathPart } from '../api/engineApi';
import { EngineRequestError } from '../errors';
import { statPath } from '../files/archiveClient';
import type { PathStat } from '../files/pathStat';
import { withHelperContainer } from '../helperContainer';
import { statusOf } from '../inUseError';

export type ProbedProgram = 'python' | 'bash' | 'sh';

/** The names each program goes by, in the order they are preferred. */
export const PROGRAM_NAMES: Record<ProbedProgram, string[]> = { python: ['python', 'python3'], bash: ['bash'], sh: ['sh'] };

/** The engine's PATH for a container whose image sets none. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface FoundProgram {
  program: ProbedProgram;
  /** The path to run, as found on PATH (a link stays a link: the program sees its own name). */
  path: string;
}

export interface ImagePrograms {
  image: string;
  /** Found programs, in the order python, bash, sh. */
  found: FoundProgram[];
  /** ENTRYPOINT + CMD: what runs when no command is picked; empty when the image has neither. */
  defaultCommand: string[];
  hasEntrypoint: boolean;
}

interface RawImage {
  Config?: { Env?: string[] | null; Entrypoint?: string[] | null; Cmd?: string[] | null } | null;
}

/** The folders of a PATH value, in order, absolute only, each once. */
export function pathDirs(env: string[] | null | undefined): string[] {
  const value = (env ?? []).find((e) => e.startsWith('PATH='))?.slice(5) ?? DEFAULT_PATH;
  return [
    ...new Set(
      value
        .split(':')
        .filter((d) => d.startsWith('/'))
        .map((d) => d.replace(/\/+$/, '') || '/'),
    ),
  ];
}

/** Every path to look at, program by program, in PATH order. */
export function candidates(dirs: string[]): { program: ProbedProgram; path: string }[] {
  return (Object.keys(PROGRAM_NAMES) as ProbedProgram[]).flatMap((program) =>
    PROGRAM_NAMES[program].flatMap((name) => dirs.map((dir) => ({ program, path: `${dir === '/' ? '' : dir}/${name}` }))),
  );
}

export function isExecutableFile(stat: PathStat | undefined): boolean {
  return stat?.kind === 'file' && (stat.mode & 0o111) !== 0;
}

/** The first hit of each program, python first, from what each candidate turned out to be. */
export function pickFound(looked: { program: ProbedProgram; path: string; executable: boolean }[]): FoundProgram[] {
  const found: FoundProgram[] = [];
  for (const program of Object.keys(PROGRAM_NAMES) as ProbedProgram[]) {
    const hit = looked.find((l) => l.program === program && l.executable);
    if (hit) found.push({ program, path: hit.path });
  }
  return found;
}

export async function probePrograms(
  api: EngineApi,
  image: string,
  signal?: AbortSignal,
  labels: Record<string, string> = {},
): Promise<ImagePrograms> {
  let raw: RawImage;
  try {
    raw = await api.json<RawImage>({ method: 'GET', path: `/images/${imagePathPart(image)}/json` }, signal);
  } catch (err) {
    if (statusOf(err) === 404) throw new EngineRequestError(`The image ${image} is not on the engine: pull or build it first.`, 404);
    throw err;
  }
  const config = raw.Config ?? {};
  const entrypoint = config.Entrypoint ?? [];
  const base = { image, defaultCommand: [...entrypoint, ...(config.Cmd ?? [])], hasEntrypoint: entrypoint.length > 0 };
  const found = await withHelperContainer(
    api,
    { image, purpose: 'program-probe', labels },
    async (id) => {
      const looked = await Promise.all(
        candidates(pathDirs(config.Env)).map(async (c) => {
          const stat = await statPath(api, id, c.path, signal);
          const target = stat?.kind === 'symlink' && stat.linkTarget ? await statPath(api, id, stat.linkTarget, signal) : stat;
          return { ...c, executable: isExecutableFile(target) };
        }),
      );
      return pickFound(looked);
    },
    signal,
  );
  return { ...base, found };
}
