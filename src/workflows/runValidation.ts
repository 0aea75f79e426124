/**
 * Checks for a run's values, each returning the reason a value is refused (or undefined),
 * and the shell-like argument line. Pure: the run form and the tests call them alike.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Protocol } from '../engine/engine';
import { shellQuote } from '../engine/runArgs';
import type { PortChoice, RunConfig } from './runConfig';

export function validateHostPort(text: string, options: { inUse?: boolean; usedByOtherRow?: boolean } = {}): string | undefined {
  const value = text.trim();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    return 'A port is a whole number from 1 to 65535.';
  }
  if (options.usedByOtherRow) {
    return `Port ${value} is already mapped to another container port in this run.`;
  }
  if (options.inUse) {
    return `Port ${value} is in use on this machine: choose another.`;
  }
  return undefined;
}

export function validateContainerPort(text: string): string | undefined {
  const match = /^(\d+)(\/(tcp|udp))?$/.exec(text.trim());
  if (!match || Number(match[1]) < 1 || Number(match[1]) > 65535) {
    return 'A container port is a number from 1 to 65535, optionally with /tcp or /udp (e.g. 8080 or 53/udp).';
  }
  return undefined;
}

export function parseContainerPort(text: string): { port: number; protocol: Protocol } {
  const [port, protocol] = text.trim().split('/');
  return { port: Number(port), protocol: protocol === 'udp' ? 'udp' : 'tcp' };
}

export function validateContainerPath(text: string, others: string[] = []): string | undefined {
  const value = text.trim();
  if (!value.startsWith('/')) {
    return 'The path in the container must be absolute, like /data.';
  }
  if (value.replace(/\/+$/, '') === '') {
    return 'Mounting over / would hide the whole container: choose a folder.';
  }
  if (others.includes(value.replace(/\/+$/, ''))) {
    return `${value} is mounted already.`;
  }
  return undefined;
}

export function validateHostFolder(hostPath: string, stat: (p: string) => 'folder' | 'file' | 'missing'): string | undefined {
  if (!path.isAbsolute(hostPath)) {
    return `${hostPath} is not an absolute path.`;
  }
  switch (stat(hostPath)) {
    case 'file':
      return `${hostPath} is a file, not a folder.`;
    case 'missing':
      return `${hostPath} does not exist.`;
    default:
      return undefined;
  }
}

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function validateEnvEntry(text: string): string | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0) {
    return 'Write NAME=value.';
  }
  if (!envName.test(text.slice(0, eq).trim())) {
    return 'A variable name has letters, digits and _ and does not start with a digit.';
  }
  return undefined;
}

export function parseEnvEntry(text: string): [string, string] {
  const eq = text.indexOf('=');
  return [text.slice(0, eq).trim(), text.slice(eq + 1)];
}

export function validateContainerName(text: string): string | undefined {
  const value = text.trim();
  if (value === '' || /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(value)) {
    return undefined;
  }
  return 'A name starts with a letter or digit and has letters, digits, _ . or -, at least 2 characters.';
}

/**
 * Splits an argument line the way a POSIX shell would for plain words and quotes:
 * `"hello earthling " 2` -> ['hello earthling ', '2']. Returns an error for an open quote.
 */
export function parseArgumentLine(line: string): { args: string[] } | { error: string } {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) {
        quote = undefined;
      } else if (c === '\\' && quote === '"' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
        current += line[++i];
      } else {
        current += c;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) {
        args.push(current);
        current = '';
        inWord = false;
      }
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) {
    return { error: `A ${quote} quote is not closed.` };
  }
  if (inWord) {
    args.push(current);
  }
  return { args };
}

export function formatArgumentLine(args: string[]): string {
  return args.map(shellQuote).join(' ');
}

/** Everything that stops a run, in words; empty when the config can run. */
export function runConfigProblems(
  config: RunConfig,
  stat: (p: string) => 'folder' | 'file' | 'missing',
  busyPorts: Set<number> = new Set(),
  busyUdpPorts: Set<number> = new Set(),
): string[] {
  const problems: string[] = [];
  const key = (p: PortChoice) => `${p.hostPort}/${p.protocol}`;
  const hostPorts = new Map<string, number>();
  for (const p of config.ports) {
    hostPorts.set(key(p), (hostPorts.get(key(p)) ?? 0) + 1);
  }
  for (const p of config.ports) {
    const busy = p.protocol === 'udp' ? busyUdpPorts : busyPorts;
    const problem = validateHostPort(String(p.hostPort), { inUse: busy.has(p.hostPort), usedByOtherRow: (hostPorts.get(key(p)) ?? 0) > 1 });
    if (problem) problems.push(`${p.containerPort}/${p.protocol}: ${problem}`);
  }
  const paths = config.volumes.map((v) => v.containerPath.replace(/\/+$/, ''));
  config.volumes.forEach((v, i) => {
    const pathProblem = validateContainerPath(
      v.containerPath,
      paths.filter((_, j) => j !== i),
    );
    if (pathProblem) problems.push(pathProblem);
    if (v.hostPath) {
      const hostProblem = validateHostFolder(v.hostPath, stat);
      if (hostProblem) problems.push(`${v.containerPath}: ${hostProblem}`);
    }
  });
  const nameProblem = validateContainerName(config.name);
  if (nameProblem) problems.push(nameProblem);
  return problems;
}

/** What is at a host path, for the volume checks (runConfigProblems takes it as its `stat`). */
export function statPath(p: string): 'folder' | 'file' | 'missing' {
  const s = fs.statSync(p, { throwIfNoEntry: false });
  return !s ? 'missing' : s.isDirectory() ? 'folder' : 'file';
}
