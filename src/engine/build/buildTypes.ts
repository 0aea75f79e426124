/**
 * Builds with BuildKit or the classic builder, in the project's own terms: what
 * `ContainerEngine.build` takes, tells and returns (engine.ts re-exports these). Both
 * stream decoders speak these events, so the output channel, the notification, a task's
 * terminal and the CLI read one shape whichever builder ran.
 */

export type BuilderKind = 'buildkit' | 'classic';
/** 'auto': BuildKit where the engine has it; the others force one (tests, old engines). */
export type BuilderPreference = 'auto' | BuilderKind;

export interface BuildRequest {
  /** Folder sent as the build context. */
  contextDir: string;
  /** Dockerfile path relative to the context. */
  dockerfile: string;
  /** Empty: an untagged image. */
  tag: string;
  labels?: Record<string, string>;
  buildArgs?: Record<string, string>;
  /** The stage to stop at (`--target`). */
  target?: string;
  noCache?: boolean;
  /** Ask the registry for newer base images (`--pull`). */
  pull?: boolean;
  builder?: BuilderPreference;
}

export type StepState = 'waiting' | 'running' | 'cached' | 'done' | 'error';

export interface BuildStep {
  /** BuildKit's vertex digest, or "step-N" for the classic builder. */
  id: string;
  /** As the builder names it: "[build 2/5] RUN make", or "RUN make" (classic step N). */
  name: string;
  state: StepState;
  /** The classic builder's "Step N/M". */
  classicStep?: { step: number; total: number };
  /** The builder's own words when the step failed. */
  error?: string;
  /** From start to end, when the builder says. */
  seconds?: number;
}

export type BuildEvent =
  /** "Step N of M": N steps begun of the M known so far (BuildKit reveals its plan as it goes, so M may grow). */
  | { kind: 'step'; step: number; total: number; instruction: string }
  /** What the output shows, already in `--progress=plain` form. */
  | { kind: 'output'; text: string }
  | { kind: 'error'; message: string }
  | { kind: 'builder'; builder: BuilderKind; reason: string }
  | { kind: 'stepState'; step: BuildStep }
  | { kind: 'stepLog'; stepId: string; text: string; stream: 'stdout' | 'stderr' };

export interface BuildResult {
  imageId: string;
  tag: string;
  builder: BuilderKind;
  steps: BuildStep[];
}

/** The step that failed, with what it printed last (for the Problems panel and the CLI). */
export interface FailedStep {
  step: BuildStep;
  outputTail: string[];
}

export class ImageBuildError extends Error {
  constructor(
    /** The engine's message, as it gave it. */
    readonly reason: string,
    readonly builder: BuilderKind,
    readonly failedStep?: FailedStep,
  ) {
    super(failedStep ? `Build failed at ${failedStep.step.name}: ${reason}` : `Build failed: ${reason}`);
    this.name = 'ImageBuildError';
  }
}

/** What a stream decoder gives the build runner. */
export interface BuildStreamDecoder {
  /** One decoded JSON message of the build stream; returns what to tell the caller. */
  accept(message: unknown): BuildEvent[];
  /** The stream ended: what was still held back (an unfinished last line). */
  end(): BuildEvent[];
  readonly imageId: string | undefined;
  /** The engine's error, once one came. */
  readonly error: string | undefined;
  readonly steps: BuildStep[];
  failedStep(): FailedStep | undefined;
}

/** How many of a step's last lines a failure carries. */
export const OUTPUT_TAIL_LINES = 10;
