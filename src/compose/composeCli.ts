/**
 * Which compose CLI this machine has: the v2 plugin (`docker compose`) when the docker CLI
 * has it, else the standalone `docker-compose` (Debian's 1.29, or a v2 binary of that name).
 *
 * The decision is pure (`chooseComposeCli` over two probe results); `findComposeCli` runs
 * the two probes. No `vscode` here: the CLI and the unit tests use the same code.
 */
import { childProcess } from '../util/childProcess';

/** How the CLI is reached. Its version's major number decides how it behaves (1 or 2). */
export type ComposeFlavour = 'plugin' | 'standalone';

export interface ComposeCli {
  flavour: ComposeFlavour;
  /** What to spawn: "docker" for the plugin, "docker-compose" for the standalone one. */
  program: string;
  /** "2.29.7", "1.29.2": as the CLI prints it, without a leading "v". */
  version: string;
  /** 1 for the Python docker-compose, 2 for Compose v2 (plugin or standalone binary). */
  major: number;
  /** Whether a `docker` CLI answered: docker-compose 1.29 builds images by running it. */
  dockerCliFound: boolean;
}

/** What running a probe gave: its exit code and output, or that the program is not there. */
export type ProbeResult = { found: false } | { found: true; exitCode: number; stdout: string; stderr: string };

export const INSTALL_HELP =
  'Install Docker Compose: the v2 plugin (see https://docs.docker.com/compose/install/linux/), ' +
  'or on Debian and Ubuntu the standalone one with "sudo apt install docker-compose".';

export class ComposeNotInstalledError extends Error {
  constructor(readonly tried: string[]) {
    super(`No compose CLI found (tried ${tried.join(' and ')}). ${INSTALL_HELP}`);
    this.name = 'ComposeNotInstalledError';
  }
}

const versionPattern = /(\d+)\.(\d+)\.(\d+)([0-9A-Za-z.+-]*)/;
const bareVersion = /^v?\d+\.\d+\.\d+\S*$/;

/**
 * The version from `docker compose version` ("Docker Compose version v2.29.7",
 * "Docker Compose version v2.20.2-desktop.1") or from `--short` ("2.29.7").
 */
export function parsePluginVersion(stdout: string): string | undefined {
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    // A bare version line only counts as the whole line (`--short`), not inside a warning.
    if (/compose version/i.test(line) || bareVersion.test(line)) {
      const found = versionPattern.exec(line)?.[0];
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The version from `docker-compose version --short`: "1.29.2" for the Python one, "2.29.7"
 * (or "v2.29.7") for a v2 binary installed under that name. The long form is accepted too
 * ("docker-compose version 1.29.2, build unknown").
 */
export function parseStandaloneVersion(stdout: string): string | undefined {
  const first = stdout
    .split(/\r?\n/)
    .find((l) => l.trim() !== '')
    ?.trim();
  if (!first) return undefined;
  if (bareVersion.test(first) || /compose version/i.test(first)) {
    return versionPattern.exec(first)?.[0];
  }
  return undefined;
}

export function majorOf(version: string): number {
  return Number(versionPattern.exec(version)?.[1] ?? 0);
}

/**
 * The plugin when `docker compose version` answered with a version, else the standalone
 * CLI when `docker-compose version --short` did; neither: ComposeNotInstalledError.
 * `docker compose` on a docker CLI without the plugin fails ("docker: unknown command:
 * docker compose", or "'compose' is not a docker command" on older CLIs).
 */
export function chooseComposeCli(
  plugin: ProbeResult,
  standalone: ProbeResult,
  names = { docker: 'docker', standalone: 'docker-compose' },
): ComposeCli {
  const dockerCliFound = plugin.found;
  if (plugin.found && plugin.exitCode === 0) {
    const version = parsePluginVersion(plugin.stdout);
    if (version) {
      return { flavour: 'plugin', program: names.docker, version, major: majorOf(version), dockerCliFound };
    }
  }
  if (standalone.found && standalone.exitCode === 0) {
    const version = parseStandaloneVersion(standalone.stdout);
    if (version) {
      return { flavour: 'standalone', program: names.standalone, version, major: majorOf(version), dockerCliFound };
    }
  }
  throw new ComposeNotInstalledError([`"${names.docker} compose"`, `"${names.standalone}"`]);
}

/** "Docker Compose 2.29.7 (docker compose)", "docker-compose 1.29.2": for the output's first line. */
export function describeComposeCli(cli: ComposeCli): string {
  return cli.flavour === 'plugin' ? `Docker Compose ${cli.version} (${cli.program} compose)` : `${cli.program} ${cli.version}`;
}

export type Probe = (program: string, args: string[], signal?: AbortSignal) => Promise<ProbeResult>;

/** Runs a short command and collects its output; a program that is not there is `found: false`. */
export const runProbe: Probe = (program, args, signal) =>
  new Promise((resolve, reject) => {
    childProcess().execFile(
      program,
      args,
      { signal, timeout: 20_000, maxBuffer: 1024 * 1024, windowsHide: true },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: string | number }) | null;
        if (e && (e.code === 'ENOENT' || e.code === 'EACCES')) {
          resolve({ found: false });
        } else if (e && (e.name === 'AbortError' || signal?.aborted)) {
          reject(e);
        } else {
          resolve({
            found: true,
            exitCode: e ? (typeof e.code === 'number' ? e.code : 1) : 0,
            stdout: String(stdout),
            stderr: String(stderr),
          });
        }
      },
    );
  });

export interface FindOptions {
  /** The docker CLI to ask for the plugin; "docker" on PATH by default. */
  docker?: string;
  /** The standalone CLI; "docker-compose" on PATH by default. */
  standalone?: string;
  probe?: Probe;
  signal?: AbortSignal;
}

/** Asks the docker CLI for the plugin, and docker-compose for itself; see chooseComposeCli. */
export async function findComposeCli(options: FindOptions = {}): Promise<ComposeCli> {
  const names = { docker: options.docker ?? 'docker', standalone: options.standalone ?? 'docker-compose' };
  const probe = options.probe ?? runProbe;
  const [plugin, standalone] = await Promise.all([
    probe(names.docker, ['compose', 'version'], options.signal),
    probe(names.standalone, ['version', '--short'], options.signal),
  ]);
  return chooseComposeCli(plugin, standalone, names);
}
