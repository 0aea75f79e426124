/**
 * The project's engine, unchanged, with every call timed (and, for the converter, when its
 * first output and its "done" line arrived).
 */
import { performance } from 'node:perf_hooks';
import type Docker from 'dockerode';
import type { ContainerEngine, RunRequest } from '../../src/engine/engine';
import { toCreateOptions } from '../../src/engine/runArgs';
import { LineSplitter } from '../../src/engine/streamDemux';
import { parseConverterLine } from '../../src/workflows/converterProtocol';

export const BENCH_LABEL = 'dev.container-workflows.bench-run';
export const runId = `${process.pid}-${Date.now()}`;

interface Call {
  call: string;
  start: number;
  end: number;
}

/** What one run through the engine did, and when (performance.now() times). */
export class Trace {
  readonly calls: Call[] = [];
  firstStdout?: number;
  doneLine?: number;
  converterElapsedMs?: number;

  first(call: string): Call | undefined {
    return this.calls.find((c) => c.call === call);
  }

  /** From the create request to the engine saying the container exited. */
  containerWallMs(): number {
    const create = this.first('create');
    const wait = this.first('wait');
    if (!create || !wait) throw new Error('no container ran');
    return wait.end - create.start;
  }
}

/**
 * The project's engine, unchanged, with every call timed. `run` is create then start, as
 * DockerodeEngine.run does it; when `cgroupParent` is given the create goes through dockerode
 * with the same options plus HostConfig.CgroupParent (RunRequest has no such field).
 */
export function traced(inner: ContainerEngine, trace: Trace, docker: Docker, cgroupParent?: string): ContainerEngine {
  const timed = async <T>(call: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      trace.calls.push({ call, start, end: performance.now() });
    }
  };
  const create = (request: RunRequest, signal?: AbortSignal): Promise<string> => {
    const labelled: RunRequest = { ...request, labels: { ...(request.labels ?? {}), [BENCH_LABEL]: runId } };
    return timed('create', async () => {
      if (!cgroupParent) return inner.create(labelled, signal);
      const createOptions = toCreateOptions(labelled);
      createOptions.HostConfig = { ...createOptions.HostConfig, CgroupParent: cgroupParent };
      return (await docker.createContainer(createOptions)).id;
    });
  };
  const lines = new LineSplitter((line) => {
    const event = parseConverterLine(line);
    if (event?.event === 'done') {
      trace.doneLine = performance.now();
      trace.converterElapsedMs = event.elapsed * 1000;
    }
  });
  const overrides: Partial<ContainerEngine> = {
    create,
    async run(request, signal) {
      const id = await create(request, signal);
      try {
        await timed('start', () => inner.start(id, signal));
      } catch (err) {
        await inner.remove(id, { force: true }).catch(() => undefined);
        throw err;
      }
      return id;
    },
    logs(id, logOptions, sink, signal) {
      return timed('logs', () =>
        inner.logs(
          id,
          logOptions,
          (text, stream) => {
            if (stream === 'stdout') {
              trace.firstStdout ??= performance.now();
              lines.push(text);
            }
            sink(text, stream);
          },
          signal,
        ),
      );
    },
  };
  return new Proxy(inner, {
    get(target, prop) {
      if (typeof prop === 'string' && prop in overrides) {
        return overrides[prop as keyof ContainerEngine];
      }
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const start = performance.now();
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) {
          return result.finally(() => trace.calls.push({ call: String(prop), start, end: performance.now() }));
        }
        return result;
      };
    },
  });
}
