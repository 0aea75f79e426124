/**
 * Reads the engine's build stream (one JSON object a line) and decides the outcome.
 *
 * dockerode's `followProgress` calls back without an error even when the stream carried
 * an `error` message, so a failed build would look like a success. Here every message is
 * checked: an `error`/`errorDetail` anywhere fails the build, and so does a stream that
 * ends without ever naming the built image.
 */
import type { BuildEvent, BuildResult } from './engine';

export class BuildFailedError extends Error {
  constructor(
    readonly reason: string,
    readonly step?: { step: number; total: number; instruction: string },
  ) {
    super(step ? `Build failed at step ${step.step}/${step.total} (${step.instruction}): ${reason}` : `Build failed: ${reason}`);
    this.name = 'BuildFailedError';
  }
}

interface BuildMessage {
  stream?: unknown;
  status?: unknown;
  progress?: unknown;
  id?: unknown;
  error?: unknown;
  errorDetail?: { message?: unknown };
  aux?: { ID?: unknown };
}

const stepPattern = /^Step (\d+)\/(\d+) : (.*)$/;
const builtPattern = /^Successfully built ([0-9a-f]{6,64})\s*$/;
const runningPattern = /^-*>?\s*Running in ([0-9a-f]{6,64})\s*$/;
const removedPattern = /^-*>?\s*Remov(?:ing|ed) intermediate container ([0-9a-f]{6,64})\s*$/;

export class BuildOutcome {
  private currentStep?: { step: number; total: number; instruction: string };
  private imageId?: string;
  private error?: string;
  private readonly intermediate = new Set<string>();

  get step() {
    return this.currentStep;
  }

  /**
   * The step containers the builder started and has not said it removed. The engine
   * removes them itself (forcerm) unless it stops mid-build: then they are left behind.
   */
  get intermediateContainers(): string[] {
    return [...this.intermediate];
  }

  /** True once the build has an outcome: an error, or the image it made. */
  get finished(): boolean {
    return this.error !== undefined || this.imageId !== undefined;
  }

  /** Takes one decoded message and returns what to show for it. */
  accept(raw: unknown): BuildEvent[] {
    const message = (raw ?? {}) as BuildMessage;
    const events: BuildEvent[] = [];

    const error =
      typeof message.errorDetail?.message === 'string'
        ? message.errorDetail.message
        : typeof message.error === 'string'
          ? message.error
          : undefined;
    if (error !== undefined) {
      this.error ??= error.trim();
      events.push({ kind: 'error', message: error.trim() });
      return events;
    }

    if (typeof message.aux?.ID === 'string') {
      this.imageId = message.aux.ID;
    }

    if (typeof message.stream === 'string') {
      const text = message.stream;
      for (const line of text.split('\n')) {
        const step = stepPattern.exec(line.trim());
        if (step) {
          this.currentStep = { step: Number(step[1]), total: Number(step[2]), instruction: step[3].trim() };
          events.push({ kind: 'step', ...this.currentStep });
        }
        const running = runningPattern.exec(line.trim());
        if (running) this.intermediate.add(running[1]);
        const removed = removedPattern.exec(line.trim());
        if (removed) this.intermediate.delete(removed[1]);
        const built = builtPattern.exec(line.trim());
        if (built && !this.imageId) {
          this.imageId = built[1];
        }
      }
      events.push({ kind: 'output', text });
    } else if (typeof message.status === 'string') {
      // Pull progress while resolving FROM: one line per layer update.
      const id = typeof message.id === 'string' ? `${message.id}: ` : '';
      const progress = typeof message.progress === 'string' ? ` ${message.progress}` : '';
      events.push({ kind: 'output', text: `${id}${message.status}${progress}\n` });
    }
    return events;
  }

  /** The build's result; throws BuildFailedError when it did not succeed. */
  finish(tag: string): BuildResult {
    if (this.error !== undefined) {
      throw new BuildFailedError(this.error, this.currentStep);
    }
    if (!this.imageId) {
      throw new BuildFailedError('the engine ended the build without reporting an image', this.currentStep);
    }
    return { imageId: this.imageId, tag };
  }
}

/** Parses one line of the stream; a line that is not JSON is shown as plain output. */
export function parseStreamLine(line: string): unknown {
  const trimmed = line.trim();
  if (!trimmed) {
    return undefined;
  }
  try {
    return JSON.parse(trimmed);
  } catch {
    return { stream: `${line}\n` };
  }
}
