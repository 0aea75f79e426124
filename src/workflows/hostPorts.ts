/** Is a TCP port free on this machine? Asked by binding it for a moment, as the engine would. */
import * as net from 'node:net';
import type { ContainerEngine } from '../engine/engine';

export function isHostPortFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Host ports that the engine's containers publish already (running or not: a stopped one will want its port back). */
export async function enginePublishedPorts(engine: ContainerEngine, signal?: AbortSignal): Promise<Set<number>> {
  const containers = await engine.listContainers({ all: true }, signal);
  return new Set(containers.flatMap((c) => c.ports.map((p) => p.hostPort).filter((p): p is number => p !== undefined)));
}

/** A probe for run forms: free on the machine and not published by another container. */
export async function portProbe(engine: ContainerEngine, signal?: AbortSignal): Promise<(port: number) => Promise<boolean>> {
  const published = await enginePublishedPorts(engine, signal).catch(() => new Set<number>());
  return async (port) => !published.has(port) && (await isHostPortFree(port));
}
