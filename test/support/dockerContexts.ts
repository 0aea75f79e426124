/** Docker contexts made by the docker CLI itself, in a Docker config folder of the test's own. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

/** Creates `configDir` if it is not there and a context `name` in it; `docker` is the `--docker` value. */
export function createDockerContext(configDir: string, name: string, docker: string, description?: string): void {
  fs.mkdirSync(configDir, { recursive: true });
  execFileSync('docker', ['context', 'create', name, ...(description ? ['--description', description] : []), '--docker', docker], {
    env: { ...process.env, DOCKER_CONFIG: configDir },
    stdio: 'ignore',
  });
}
