/**
 * The EngineApi on the same engine as realEngine(), for the integration tests of the
 * volume, network, file, stats and interactive modules; an image without a shell; and the
 * cleanup of what those tests make (by the test run's label).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Docker from 'dockerode';
import type { EngineApi } from '../../src/engine/api/engineApi';
import { dockerodeApi } from '../../src/engine/api/dockerodeApi';
import type { ContainerEngine } from '../../src/engine/engine';
import { toDockerodeOptions } from '../../src/engine/dockerodeOptions';
import { buildFolder, realEngine, TEST_RUN_LABEL, testRunId } from './realEngine';

export async function realEngineApi(): Promise<{ engine: ContainerEngine; api: EngineApi }> {
  const engine = await realEngine();
  const docker = new Docker(toDockerodeOptions(engine.endpoint, (p) => fs.readFileSync(p), process.env));
  return { engine, api: dockerodeApi(docker, engine.endpoint) };
}

export const mineLabel = `${TEST_RUN_LABEL}=${testRunId}`;

/**
 * `FROM scratch` with a few files copied in from Debian: no shell, no programs but one.
 * /data: big.txt (300000 bytes of "x"), docs/readme.txt, docs/deep/leaf.txt, tool.bin (an
 * ELF binary), readme-link -> docs/readme.txt, outside-link -> /etc/passwd,
 * hard-readme.txt (a hard link to docs/readme.txt).
 */
export const NO_SHELL_IMAGE = 'cw-test/inside-no-shell:latest';
export const README_TEXT = 'hello from an image without a shell\n';

const NO_SHELL_DOCKERFILE = `FROM debian:bookworm-slim AS payload
RUN mkdir -p /payload/docs/deep \\
 && printf 'hello from an image without a shell\\n' > /payload/docs/readme.txt \\
 && printf 'leaf\\n' > /payload/docs/deep/leaf.txt \\
 && cp /usr/bin/true /payload/tool.bin \\
 && head -c 300000 /dev/zero | tr '\\0' 'x' > /payload/big.txt \\
 && ln -s docs/readme.txt /payload/readme-link \\
 && ln -s /etc/passwd /payload/outside-link \\
 && ln /payload/docs/readme.txt /payload/hard-readme.txt
FROM scratch
COPY --from=payload /payload/ /data/
CMD ["/data/tool.bin"]
`;

export async function ensureNoShellImage(engine: ContainerEngine): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-no-shell-'));
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), NO_SHELL_DOCKERFILE);
    await buildFolder(engine, dir, NO_SHELL_IMAGE);
    return NO_SHELL_IMAGE;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Creates (never starts) a container of `image`, labelled as this test run's. */
export async function createStopped(api: EngineApi, image: string, extra: Record<string, unknown> = {}): Promise<string> {
  const body = { Image: image, Cmd: ['/never-started'], Labels: { [TEST_RUN_LABEL]: testRunId }, ...extra };
  return (await api.json<{ Id: string }>({ method: 'POST', path: '/containers/create', body })).Id;
}

export async function removeContainer(api: EngineApi, id: string): Promise<void> {
  await api.json({ method: 'DELETE', path: `/containers/${id}`, query: { force: true, v: true } }).catch(() => undefined);
}

export async function containerGone(api: EngineApi, id: string): Promise<boolean> {
  return api.json({ method: 'GET', path: `/containers/${id}/json` }).then(
    () => false,
    (err: { statusCode?: number }) => err.statusCode === 404,
  );
}
