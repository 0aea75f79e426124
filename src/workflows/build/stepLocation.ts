/**
 * Which Dockerfile lines a build step comes from, for both builders.
 *
 * The classic builder numbers every instruction in the file ("Step 4/7 : RUN make"), global
 * ARGs included, so step N is the Nth instruction. BuildKit names each step after its stage
 * and its place there ("[build 2/5] RUN make"), with build arguments already expanded and
 * only the instructions that make a layer counted; a base image's ONBUILD triggers get
 * numbers of their own ("[2/2]" then "[3/2]"). So BuildKit's steps are found by their text
 * within the stage, and the number only decides between identical lines. A step that
 * matches nothing the person wrote (a trigger from the base image) belongs to the stage's
 * FROM line.
 */
import { parseVertexName } from '../../engine/build/vertexName';
import type { DockerfileFacts, InstructionFact, LineSpan, StageFact } from './dockerfileFacts';

export interface StepLocation extends LineSpan {
  /** instruction: the step's own lines; from: the stage's FROM (a step the person did not write). */
  how: 'instruction' | 'from' | 'parse';
  stageIndex?: number;
}

/** The classic builder's "Step N/M : INSTRUCTION …". */
export function locateClassicStep(facts: DockerfileFacts, step: number, instruction: string): StepLocation | undefined {
  const keyword = keywordOf(instruction);
  const nth = facts.instructions[step - 1];
  if (nth && nth.keyword === keyword) {
    return at(nth, 'instruction');
  }
  // The counts disagree (another engine, or the file changed since): fall back to the text.
  const byText = facts.instructions.filter((i) => i.keyword === keyword && matchesText(i, instruction));
  return byText.length ? at(byText[0], 'instruction') : undefined;
}

/** A BuildKit vertex by its name; undefined when the name does not point into the Dockerfile. */
export function locateVertex(facts: DockerfileFacts, vertexName: string): StepLocation | undefined {
  const metadata = /^\[internal\] load metadata for (\S+)/.exec(vertexName.trim());
  if (metadata) {
    return locateImage(facts, metadata[1]);
  }
  const vertex = parseVertexName(vertexName);
  if (!vertex) return undefined;
  const stages = stagesNamed(facts, vertex.stage);
  if (stages.length === 0) return undefined;
  const keyword = keywordOf(vertex.command);
  const matches = stages.flatMap((stage) =>
    stage.instructions.filter((i) => i.keyword === keyword && keyword !== 'FROM' && matchesText(i, vertex.command)),
  );
  if (matches.length > 0) {
    return at(pickByIndex(matches, stages, vertex.index), 'instruction');
  }
  // FROM itself, or a step nobody wrote here (a base image's ONBUILD trigger).
  const stage = stages[stages.length - 1];
  return { firstLine: stage.fromLine, lastLine: stage.fromLine, how: 'from', stageIndex: stage.index };
}

/** "dockerfile parse error line 3: …", "… on line 3: …", "Dockerfile:3": the line the engine names. */
export function locateEngineMessage(message: string): StepLocation | undefined {
  const match = /parse error (?:on )?line (\d+)/i.exec(message) ?? /\bDockerfile:(\d+)\b/.exec(message);
  if (!match) return undefined;
  const line = Number(match[1]);
  return { firstLine: line, lastLine: line, how: 'parse' };
}

/** The FROM lines that name an image ("load metadata for docker.io/library/x:1" fails for them). */
function locateImage(facts: DockerfileFacts, reference: string): StepLocation | undefined {
  const wanted = normalizeImage(reference);
  const stage = facts.stages.find((s) => s.fromStage === undefined && normalizeImage(resolveArgs(s.from, facts)) === wanted);
  return stage ? { firstLine: stage.fromLine, lastLine: stage.fromLine, how: 'from', stageIndex: stage.index } : undefined;
}

function stagesNamed(facts: DockerfileFacts, name: string | undefined): StageFact[] {
  if (name === undefined) {
    // No stage named (a one-stage file, mostly; one with RUN --mount says "stage-0"): look in all.
    return facts.stages;
  }
  const unnamed = /^stage-(\d+)$/.exec(name);
  if (unnamed) {
    const stage = facts.stages[Number(unnamed[1])];
    return stage ? [stage] : [];
  }
  return facts.stages.filter((s) => s.name?.toLowerCase() === name.toLowerCase());
}

/** Between identical lines, the one whose place among the stage's layer steps is the vertex's number. */
function pickByIndex(matches: InstructionFact[], stages: StageFact[], index: number): InstructionFact {
  if (matches.length === 1) return matches[0];
  for (const stage of stages) {
    const layerSteps = stage.instructions.filter(
      (i) => layerKeywords.has(i.keyword) && !(i.keyword === 'FROM' && stage.fromStage !== undefined),
    );
    const candidate = layerSteps[index - 1];
    if (candidate && matches.includes(candidate)) return candidate;
  }
  return matches[matches.length - 1];
}

/** What BuildKit makes a step of (the rest only changes the image's config). */
const layerKeywords = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

function keywordOf(command: string): string {
  return (command.trim().split(/\s+/)[0] ?? '').toUpperCase();
}

/**
 * Does the engine's echo of a step fit this instruction? Whitespace runs are one space, and
 * a variable reference fits any text: BuildKit prints build arguments already expanded.
 */
function matchesText(instruction: InstructionFact, echoed: string): boolean {
  const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
  const source = collapse(instruction.text).replace(/^\S+/, (k) => k.toUpperCase());
  const target = collapse(echoed).replace(/^\S+/, (k) => k.toUpperCase());
  if (source === target) return true;
  const variable = /\$(?:\{[A-Za-z_][A-Za-z0-9_]*(?:[:][-+?][^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)/g;
  let pattern = '';
  let last = 0;
  for (const match of source.matchAll(variable)) {
    pattern += escapeRegExp(source.slice(last, match.index)) + '[\\s\\S]*?';
    last = match.index + match[0].length;
  }
  if (last === 0) return false;
  pattern += escapeRegExp(source.slice(last));
  return new RegExp(`^${pattern.replace(/ /g, ' ?')}$`).test(target);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** ${NAME} and $NAME in a FROM line, from the global ARG defaults. */
function resolveArgs(text: string, facts: DockerfileFacts): string {
  const defaults = new Map(facts.globalArgs.map((a) => [a.name, a.defaultValue ?? '']));
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, a: string | undefined, b: string | undefined) => defaults.get((a ?? b)!) ?? '',
  );
}

/** "debian" and "docker.io/library/debian:latest" name the same image. */
export function normalizeImage(reference: string): string {
  let ref = reference.trim().toLowerCase();
  const firstPart = ref.split('/')[0];
  const hasRegistry = ref.includes('/') && (firstPart.includes('.') || firstPart.includes(':') || firstPart === 'localhost');
  if (!hasRegistry) ref = `docker.io/${ref.includes('/') ? ref : `library/${ref}`}`;
  const lastPart = ref.split('/').pop() ?? '';
  if (!lastPart.includes(':') && !lastPart.includes('@')) ref += ':latest';
  return ref;
}

function at(instruction: InstructionFact, how: StepLocation['how']): StepLocation {
  return { firstLine: instruction.firstLine, lastLine: instruction.lastLine, how, stageIndex: instruction.stageIndex };
}
