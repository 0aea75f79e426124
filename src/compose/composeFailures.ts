/**
 * Why a compose command failed, from what it printed, in words that say what to do.
 * Pure. The patterns are the messages docker-compose 1.29 prints here (recorded in the
 * unit tests) and Compose v2's, which passes the engine's own words on.
 */
export type ComposeFailureKind =
  | 'portTaken'
  | 'sshNeedsParamiko'
  | 'engineUnreachable'
  | 'tlsInvalid'
  | 'contextNotFound'
  | 'imageUnavailable'
  | 'buildFailed'
  | 'invalidFile'
  | 'failed';

export interface ComposeFailure {
  kind: ComposeFailureKind;
  /** One or two sentences for the person: what went wrong, then what to do. */
  message: string;
  service?: string;
  /** portTaken: the host port and address that could not be bound. */
  port?: number;
  hostIp?: string;
}

export interface FailureContext {
  /** The project name, to tell the service from a container name (p_web_1, p-web-1). */
  projectName?: string;
  /** Where the extension's engine is, for the unreachable message. */
  engine?: string;
}

export function classifyComposeFailure(output: string, context: FailureContext = {}): ComposeFailure {
  const text = output.replace(/\r/g, '\n');
  const port =
    /Bind for (\S+?):(\d+) failed: port is already allocated/.exec(text) ??
    /listen (?:tcp|udp)[46]? (\S*?):(\d+): bind: address already in use/.exec(text) ??
    /Ports are not available: exposing port (?:TCP|UDP) (\S+?):(\d+) ->/.exec(text);
  if (port) {
    const service = serviceNamed(text, context.projectName);
    const hostIp = port[1].replace(/^\[|\]$/g, '');
    const where = hostIp && hostIp !== '0.0.0.0' && hostIp !== '::' ? ` on ${hostIp}` : '';
    return {
      kind: 'portTaken',
      port: Number(port[2]),
      hostIp,
      service,
      message:
        `Port ${port[2]}${where} is already in use${service ? `, so service ${service} could not start` : ''}. ` +
        'Stop what uses it (another container or program), or change the host port in the compose file.',
    };
  }
  if (/Install paramiko package to enable ssh:\/\/ support/.test(text)) {
    return {
      kind: 'sshNeedsParamiko',
      message:
        "docker-compose 1.29 reaches an ssh:// engine only with Python's paramiko installed. On Debian and Ubuntu: sudo apt install python3-paramiko.",
    };
  }
  if (/TLS configuration is invalid/.test(text)) {
    return {
      kind: 'tlsInvalid',
      message:
        "The compose CLI could not use the engine's TLS certificates. Check that ca.pem, cert.pem and key.pem are in the certificate folder (DOCKER_CERT_PATH or the context's).",
    };
  }
  const context404 = /Context '([^']+)' not found|context "([^"]+)"(?: does not exist| not found)/.exec(text);
  if (context404) {
    return {
      kind: 'contextNotFound',
      message: `The Docker context "${context404[1] ?? context404[2]}" does not exist for the compose CLI. Run "docker context ls" to see the contexts.`,
    };
  }
  if (
    /Error while fetching server API version|Cannot connect to the Docker daemon|Is the docker daemon running\?|error during connect/.test(
      text,
    )
  ) {
    const where = context.engine ? ` at ${context.engine}` : '';
    return {
      kind: 'engineUnreachable',
      message: `The compose CLI could not reach the engine${where}. Check that the engine runs, then try again.`,
    };
  }
  const image =
    /pull access denied for ([^,\s]+)|manifest for (\S+) not found|Pulling \S+ \((\S+)\)\.\.\.\n.*(?:no such host|not found|denied|timeout)/.exec(
      text,
    );
  if (image) {
    const name = image[1] ?? image[2] ?? image[3];
    return {
      kind: 'imageUnavailable',
      message: `The image ${name} could not be pulled (${lastLine(text)}). Check its name and your network, or build it first.`,
    };
  }
  const build = /Service '([^']+)' failed to build|failed to solve|target (\S+): failed to solve/.exec(text);
  if (build) {
    const service = build[1] ?? build[2];
    return {
      kind: 'buildFailed',
      service,
      message: `${service ? `The image of service ${service}` : 'An image'} failed to build: ${buildReason(text)}. The output shows the step.`,
    };
  }
  if (
    /^The Compose file '.+' is invalid because:|^yaml[.:]|^validating .+: |invalid compose project|uses an undefined network|is undefined\.$/m.test(
      text,
    )
  ) {
    return { kind: 'invalidFile', message: `The compose file is not valid: ${lastLine(text)}` };
  }
  return { kind: 'failed', message: lastLine(text) || 'The compose command failed without saying why.' };
}

/** "ERROR: for web  Cannot start service web: …" (1.29), or the container's name in the endpoint. */
function serviceNamed(text: string, projectName?: string): string | undefined {
  const v1 = /Cannot start service ([^:\s]+):/.exec(text)?.[1];
  if (v1) return v1;
  const endpoint = /on endpoint (\S+?) \(/.exec(text)?.[1] ?? /Container (\S+)\s+(?:Error|Starting)/.exec(text)?.[1];
  if (!endpoint) return undefined;
  const withoutProject = projectName && endpoint.startsWith(projectName) ? endpoint.slice(projectName.length + 1) : endpoint;
  return withoutProject.replace(/[_-]\d+$/, '');
}

/** The last line that says something: a Python traceback's last line is its message. */
function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(Encountered errors while bringing up the project\.|Aborting\.|\^C)$/.test(l));
  const last = lines.at(-1) ?? '';
  return last.replace(/^(ERROR|Error): /, '').replace(/^[\w.]+(Error|Exception): /, '');
}

function buildReason(text: string): string {
  const step = /The command '([^']+)' returned a non-zero code: (\d+)/.exec(text);
  if (step) return `${step[1]} exited with ${step[2]}`;
  return lastLine(text);
}
