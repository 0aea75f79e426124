/**
 * Reads a BuildKit build's stream (/build with version=2). Its progress comes as
 * `{"id":"moby.buildkit.trace","aux":"<base64 StatusResponse>"}` lines: each carries the
 * steps (vertexes) that changed, with their start, end, cached flag and error, the
 * sub-tasks' statuses and the steps' log output. The image id comes as
 * `{"id":"moby.image.id","aux":{"ID":…}}`, a failure as a classic `errorDetail`.
 *
 * BuildKit sends every step it plans near the start, so "step N of M" counts the
 * Dockerfile steps begun so far against those planned: a stage the target does not need
 * is never planned, so it never counts.
 */
import { decodeStatus, secondsOf, type StatusResponse, type Vertex } from './buildkitProto';
import { OUTPUT_TAIL_LINES, type BuildEvent, type BuildStep, type BuildStreamDecoder, type FailedStep, type StepState } from './buildTypes';
import { completionLine, headerLine, logLine, statusLine, warningLine } from './plainProgress';
import { parseVertexName } from './vertexName';
import { streamError } from '../streamError';

interface TrackedStep {
  step: BuildStep;
  vertex: Vertex;
  /** Its number in the plain output, once shown. */
  number?: number;
  isDockerfileStep: boolean;
  counted: boolean;
  /** An unfinished line per stream (BuildKit cuts log chunks anywhere). */
  partial: Record<number, string>;
  tail: string[];
  finishedStatuses: Set<string>;
}

interface RawMessage {
  id?: unknown;
  aux?: unknown;
  stream?: unknown;
  error?: unknown;
  errorDetail?: { message?: unknown };
}

export class BuildKitDecoder implements BuildStreamDecoder {
  private readonly tracked = new Map<string, TrackedStep>();
  private nextNumber = 1;
  private lastShown?: string;
  private begun = 0;
  imageId: string | undefined;
  error: string | undefined;

  get steps(): BuildStep[] {
    return [...this.tracked.values()].map((t) => t.step);
  }

  accept(raw: unknown): BuildEvent[] {
    const message = (raw ?? {}) as RawMessage;
    const error = streamError(message);
    if (error !== undefined) {
      this.error ??= error.trim();
      return [{ kind: 'error', message: error.trim() }];
    }
    if (message.id === 'moby.buildkit.trace' && typeof message.aux === 'string') {
      return this.acceptStatus(decodeStatus(message.aux));
    }
    if (message.id === 'moby.image.id' && typeof (message.aux as { ID?: unknown })?.ID === 'string') {
      this.imageId = (message.aux as { ID: string }).ID;
      return [];
    }
    if (typeof message.stream === 'string') {
      return [{ kind: 'output', text: message.stream }];
    }
    return [];
  }

  end(): BuildEvent[] {
    const out: BuildEvent[] = [];
    for (const t of this.tracked.values()) this.flushLogs(t, out);
    return out;
  }

  failedStep(): FailedStep | undefined {
    const failed = [...this.tracked.values()].find((t) => t.step.state === 'error');
    return failed ? { step: { ...failed.step }, outputTail: failed.tail.slice(-OUTPUT_TAIL_LINES) } : undefined;
  }

  /** Handy for tests and recorded streams: one decoded StatusResponse. */
  acceptStatus(status: StatusResponse): BuildEvent[] {
    const out: BuildEvent[] = [];
    for (const vertex of status.vertexes) this.acceptVertex(vertex, out);
    for (const log of status.logs) {
      const t = this.tracked.get(log.vertex);
      if (!t) continue;
      const text = log.msg.toString('utf8');
      out.push({ kind: 'stepLog', stepId: t.step.id, text, stream: log.stream === 2 ? 'stderr' : 'stdout' });
      this.show(t, out);
      const lines = ((t.partial[log.stream] ?? '') + text).split(/\r?\n/);
      t.partial[log.stream] = lines.pop() ?? '';
      const since = t.vertex.started && log.timestamp ? secondsOf(log.timestamp) - secondsOf(t.vertex.started) : undefined;
      for (const line of lines) this.logText(t, line, since, out);
    }
    for (const s of status.statuses) {
      const t = this.tracked.get(s.vertex);
      if (!t || !s.completed || t.finishedStatuses.has(s.ID)) continue;
      t.finishedStatuses.add(s.ID);
      this.show(t, out);
      out.push(this.output(statusLine(t.number!, s.ID || s.name, s.current, s.total)));
    }
    for (const w of status.warnings) {
      const t = this.tracked.get(w.vertex);
      out.push(this.output(warningLine(t?.number, w.short.toString('utf8').trim())));
    }
    return out;
  }

  private acceptVertex(update: Vertex, out: BuildEvent[]): void {
    let t = this.tracked.get(update.digest);
    if (!t) {
      const isDockerfileStep = parseVertexName(update.name) !== undefined;
      t = {
        step: { id: update.digest, name: update.name, state: 'waiting' },
        vertex: update,
        isDockerfileStep,
        counted: false,
        partial: {},
        tail: [],
        finishedStatuses: new Set(),
      };
      this.tracked.set(update.digest, t);
    }
    const before = t.step.state;
    t.vertex = {
      ...t.vertex,
      ...update,
      started: update.started ?? t.vertex.started,
      completed: update.completed ?? t.vertex.completed,
      cached: update.cached || t.vertex.cached,
      error: update.error || t.vertex.error,
    };
    t.step = { ...t.step, name: t.vertex.name || t.step.name, state: stateOf(t.vertex) };
    if (t.vertex.error) t.step.error = t.vertex.error;
    if (t.vertex.started && t.vertex.completed) t.step.seconds = Math.max(0, secondsOf(t.vertex.completed) - secondsOf(t.vertex.started));
    if (t.step.state === before) return;

    out.push({ kind: 'stepState', step: { ...t.step } });
    if (t.step.state === 'waiting') return;
    if (t.isDockerfileStep && !t.counted) {
      t.counted = true;
      this.begun++;
      const planned = [...this.tracked.values()].filter((x) => x.isDockerfileStep).length;
      out.push({ kind: 'step', step: this.begun, total: Math.max(planned, this.begun), instruction: t.step.name });
    }
    this.show(t, out);
    if (t.step.state === 'running') return;
    this.flushLogs(t, out);
    // A step BuildKit first reports done and then cached is shown once, as cached.
    if (before === 'done' && t.step.state === 'cached') return;
    out.push(this.output(completionLine(t.number!, t.step.state, t.step.seconds, t.step.error)));
  }

  /** Gives the step its number and prints its header, when it is first shown. */
  private show(t: TrackedStep, out: BuildEvent[]): void {
    if (t.number === undefined) {
      t.number = this.nextNumber++;
    }
    if (this.lastShown !== t.step.id) {
      if (this.lastShown !== undefined) out.push({ kind: 'output', text: '\n' });
      this.lastShown = t.step.id;
      out.push({ kind: 'output', text: `${headerLine(t.number, t.step.name)}\n` });
    }
  }

  private logText(t: TrackedStep, line: string, since: number | undefined, out: BuildEvent[]): void {
    t.tail.push(line);
    if (t.tail.length > OUTPUT_TAIL_LINES * 4) t.tail.splice(0, t.tail.length - OUTPUT_TAIL_LINES);
    out.push(this.output(logLine(t.number!, since, line)));
  }

  private flushLogs(t: TrackedStep, out: BuildEvent[]): void {
    for (const stream of Object.keys(t.partial)) {
      const rest = t.partial[Number(stream)];
      t.partial[Number(stream)] = '';
      if (rest) {
        this.show(t, out);
        this.logText(t, rest, undefined, out);
      }
    }
  }

  private output(line: string): BuildEvent {
    return { kind: 'output', text: `${line}\n` };
  }
}

function stateOf(v: Vertex): StepState {
  if (v.error) return 'error';
  if (v.completed) return v.cached ? 'cached' : 'done';
  if (v.cached) return 'cached';
  return v.started ? 'running' : 'waiting';
}
