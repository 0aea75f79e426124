/**
 * The docker credential-helper protocol, the "get" half: run `docker-credential-<name> get`,
 * write the server address to its stdin, read {"ServerURL","Username","Secret"} from its
 * stdout. A helper that has nothing for the address says "credentials not found" and exits
 * non-zero; that is "no credential", not a failure.
 *
 * The helper's stdout is never quoted when it exited 0 (it may hold a secret); on failure
 * only its first line is, since helpers print their error there.
 */
import { childProcess } from '../../util/childProcess';
import { CancelledError } from '../errors';

export interface HelperOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program with `input` on stdin; rejects with the spawn error (ENOENT: not installed). */
export type HelperRunner = (program: string, args: string[], input: string, signal: AbortSignal) => Promise<HelperOutput>;

export class CredentialHelperError extends Error {
  constructor(
    readonly helper: string,
    message: string,
  ) {
    super(message);
    this.name = 'CredentialHelperError';
  }
}

/** How long a helper may take: some ask a keyring that can hang when it is locked. */
export const HELPER_TIMEOUT_MS = 15_000;

const notFound = /credentials not found/i;

export function helperProgram(helper: string): string {
  return `docker-credential-${helper}`;
}

/**
 * What the helper keeps for `serverAddress`; undefined when it has nothing. `where` names
 * the config that chose the helper, for messages.
 */
export async function getFromHelper(
  helper: string,
  serverAddress: string,
  options: { run?: HelperRunner; signal?: AbortSignal; timeoutMs?: number; where?: string } = {},
): Promise<{ username: string; secret: string; identityToken?: boolean } | undefined> {
  const program = helperProgram(helper);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? HELPER_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const named = options.where ? ` (named in ${options.where})` : '';
  let output: HelperOutput;
  try {
    output = await (options.run ?? spawnHelper)(program, ['get'], serverAddress, signal);
  } catch (err) {
    if (options.signal?.aborted) {
      throw new CancelledError();
    }
    if (timeout.aborted) {
      throw new CredentialHelperError(
        helper,
        `${program}${named} did not answer within ${Math.max(1, Math.round((options.timeoutMs ?? HELPER_TIMEOUT_MS) / 1000))} s. Unlock its keyring, or log in here instead.`,
      );
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CredentialHelperError(
        helper,
        `${program}${named} is not installed or not on PATH. Install it, or remove it from the docker config.`,
      );
    }
    throw new CredentialHelperError(helper, `${program}${named} could not be run: ${(err as Error).message}`);
  }
  if (output.code !== 0) {
    const said = firstLine(output.stdout) || firstLine(output.stderr);
    if (notFound.test(said)) {
      return undefined;
    }
    throw new CredentialHelperError(
      helper,
      `${program} get${named} failed (exit ${output.code ?? 'by a signal'})${said ? `: ${said}` : ''}`,
    );
  }
  let answer: { Username?: unknown; Secret?: unknown };
  try {
    answer = JSON.parse(output.stdout) as typeof answer;
  } catch {
    throw new CredentialHelperError(helper, `${program} get${named} answered something that is not JSON.`);
  }
  if (typeof answer?.Secret !== 'string' || !answer.Secret) {
    return undefined;
  }
  const username = typeof answer.Username === 'string' ? answer.Username : '';
  // The docker CLI files an identity token under the user "<token>".
  return username === '<token>' ? { username: '', secret: answer.Secret, identityToken: true } : { username, secret: answer.Secret };
}

function firstLine(text: string): string {
  return text.trim().split(/\r?\n/)[0]?.trim().slice(0, 300) ?? '';
}

/** The real runner: child_process.spawn, killed when the signal aborts. */
export const spawnHelper: HelperRunner = (program, args, input, signal) =>
  new Promise((resolve, reject) => {
    const child = childProcess().spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], signal });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A helper that exits before reading its stdin makes this write fail with EPIPE: not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
