/**
 * The build context: a tar stream of a folder that honours its .dockerignore the way the
 * Docker CLI does (with @balena/dockerignore's matcher, which follows Go's filepath.Match
 * rules). The Dockerfile and the .dockerignore itself are always sent, as the CLI does,
 * even when a pattern matches them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import dockerignore from '@balena/dockerignore';
import { type ContextFilter, ContextPacker } from './contextPacker';

/** Reads .dockerignore into patterns; a missing file means no patterns. */
export function readDockerignore(contextDir: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(contextDir, '.dockerignore'), 'utf8');
  } catch {
    return [];
  }
  return parseDockerignore(text);
}

export function parseDockerignore(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Returns what becomes of each path relative to the context (forward slashes): sent, left
 * out, or (a folder left out that something may come back from) looked inside without
 * being sent itself. `isDirectory` is asked only for a path that a pattern leaves out (it
 * costs a stat).
 */
export function createContextFilter(patterns: string[], dockerfile: string): ContextFilter {
  // Case matters, as in the Docker CLI on every system (the library ignores it unless told).
  const matcher = dockerignore({ ignorecase: false }).add(patterns);
  const alwaysSent = [normalizeRelative(dockerfile), '.dockerignore'];
  // What may come back from inside a folder that is left out: the "!exception" patterns,
  // and the files that are always sent.
  const comeBack = [
    ...patterns.filter((p) => p.startsWith('!')).map((p) => normalizeRelative(p.slice(1).trim()).replace(/^\/+/, '')),
    ...alwaysSent,
  ];
  return (relativePath, isDirectory) => {
    const rel = normalizeRelative(relativePath);
    if (rel === '' || alwaysSent.includes(rel) || !matcher.ignores(rel)) {
      return 'send';
    }
    if (!(typeof isDirectory === 'function' ? isDirectory() : isDirectory)) {
      return 'leaveOut';
    }
    // A folder that is left out is walked only when one of those starts with its path, as
    // the Docker CLI decides it: a "!src" after "*" does not make it read node_modules. Like
    // the CLI, ours then sends what comes back from inside it, but no entry of the folder.
    const inside = `${rel}/`;
    return comeBack.some((p) => `${p}/`.startsWith(inside)) ? 'lookInside' : 'leaveOut';
  };
}

function normalizeRelative(p: string): string {
  return p
    .split(path.sep)
    .join('/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
}

/**
 * A tar stream of `contextDir` without what .dockerignore excludes, packed as it is read
 * (contextPacker.ts). Entries are root's (uid and gid 0, no names), as the Docker CLI sends them.
 */
export function packBuildContext(contextDir: string, dockerfile: string): Readable {
  const stat = fs.statSync(contextDir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) {
    throw new Error(`The build context ${contextDir} is not a folder.`);
  }
  return new ContextPacker(contextDir, createContextFilter(readDockerignore(contextDir), dockerfile));
}
