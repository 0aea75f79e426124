/** Is a port free on this machine? Asked by binding it for a moment, as the engine would. */
import type { ContainerEngine, Protocol } from '../engine/engine';
import { engineFileAccess } from '../engine/engineLocality';

// node:net and node:dgram are loaded when a port is first checked, not with the extension
// (they are ~3 ms of its module load, and only the run form asks).
export async function isHostPortFree(port: number, protocol: Protocol = 'tcp', host = '0.0.0.0'): Promise<boolean> {
  if (protocol === 'udp') {
    const dgram = await import('node:dgram');
    return new Promise((resolve) => {
      const socket = dgram.createSocket('udp4');
      socket.unref();
      socket.once('error', () => resolve(false));
      socket.bind({ port, address: host, exclusive: true }, () => socket.close(() => resolve(true)));
    });
  }
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Host ports ("8080/tcp") that the engine's containers publish already (running or not: a stopped one will want its port back). */
export async function enginePublishedPorts(engine: ContainerEngine, signal?: AbortSignal): Promise<Set<string>> {
  const containers = await engine.listContainers({ all: true }, signal);
  return new Set(containers.flatMap((c) => c.ports.filter((p) => p.hostPort !== undefined).map((p) => `${p.hostPort}/${p.protocol}`)));
}

/** A probe for run forms: free on the machine and not published by another container. */
export async function portProbe(
  engine: ContainerEngine,
  signal?: AbortSignal,
): Promise<(port: number, protocol?: Protocol) => Promise<boolean>> {
  const published = await enginePublishedPorts(engine, signal).catch(() => new Set<string>());
  // Binding a port here says nothing about the engine's machine: there, only its own containers are known.
  const local = engineFileAccess(engine.endpoint) === 'mount';
  return async (port, protocol = 'tcp') => !published.has(`${port}/${protocol}`) && (!local || (await isHostPortFree(port, protocol)));
}
