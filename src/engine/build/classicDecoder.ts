/**
 * Reads the classic builder's stream (/build without version=2): text in `stream`
 * messages, one instruction at a time ("Step 4/7 : RUN make"), the step's output, and
 * the builder's own lines (" ---> Running in <container>", " ---> Using cache",
 * "Removing intermediate container …", "Successfully built <id>"). Podman's compatible
 * API words its steps "STEP 4/7: RUN make"; both are read.
 *
 * A message may end in the middle of a line (the step line's newline comes in the next
 * message), so text is cut into lines here; the output events pass the text on as it came.
 */
import { OUTPUT_TAIL_LINES, type BuildEvent, type BuildStep, type BuildStreamDecoder, type FailedStep } from './buildTypes';
import { streamError } from '../streamError';

const stepPattern = /^(?:Step|STEP) (\d+)\/(\d+) ?: ?(.*)$/;
const runningInPattern = /^ ---> Running in ([0-9a-f]{12,64})$/;
const builtPattern = /^Successfully built ([0-9a-f]{6,64})$/;
// eslint-disable-next-line no-control-regex -- the colour codes the classic builder wraps stderr in
const ansiPattern = /\x1b\[[0-9;]*m/g;
/** The classic builder wraps a step's stderr in red. */
const stderrStart = '\x1b[91m';

interface RawMessage {
  stream?: unknown;
  status?: unknown;
  progress?: unknown;
  id?: unknown;
  error?: unknown;
  errorDetail?: { message?: unknown };
  aux?: { ID?: unknown };
}

interface ClassicStep {
  step: BuildStep;
  tail: string[];
}

export class ClassicDecoder implements BuildStreamDecoder {
  private readonly all: ClassicStep[] = [];
  private pending = '';
  /** Inside the red of a step's stderr (it may span lines and messages). */
  private inStderr = false;
  imageId: string | undefined;
  error: string | undefined;
  /** The intermediate container of the step under way: cancelling removes it. */
  runningContainer: string | undefined;

  get steps(): BuildStep[] {
    return this.all.map((s) => s.step);
  }

  private get current(): ClassicStep | undefined {
    return this.all[this.all.length - 1];
  }

  accept(raw: unknown): BuildEvent[] {
    const message = (raw ?? {}) as RawMessage;
    const out: BuildEvent[] = [];
    const error = streamError(message);
    if (error !== undefined) {
      this.flush(out);
      this.error ??= error.trim();
      const current = this.current;
      if (current && current.step.state === 'running') {
        this.setState(current, 'error', out, error.trim());
      }
      out.push({ kind: 'error', message: error.trim() });
      return out;
    }
    if (typeof message.aux?.ID === 'string') {
      this.imageId = message.aux.ID;
    }
    if (typeof message.stream === 'string') {
      out.push({ kind: 'output', text: message.stream.replace(ansiPattern, '') });
      this.takeText(message.stream, out);
    } else if (typeof message.status === 'string') {
      // Pull progress while resolving FROM: one line per layer update.
      const id = typeof message.id === 'string' ? `${message.id}: ` : '';
      const progress = typeof message.progress === 'string' ? ` ${message.progress}` : '';
      out.push({ kind: 'output', text: `${id}${message.status}${progress}\n` });
    }
    return out;
  }

  end(): BuildEvent[] {
    const out: BuildEvent[] = [];
    this.flush(out);
    const current = this.current;
    if (current?.step.state === 'running' && this.error === undefined) this.setState(current, 'done', out);
    return out;
  }

  failedStep(): FailedStep | undefined {
    const failed = this.all.find((s) => s.step.state === 'error');
    return failed ? { step: { ...failed.step }, outputTail: failed.tail.slice(-OUTPUT_TAIL_LINES) } : undefined;
  }

  private takeText(text: string, out: BuildEvent[]): void {
    const lines = (this.pending + text).split(/\r?\n/);
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.takeLine(line, out);
  }

  private flush(out: BuildEvent[]): void {
    if (this.pending.replace(ansiPattern, '') !== '') this.takeLine(this.pending, out);
    this.pending = '';
  }

  private takeLine(rawLine: string, out: BuildEvent[]): void {
    const isStderr = this.inStderr || rawLine.includes(stderrStart);
    const codes = rawLine.match(ansiPattern);
    if (codes) this.inStderr = codes[codes.length - 1] === stderrStart;
    const line = rawLine.replace(ansiPattern, '');
    const trimmed = line.trim();
    const step = stepPattern.exec(trimmed);
    if (step) {
      const previous = this.current;
      if (previous?.step.state === 'running') this.setState(previous, 'done', out);
      const number = Number(step[1]);
      const total = Number(step[2]);
      const next: ClassicStep = {
        step: { id: `step-${number}`, name: step[3].trim(), state: 'running', classicStep: { step: number, total } },
        tail: [],
      };
      this.all.push(next);
      out.push({ kind: 'step', step: number, total, instruction: next.step.name });
      out.push({ kind: 'stepState', step: { ...next.step } });
      return;
    }
    const built = builtPattern.exec(trimmed);
    if (built) {
      this.imageId ??= built[1];
      return;
    }
    const runningIn = runningInPattern.exec(line);
    if (runningIn) {
      this.runningContainer = runningIn[1];
      return;
    }
    if (trimmed.startsWith('Removing intermediate container')) {
      this.runningContainer = undefined;
      return;
    }
    const current = this.current;
    if (line === ' ---> Using cache') {
      if (current?.step.state === 'running') this.setState(current, 'cached', out);
      return;
    }
    if (/^ ---> [0-9a-f]{6,64}$/.test(line) || trimmed.startsWith('Successfully tagged') || line.startsWith(' ---> ')) {
      return;
    }
    if (current && (current.step.state === 'running' || current.step.state === 'error') && trimmed !== '') {
      current.tail.push(line);
      if (current.tail.length > OUTPUT_TAIL_LINES * 4) current.tail.splice(0, current.tail.length - OUTPUT_TAIL_LINES);
      out.push({ kind: 'stepLog', stepId: current.step.id, text: `${line}\n`, stream: isStderr ? 'stderr' : 'stdout' });
    }
  }

  private setState(s: ClassicStep, state: BuildStep['state'], out: BuildEvent[], error?: string): void {
    s.step = { ...s.step, state, ...(error !== undefined ? { error } : {}) };
    out.push({ kind: 'stepState', step: { ...s.step } });
  }
}
