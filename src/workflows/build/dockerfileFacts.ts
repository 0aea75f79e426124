/**
 * What a Dockerfile declares, read with dockerfile-ast (the parser Container Tools and
 * Docker DX use): its stages, its build arguments with their defaults, and where each
 * instruction is. The build options offer stages and arguments from here, and a failing
 * build step is mapped back to its lines with it (stepLocation.ts).
 *
 * Lines are 1-based, as editors show them and as engines report them ("line 3").
 */
import { DockerfileParser, type Arg, type From, type Instruction } from 'dockerfile-ast';

export interface LineSpan {
  firstLine: number;
  lastLine: number;
}

export interface InstructionFact extends LineSpan {
  /** Upper case, as the engines print it: RUN, COPY, FROM, ... */
  keyword: string;
  /**
   * The instruction on one line, flags included, continuations joined and comment lines
   * inside them dropped: close to how both builders name the step.
   */
  text: string;
  /** The stage it belongs to; undefined for an ARG before the first FROM. */
  stageIndex: number | undefined;
}

export interface ArgFact extends LineSpan {
  name: string;
  /** Undefined when the ARG has no default (`ARG NAME`); '' for `ARG NAME=`. Quotes removed. */
  defaultValue: string | undefined;
}

export interface StageFact extends LineSpan {
  index: number;
  /** As written after AS; engines compare it case-insensitively. */
  name: string | undefined;
  /** What FROM names: an image reference, possibly with ${VARS}, or an earlier stage. */
  from: string;
  /** The earlier stage this one starts from, when FROM names one. */
  fromStage: number | undefined;
  fromLine: number;
  args: ArgFact[];
  instructions: InstructionFact[];
}

export interface DockerfileProblem extends LineSpan {
  message: string;
}

export interface DockerfileFacts {
  /** ARGs before the first FROM: usable in FROM lines, and by stages that declare them again. */
  globalArgs: ArgFact[];
  stages: StageFact[];
  /** Every instruction in file order, global ARGs included (the classic builder counts them as steps). */
  instructions: InstructionFact[];
  /** What the engines will refuse; found without building. */
  problems: DockerfileProblem[];
}

const knownKeywords = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

export function readDockerfileFacts(content: string): DockerfileFacts {
  const dockerfile = DockerfileParser.parse(content);
  const escape = dockerfile.getEscapeCharacter();
  const sourceLines = content.split(/\r?\n/);
  const facts: DockerfileFacts = { globalArgs: [], stages: [], instructions: [], problems: [] };

  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const span = spanOf(instruction);
    if (keyword === 'FROM') {
      facts.stages.push(stageFrom(instruction as From, facts.stages, span));
    }
    const stage = facts.stages[facts.stages.length - 1];
    const fact: InstructionFact = { keyword, text: oneLine(sourceLines, instruction, escape), stageIndex: stage?.index, ...span };
    facts.instructions.push(fact);
    if (stage) {
      stage.instructions.push(fact);
      stage.lastLine = span.lastLine;
    }
    if (keyword === 'ARG') {
      const args = argsOf(instruction as Arg, span);
      if (args.length === 0) facts.problems.push({ ...span, message: 'ARG needs a name' });
      (stage ? stage.args : facts.globalArgs).push(...args);
    }
    problemsOf(instruction, keyword, stage, span, facts.problems);
  }
  return facts;
}

function stageFrom(from: From, earlier: StageFact[], span: LineSpan): StageFact {
  const image = from.getImage() ?? '';
  const name = from.getBuildStage() ?? undefined;
  const fromStage = earlier.find((s) => s.name !== undefined && s.name.toLowerCase() === image.toLowerCase())?.index;
  return { index: earlier.length, name, from: image, fromStage, fromLine: span.firstLine, args: [], instructions: [], ...span };
}

function argsOf(arg: Arg, span: LineSpan): ArgFact[] {
  // `ARG A=1 B=2` declares two; getProperty() would see only the first.
  return arg
    .getProperties()
    .filter((p) => p.getName() !== '')
    .map((p) => ({ name: p.getName(), defaultValue: p.getValue() ?? undefined, ...span }));
}

function problemsOf(
  instruction: Instruction,
  keyword: string,
  stage: StageFact | undefined,
  span: LineSpan,
  out: DockerfileProblem[],
): void {
  if (!knownKeywords.has(keyword)) {
    out.push({ ...span, message: `unknown instruction: ${instruction.getInstruction()}` });
  } else if (keyword === 'FROM' && !(instruction as From).getImage()) {
    out.push({ ...span, message: 'FROM needs an image or a stage name' });
  } else if (!stage && keyword !== 'ARG' && keyword !== 'FROM') {
    out.push({ ...span, message: `${keyword} before the first FROM: only ARG may come before it` });
  }
}

function spanOf(instruction: Instruction): LineSpan {
  const range = instruction.getRange();
  return { firstLine: range.start.line + 1, lastLine: range.end.line + 1 };
}

/** The instruction's source on one line, the way Docker's parser joins it. */
function oneLine(sourceLines: string[], instruction: Instruction, escape: string): string {
  const range = instruction.getRange();
  const lines = sourceLines.slice(range.start.line, range.end.line + 1);
  lines[0] = lines[0].slice(range.start.character);
  if (/<<-?["']?[A-Za-z_]/.test(lines[0])) {
    // A heredoc: its body lines are content, not continuations.
    return lines.join('\n').trim();
  }
  let text = '';
  lines.forEach((line, i) => {
    if (i > 0 && /^\s*(#.*)?$/.test(line)) return; // comment or empty line inside a continuation
    const continued = line.replace(/\s+$/, '').endsWith(escape) && i < lines.length - 1;
    text += continued ? line.replace(/\s+$/, '').slice(0, -escape.length) : line;
  });
  return text.trim();
}

/** The stages a build can stop at, in file order, by the name engines accept for --target. */
export function targetStages(facts: DockerfileFacts): StageFact[] {
  return facts.stages.filter((s) => s.name !== undefined);
}

/** Every build argument a person may set, global and per stage, first declaration wins. */
export function declaredArgs(facts: DockerfileFacts): ArgFact[] {
  const seen = new Map<string, ArgFact>();
  for (const arg of [...facts.globalArgs, ...facts.stages.flatMap((s) => s.args)]) {
    const known = seen.get(arg.name);
    if (!known) seen.set(arg.name, arg);
    else if (known.defaultValue === undefined && arg.defaultValue !== undefined)
      seen.set(arg.name, { ...arg, firstLine: known.firstLine, lastLine: known.lastLine });
  }
  return [...seen.values()];
}
