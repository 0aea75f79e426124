/**
 * What `compose config --quiet` says about an invalid file, as problems on the file: at
 * the line the message names, or, when it names a key path or a service instead
 * (services.web.ports, service "web"), at the line where that is written.
 *
 * Formats read (test/unit/composeProblems.test.ts has each, recorded):
 * - docker-compose 1.29: PyYAML errors (`in "FILE", line N, column M`), "The Compose file
 *   'FILE' is invalid because:" followed by one reason a line, and one-line messages
 *   naming a service (depends_on, volumes, interpolation), warnings about unset variables;
 * - Compose v2: "yaml: line N: …", "validating FILE: PATH …", "service "x" depends on
 *   undefined service "y": invalid compose project".
 * Pure: the files' text comes through `readText`.
 */
import { type FilePosition, locateKey, locateListItem, matchKeyPath } from './composeFacts';

export interface ComposeProblem {
  /** Absolute path of the file the problem is in. */
  file: string;
  /** 1-based; undefined when nothing in the message points anywhere (the problem is the file's). */
  line?: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface ProblemContext {
  /** The files given with -f, absolute, in order. */
  files: string[];
  /** The folder the CLI ran in: 1.29 prints paths relative to it ("./compose.yaml"). */
  cwd: string;
  readText: (file: string) => string | undefined;
}

export function parseConfigProblems(output: string, context: ProblemContext): ComposeProblem[] {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.replace(/^(ERROR|WARNING): /, '').trimEnd())
    .filter((l) => l.trim() !== '');
  const problems: ComposeProblem[] = [];
  let invalidFile: string | undefined; // inside a "The Compose file … is invalid because:" block
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const yamlError = /^yaml\.(\w+)\.(\w+Error): (.*)$/.exec(line);
    if (yamlError) {
      // PyYAML: a context ("while parsing …") and its mark, then the problem and its mark.
      const block = [yamlError[3]];
      while (i + 1 < lines.length && !/^(yaml\.|The Compose file )/.test(lines[i + 1])) block.push(lines[++i]);
      problems.push(pyYamlProblem(block, context));
      invalidFile = undefined;
      continue;
    }
    if (/^yaml: unmarshal errors:$/.test(line)) continue; // its lines follow, one each
    const invalid = /^The Compose file '(.+)' is invalid because:$/.exec(line);
    if (invalid) {
      invalidFile = resolveFile(invalid[1], context);
      continue;
    }
    problems.push(messageProblem(line, invalidFile, context));
  }
  return problems;
}

/** `in "FILE", line N, column M`: the last such mark is where the problem is. */
function pyYamlProblem(block: string[], context: ProblemContext): ComposeProblem {
  const marks = block.map((l) => /^\s*in "(.+)", line (\d+), column (\d+)$/.exec(l));
  const last = [...marks].reverse().find((m) => m);
  const text = block.filter((_, i) => !marks[i]);
  // "found character '\t' that cannot start any token (while scanning for the next token)"
  const [contextText, ...problemText] = text;
  const message = problemText.length ? `${problemText.join(' ')} (${contextText})` : contextText;
  const file = last ? resolveFile(last[1], context) : context.files[0];
  return { file, line: last ? Number(last[2]) : undefined, column: last ? Number(last[3]) : undefined, message, severity: 'error' };
}

function messageProblem(line: string, invalidFile: string | undefined, context: ProblemContext): ComposeProblem {
  // v2: "validating /p/compose.yaml: services.web Additional property portz is not allowed"
  const validating = /^validating (.+?): (.*)$/.exec(line);
  if (validating) {
    const file = resolveFile(validating[1], context);
    return placed(file, validating[2], locatePathMessage(validating[2], file, context), context);
  }
  // v2: "yaml: line 4: did not find expected key", maybe after "parsing FILE: "
  const goYaml = /^(?:(?:parsing|loading) (.+?): )?yaml: (?:unmarshal errors:\s*)?line (\d+): (.*)$/.exec(line);
  if (goYaml) {
    const file = goYaml[1] ? resolveFile(goYaml[1], context) : context.files[0];
    return { file, line: Number(goYaml[2]), column: 1, message: goYaml[3], severity: 'error' };
  }
  // v2 unmarshal errors list their lines on their own: "  line 5: cannot unmarshal …"
  const lineOnly = /^\s+line (\d+): (.*)$/.exec(line);
  if (lineOnly) {
    return { file: context.files[0], line: Number(lineOnly[1]), column: 1, message: lineOnly[2], severity: 'error' };
  }
  const unset = /^The (\w+) variable is not set\. Defaulting to a blank string\.$/.exec(line);
  if (unset) {
    return warningAtVariable(unset[1], line, context);
  }
  if (invalidFile) {
    return placed(invalidFile, line, locatePathMessage(line, invalidFile, context), context);
  }
  return placed(undefined, line, undefined, context);
}

/** A problem in `file` (or, when the message says no file, the first file naming its service). */
function placed(file: string | undefined, message: string, at: FilePosition | undefined, context: ProblemContext): ComposeProblem {
  const clean = message.replace(/: invalid compose project$/, '');
  if (at && file) return { file, line: at.line, column: at.column, message: clean, severity: 'error' };
  const found = locateByService(clean, file ? [file] : context.files, context);
  if (found) return { ...found, message: clean, severity: 'error' };
  return { file: file ?? context.files[0], message: clean, severity: 'error' };
}

/** The key path a validation message starts with or names, located in the file. */
function locatePathMessage(message: string, file: string, context: ProblemContext): FilePosition | undefined {
  const text = context.readText(file);
  if (text === undefined) return undefined;
  const patterns: [RegExp, (m: RegExpExecArray) => string[]][] = [
    // 1.29: "Unsupported config option for services.web: 'portz'"
    [/^Unsupported config option for (\S+): '(.+)'$/, (m) => [...splitPath(m[1]), m[2]]],
    // v2: "(root) Additional property x is not allowed" / "services.web Additional property x …"
    [/^(\S+) Additional property (\S+) is not allowed$/, (m) => [...(m[1] === '(root)' ? [] : splitPath(m[1])), m[2]]],
    // v2, newer: "services.web additional properties 'portz' not allowed"
    [/^(\S+) additional properties '([^']+)'/, (m) => [...(m[1] === '(root)' ? [] : splitPath(m[1])), m[2]]],
    // Both: "services.web.ports contains an invalid type …", "services.web.ports must be a list"
    [/^((?:services|networks|volumes|secrets|configs)\.\S+?):? (?:contains|must|is|has|value|should)\b/, (m) => splitPath(m[1])],
  ];
  for (const [pattern, toPath] of patterns) {
    const m = pattern.exec(message);
    if (m) return locateDotted(text, toPath(m));
  }
  return undefined;
}

/** A message that names a service: at what it names inside it, else at the service. */
function locateByService(
  message: string,
  files: string[],
  context: ProblemContext,
): Omit<ComposeProblem, 'message' | 'severity'> | undefined {
  const service = /[Ss]ervice ['"]([^'"]+)['"]/.exec(message)?.[1];
  if (!service) return undefined;
  const dependency = /depends on (?:undefined )?service ['"]([^'"]+)['"]/.exec(message)?.[1];
  const volume = /Named volume "([^":]+)[^"]*" is used|refers to undefined volume ([^\s:]+)/.exec(message);
  const option = /format for "([^"]+)" option/.exec(message)?.[1];
  // A later file overrides an earlier one: look there first.
  for (const file of [...files].reverse()) {
    const text = context.readText(file);
    if (text === undefined) continue;
    const at =
      (dependency && locateListItem(text, ['services', service, 'depends_on'], dependency)) ||
      (volume && locateKey(text, ['services', service, 'volumes'])) ||
      (option && locateKey(text, ['services', service, option])) ||
      locateKey(text, ['services', service]);
    if (at) return { file, line: at.line, column: at.column };
  }
  return undefined;
}

function warningAtVariable(name: string, message: string, context: ProblemContext): ComposeProblem {
  const use = new RegExp(`\\$\\{?${name}\\b`);
  for (const file of context.files) {
    const lines = context.readText(file)?.split(/\r?\n/) ?? [];
    const index = lines.findIndex((l) => use.test(l));
    if (index >= 0) return { file, line: index + 1, column: lines[index].search(use) + 1, message, severity: 'warning' };
  }
  return { file: context.files[0], message, severity: 'warning' };
}

/**
 * "services.my.app.ports": service names may hold dots, so every way of joining the parts
 * after the section into one name is tried against the file's own keys; the reading that
 * finds the most of the path wins.
 */
function locateDotted(text: string, parts: string[]): FilePosition | undefined {
  const readings = [parts];
  for (let end = 3; end <= parts.length; end++) readings.push([parts[0], parts.slice(1, end).join('.'), ...parts.slice(end)]);
  let best: ReturnType<typeof matchKeyPath>;
  for (const reading of readings) {
    const match = matchKeyPath(text, reading);
    if (match?.matched === reading.length) return match.at;
    if (match && (!best || match.matched > best.matched)) best = match;
  }
  return best?.at;
}

function splitPath(dotted: string): string[] {
  return dotted.split('.');
}

function resolveFile(printed: string, context: ProblemContext): string {
  if (printed.startsWith('/') || /^[A-Za-z]:[\\/]/.test(printed)) return printed;
  const relative = printed.replace(/^\.[\\/]/, '').replace(/^\.[\\/]/, '');
  const joined = `${context.cwd.replace(/[\\/]+$/, '')}/${relative}`;
  return context.files.find((f) => f === joined || f.endsWith(`/${relative}`)) ?? joined;
}
