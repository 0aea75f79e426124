/**
 * A failed build as problems on Dockerfile lines (pure): what the Problems panel marks and
 * what the CLI prints as `<Dockerfile>:<line>: <message>`, the shape problem matchers read.
 *
 * Where: the line the engine's message names (a parse error), else the failing step's
 * instruction (stepLocation.ts), else the stage's FROM (a step from the base image), else
 * the first FROM, so that a failure is never without a place.
 */
import type { ImageBuildError } from '../../engine/build/buildTypes';
import type { DockerfileFacts, LineSpan } from './dockerfileFacts';
import { locateClassicStep, locateEngineMessage, locateVertex, type StepLocation } from './stepLocation';

export interface BuildProblem extends LineSpan {
  /** The Dockerfile, as the caller named it. */
  file: string;
  /** The engine's error, on one line. */
  message: string;
  /** The step as the builder named it, when a step failed. */
  stepName?: string;
  /** What the step printed last. */
  outputTail: string[];
  how: StepLocation['how'] | 'file';
}

type Located = LineSpan & { how: BuildProblem['how'] };

export function problemsForFailure(error: ImageBuildError, facts: DockerfileFacts, file: string): BuildProblem[] {
  const failed = error.failedStep;
  const location: Located =
    locateEngineMessage(error.reason) ??
    (failed ? locateStep(facts, failed.step.name, failed.step.classicStep) : undefined) ??
    ownProblem(facts) ??
    fallback(facts);
  return [
    {
      file,
      firstLine: location.firstLine,
      lastLine: location.lastLine,
      how: location.how,
      message: oneLine(error.reason),
      stepName: failed?.step.name,
      outputTail: failed?.outputTail ?? [],
    },
  ];
}

/** Problems found in the Dockerfile itself, before any build (an option naming no stage, …). */
export function problemsBeforeBuild(facts: DockerfileFacts, file: string, options: { target?: string }): BuildProblem[] {
  const problems: BuildProblem[] = facts.problems.map((p) => ({
    file,
    firstLine: p.firstLine,
    lastLine: p.lastLine,
    message: p.message,
    outputTail: [],
    how: 'parse',
  }));
  if (options.target && !facts.stages.some((s) => s.name?.toLowerCase() === options.target!.toLowerCase())) {
    const names = facts.stages.flatMap((s) => (s.name ? [s.name] : []));
    const first = facts.stages[0]?.fromLine ?? 1;
    problems.push({
      file,
      firstLine: first,
      lastLine: first,
      how: 'file',
      message: `there is no stage named "${options.target}"; ${names.length ? `the named stages are ${names.join(', ')}` : 'no stage has a name (FROM … AS name)'}`,
      outputTail: [],
    });
  }
  return problems;
}

/** The CLI's lines: the problem matcher's shape, then what the step printed, indented. */
export function formatProblem(problem: BuildProblem): string[] {
  return [`${problem.file}:${problem.firstLine}: ${problem.message}`, ...problem.outputTail.map((line) => `    ${line}`)];
}

function locateStep(facts: DockerfileFacts, name: string, classic: { step: number; total: number } | undefined): StepLocation | undefined {
  return classic ? locateClassicStep(facts, classic.step, name) : locateVertex(facts, name);
}

function ownProblem(facts: DockerfileFacts): StepLocation | undefined {
  const first = facts.problems[0];
  return first ? { firstLine: first.firstLine, lastLine: first.lastLine, how: 'parse' } : undefined;
}

function fallback(facts: DockerfileFacts): Located {
  const line = facts.stages[0]?.fromLine ?? 1;
  return { firstLine: line, lastLine: line, how: 'file' };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** A problem as the Problems panel shows it: the engine's error, then what the step printed last. */
export function problemText(problem: BuildProblem): string {
  const lead = problem.stepName ? `${problem.message} (${problem.stepName})` : problem.message;
  return problem.outputTail.length ? [lead, ...problem.outputTail.map((line) => `  ${line}`)].join('\n') : lead;
}
