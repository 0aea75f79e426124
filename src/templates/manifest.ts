/**
 * The template manifest (`templates/<id>/template.json`): what a template is, which files
 * it writes, and how its image likes to be run (the run pickers start from these).
 *
 * Validation is strict and names the file and the field, because a user's own template
 * folder (containerWorkflows.templates.path) is read with the same code.
 */
import type { Protocol } from '../engine/engine';

export interface TemplatePortDefault {
  containerPort: number;
  protocol: Protocol;
  /** What the port is for ("Gradio web app"), shown in the port picker. */
  label?: string;
}

export interface TemplateVolumeDefault {
  containerPath: string;
  /** Relative to the folder the template was scaffolded into. */
  hostPath: string;
  readOnly: boolean;
  label?: string;
}

export interface TemplateRunDefaults {
  image: string;
  args: string[];
  env: Record<string, string>;
  ports: TemplatePortDefault[];
  volumes: TemplateVolumeDefault[];
}

/** Another template, written into a sub-folder beside this one's files (a compose service's build context). */
export interface TemplatePart {
  /** The other template's id. */
  template: string;
  /** The sub-folder of the target folder it goes into: one plain folder name. */
  folder: string;
}

/**
 * A file of a sibling template that this template writes and builds with as its own: one
 * copy in the repository (img2vid-gradio takes the converter of img2vid).
 */
export interface SharedFile {
  /** Relative to this template's folder, inside a sibling template: "../img2vid/img2vid.py". */
  from: string;
  /** Where it goes, relative to the target folder and to the build context: "img2vid.py". */
  to: string;
}

export interface TemplateManifest {
  id: string;
  name: string;
  description: string;
  family: string;
  /** Files copied into the target folder, relative to the template folder. */
  files: string[];
  /** Files taken from sibling templates, written and built beside `files`. */
  shared: SharedFile[];
  /** The Dockerfile among `files`; for a compose template, one of its parts' Dockerfiles ("app/Dockerfile"). */
  dockerfile: string;
  /** The compose file among `files`: the template is several containers, started with compose. */
  compose?: string;
  /** Templates scaffolded into sub-folders (only with `compose`); empty for the others. */
  parts: TemplatePart[];
  run: TemplateRunDefaults;
}

export class ManifestError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`Invalid template manifest ${file}: ${detail}`);
    this.name = 'ManifestError';
  }
}

const idPattern = /^[a-z0-9][a-z0-9._-]*$/;

/** A relative path that stays inside the folder it is relative to. */
const isInside = (p: string) => p.trim() !== '' && !p.startsWith('/') && !p.split(/[\\/]/).includes('..');

/** "../<sibling>/<file…>": one step up, into another template's folder, and no further. */
function isInSibling(p: string): boolean {
  const [up, ...rest] = p.split(/[\\/]/);
  return up === '..' && rest.length >= 2 && rest.every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Checks `raw` (parsed JSON) and returns a typed manifest; throws ManifestError naming `file`. */
export function validateManifest(raw: unknown, file: string): TemplateManifest {
  const fail = (detail: string): never => {
    throw new ManifestError(file, detail);
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    fail('the file must hold a JSON object');
  }
  const m = raw as Record<string, unknown>;
  const str = (key: string, value: unknown = m[key]): string => {
    if (typeof value !== 'string' || value.trim() === '') {
      fail(`"${key}" must be a non-empty string`);
    }
    return value as string;
  };
  const id = str('id');
  if (!idPattern.test(id)) {
    fail(`"id" must be lower-case letters, digits, ".", "_" or "-" (got "${id}")`);
  }
  const files = m.files;
  if (!Array.isArray(files) || files.length === 0 || files.some((f) => typeof f !== 'string' || f.trim() === '')) {
    fail('"files" must be a non-empty list of file names');
  }
  for (const f of files as string[]) {
    if (!isInside(f)) {
      fail(`"files" entry "${f}" must be a relative path inside the template folder`);
    }
  }
  const compose = m.compose === undefined ? undefined : str('compose');
  if (compose !== undefined && (!(files as string[]).includes(compose) || !/\.ya?ml$/.test(compose))) {
    fail(`"compose" (${compose}) must be a .yaml or .yml file among "files"`);
  }
  const parts = validateParts(m.parts, compose, files as string[], fail);
  const dockerfile = m.dockerfile === undefined ? (parts.length ? `${parts[0].folder}/Dockerfile` : 'Dockerfile') : str('dockerfile');
  // A part's Dockerfile is checked against the part's files once the catalog has them.
  if (!(files as string[]).includes(dockerfile) && !parts.some((p) => dockerfile.startsWith(`${p.folder}/`))) {
    fail(`"dockerfile" (${dockerfile}) must be one of "files"${parts.length ? ' or a file of one of "parts"' : ''}`);
  }
  return {
    id,
    name: str('name'),
    description: str('description'),
    family: m.family === undefined ? id : str('family'),
    files: files as string[],
    shared: validateShared(m.shared, files as string[], fail),
    dockerfile,
    ...(compose !== undefined ? { compose } : {}),
    parts,
    run: validateRun(m.run, id, fail),
  };
}

function validateParts(raw: unknown, compose: string | undefined, files: string[], fail: (detail: string) => never): TemplatePart[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) fail('"parts" must be a list of { "template", "folder" } objects');
  if (compose === undefined) fail('"parts" needs "compose": the compose file is what runs the parts together');
  const folders = new Set<string>();
  return (raw as unknown[]).map((entry, i) => {
    const { template, folder } = (entry ?? {}) as Record<string, unknown>;
    if (typeof template !== 'string' || !idPattern.test(template)) {
      fail(`"parts[${i}].template" must be the id of another template`);
    }
    if (typeof folder !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(folder)) {
      fail(`"parts[${i}].folder" must be one plain folder name (letters, digits, ".", "_", "-")`);
    }
    if (folders.has(folder) || files.some((f) => f.split(/[\\/]/)[0] === folder)) {
      fail(`"parts[${i}].folder" (${folder}) is already used by another part or by "files"`);
    }
    folders.add(folder);
    return { template: template, folder: folder };
  });
}

function validateShared(raw: unknown, files: string[], fail: (detail: string) => never): SharedFile[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) fail('"shared" must be a list of { "from", "to" } objects');
  const taken = new Set(files);
  return (raw as unknown[]).map((entry, i) => {
    const { from, to } = (entry ?? {}) as Record<string, unknown>;
    if (typeof from !== 'string' || !isInSibling(from)) {
      fail(`"shared[${i}].from" must be a file of a sibling template, like "../img2vid/img2vid.py"`);
    }
    if (typeof to !== 'string' || !isInside(to)) {
      fail(`"shared[${i}].to" must be a relative path inside the template folder`);
    }
    if (taken.has(to)) {
      fail(`"shared[${i}].to" (${to}) is already one of "files" or "shared"`);
    }
    taken.add(to);
    return { from: from, to: to };
  });
}

function validateRun(raw: unknown, id: string, fail: (detail: string) => never): TemplateRunDefaults {
  if (raw === undefined) {
    return { image: id, args: [], env: {}, ports: [], volumes: [] };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    fail('"run" must be an object');
  }
  const r = raw as Record<string, unknown>;
  const image = r.image === undefined ? id : r.image;
  if (typeof image !== 'string' || !/^[a-z0-9][a-z0-9._/:-]*$/.test(image)) {
    fail('"run.image" must be an image name in lower case');
  }
  const args = r.args ?? [];
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) {
    fail('"run.args" must be a list of strings');
  }
  const env = r.env ?? {};
  if (typeof env !== 'object' || env === null || Array.isArray(env) || Object.values(env).some((v) => typeof v !== 'string')) {
    fail('"run.env" must map names to string values');
  }
  const ports = (Array.isArray(r.ports) ? r.ports : r.ports === undefined ? [] : fail('"run.ports" must be a list')) as unknown[];
  const volumes = (Array.isArray(r.volumes) ? r.volumes : r.volumes === undefined ? [] : fail('"run.volumes" must be a list')) as unknown[];
  return {
    image,
    args: args as string[],
    env: env as Record<string, string>,
    ports: ports.map((p, i) => {
      const port = p as Record<string, unknown>;
      const n = port?.containerPort;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) {
        fail(`"run.ports[${i}].containerPort" must be a port number from 1 to 65535`);
      }
      const protocol = port.protocol ?? 'tcp';
      if (protocol !== 'tcp' && protocol !== 'udp') {
        fail(`"run.ports[${i}].protocol" must be "tcp" or "udp"`);
      }
      return { containerPort: n, protocol, label: typeof port.label === 'string' ? port.label : undefined };
    }),
    volumes: volumes.map((v, i) => {
      const volume = v as Record<string, unknown>;
      const containerPath = volume?.containerPath;
      if (typeof containerPath !== 'string' || !containerPath.startsWith('/')) {
        fail(`"run.volumes[${i}].containerPath" must be an absolute path in the container`);
      }
      const hostPath = volume.hostPath;
      if (typeof hostPath !== 'string' || hostPath.trim() === '') {
        fail(`"run.volumes[${i}].hostPath" must be a folder relative to the scaffolded folder`);
      }
      return {
        containerPath,
        hostPath,
        readOnly: volume.readOnly === true,
        label: typeof volume.label === 'string' ? volume.label : undefined,
      };
    }),
  };
}
