/**
 * What a compose file says about its services and profiles, read with the `yaml` library
 * (anchors, aliases and `<<` merge keys as compose resolves them), for the pickers: which
 * services there are, which profiles, and which services `up` starts without a profile.
 * It is not a validator: `compose config` is (composeProblems.ts reads its messages); a
 * file the library cannot parse gives its errors here with their lines.
 *
 * `locateKey` finds where a key path (services.web.ports) is written, so a message that
 * names a path but no line still lands on the right line.
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

export interface ComposeService {
  name: string;
  /** The profiles that enable it; empty: it always starts. */
  profiles: string[];
  image?: string;
  /** It has a `build:` section (Build and `up --build` apply to it). */
  build: boolean;
}

/** A place in a file: 1-based line and column, as editors count them. */
export interface FilePosition {
  line: number;
  column: number;
}

export interface YamlProblem extends FilePosition {
  message: string;
}

export interface ComposeFacts {
  services: ComposeService[];
  /** Every profile any service names, sorted. */
  profiles: string[];
  /** Syntax errors; the facts above are what could be read despite them. */
  errors: YamlProblem[];
}

// Compose files are YAML 1.1 in practice (merge keys); duplicate keys are left to compose.
const parseOptions = { merge: true, uniqueKeys: false, prettyErrors: true } as const;

function parse(text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  return { doc: parseDocument(text, { ...parseOptions, lineCounter: lines }), lines };
}

export function readComposeFacts(text: string): ComposeFacts {
  const { doc } = parse(text);
  const errors = doc.errors.map((e) => ({
    line: e.linePos?.[0].line ?? 1,
    column: e.linePos?.[0].col ?? 1,
    // The library adds a code frame after the first line; the editor shows the line itself.
    message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
  }));
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    // An alias bomb or an alias to nothing: nothing can be read, the error says why.
    return { services: [], profiles: [], errors: [...errors, { line: 1, column: 1, message: (err as Error).message }] };
  }
  const services = servicesOf(root);
  return { services, profiles: profilesOf(services), errors };
}

function servicesOf(root: unknown): ComposeService[] {
  const section = (root as { services?: unknown } | null)?.services;
  if (!section || typeof section !== 'object' || Array.isArray(section)) return [];
  return Object.entries(section as Record<string, unknown>).map(([name, raw]) => {
    const body = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const profiles = Array.isArray(body.profiles) ? body.profiles.filter((p): p is string => typeof p === 'string' && p !== '') : [];
    const service: ComposeService = { name, profiles: [...new Set(profiles)], build: body.build !== undefined && body.build !== null };
    if (typeof body.image === 'string') service.image = body.image;
    return service;
  });
}

function profilesOf(services: ComposeService[]): string[] {
  return [...new Set(services.flatMap((s) => s.profiles))].sort();
}

/**
 * Several files as compose merges them (`-f a.yaml -f b.yaml`): a service in a later file
 * adds to or overrides the earlier one; its `profiles`, when it names them, replace them.
 */
export function mergeComposeFacts(files: ComposeFacts[]): ComposeFacts {
  const byName = new Map<string, ComposeService>();
  for (const facts of files) {
    for (const service of facts.services) {
      const earlier = byName.get(service.name);
      byName.set(
        service.name,
        earlier
          ? {
              name: service.name,
              profiles: service.profiles.length ? service.profiles : earlier.profiles,
              build: earlier.build || service.build,
              image: service.image ?? earlier.image,
            }
          : { ...service },
      );
    }
  }
  const services = [...byName.values()];
  return { services, profiles: profilesOf(services), errors: files.flatMap((f) => f.errors) };
}

/** The services `up` starts with these profiles enabled (and no services named). */
export function servicesStarted(facts: ComposeFacts, profiles: string[]): ComposeService[] {
  const enabled = new Set(profiles);
  return facts.services.filter((s) => s.profiles.length === 0 || s.profiles.some((p) => enabled.has(p)));
}

/**
 * Where a key path is written: the key of its last part, or of the deepest part that
 * exists (services.web for services.web.portz when portz is misspelt elsewhere). A part
 * that is a list index ("0") picks that item. Undefined when not even the first exists.
 */
export function locateKey(text: string, keyPath: string[]): FilePosition | undefined {
  return matchKeyPath(text, keyPath)?.at;
}

/** Like locateKey, with how many parts of the path were found (all of them: `matched === keyPath.length`). */
export function matchKeyPath(text: string, keyPath: string[]): { at: FilePosition; matched: number } | undefined {
  const { doc, lines } = parse(text);
  let node: unknown = doc.contents;
  let found: { at: FilePosition; matched: number } | undefined;
  for (const [index, part] of keyPath.entries()) {
    let offset: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === part);
      offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
      node = pair?.value;
    } else if (isSeq(node) && /^\d+$/.test(part)) {
      const item = node.items[Number(part)] as { range?: [number, number, number] } | undefined;
      offset = item?.range?.[0];
      node = item;
    }
    if (offset === undefined) break;
    found = { at: toPosition(lines, offset), matched: index + 1 };
  }
  return found;
}

/** Where a list item with this value is written under a key path (depends_on: [db] → db). */
export function locateListItem(text: string, keyPath: string[], value: string): FilePosition | undefined {
  const { doc, lines } = parse(text);
  const list = doc.getIn(keyPath, true) as { items?: unknown[] } | undefined;
  for (const item of list?.items ?? []) {
    // A list of names, or a map of name -> condition (depends_on's long form).
    if (isScalar(item) && String(item.value) === value && item.range) return toPosition(lines, item.range[0]);
  }
  if (isMap(list)) return locateKey(text, [...keyPath, value]);
  return undefined;
}

function toPosition(lines: LineCounter, offset: number): FilePosition {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
