/** Which template an image was built from, found through the labels the Build command sets. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImageConfig } from '../engine/engine';
import { CONTEXT_LABEL, TEMPLATE_LABEL } from '../engine/engine';
import type { Template } from '../templates/catalog';

export function templateOfImage(config: ImageConfig, templates: Template[]): { template: Template; baseDir?: string } | undefined {
  const id = config.labels[TEMPLATE_LABEL];
  const template = id ? templates.find((t) => t.id === id) : undefined;
  if (!template) return undefined;
  return { template, baseDir: config.labels[CONTEXT_LABEL] || undefined };
}

/** The template whose Dockerfile this one is, unchanged (a scaffolded folder), if any. */
export function templateOfDockerfile(dockerfilePath: string, templates: Template[]): Template | undefined {
  let content: string;
  try {
    content = fs.readFileSync(dockerfilePath, 'utf8');
  } catch {
    return undefined;
  }
  return templates.find((t) => {
    try {
      return fs.readFileSync(path.join(t.folder, t.dockerfile), 'utf8') === content;
    } catch {
      return false;
    }
  });
}

/** A tag from a folder name: lower case, only the characters a repository name allows. */
export function defaultTag(folderName: string, template?: Template): string {
  const base = (template?.run.image ?? folderName)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    // A run of separators is not a valid name part ("my-_app"): one dash instead.
    .replace(/[._-]{2,}/g, (run) => (/^(__|-+)$/.test(run) ? run : '-'))
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return `${base || 'image'}:latest`;
}

// Docker's reference grammar: path parts are [a-z0-9]+ joined by ".", "_", "__" or any run of "-".
const pathPart = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const tagPattern = new RegExp(`^${pathPart}(?:/${pathPart})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$`);

export function validateTag(tag: string): string | undefined {
  const value = tag.trim();
  // A registry host (with a port) may come first: registry.example.com:5000/name:tag
  const withoutRegistry = value.replace(/^[a-zA-Z0-9.-]+(?::\d+)?\/(?=.*\/|[^/]*$)/, (host) =>
    host.includes('.') || host.includes(':') ? '' : host,
  );
  if (!value || !tagPattern.test(withoutRegistry)) {
    return 'A tag is a lower-case name with an optional :version, e.g. my-app:latest or team/my-app:1.2';
  }
  return undefined;
}
