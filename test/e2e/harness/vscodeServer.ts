/**
 * Starts the real VS Code server that code-server's npm package carries (VS Code 1.139.1, or
 * with `vscode: 'minimum'` 1.96 from code-server 4.96.4, the oldest engines.vscode allows),
 * with the smoke-test driver on, on 127.0.0.1 and a free port, in its own process group
 * so that stopping it ends its whole tree (extension host, pty host, file watcher).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

export interface ToolPaths {
  node24: string;
  serverMain: string;
  /** This machine's Node 20, which code-server 4.96.4's server is built for. */
  node20: string;
  /** The server of VS Code 1.96, the oldest version engines.vscode allows. */
  serverMainMinimum: string;
  chromium: string;
}

/** Which VS Code a test runs on: today's (the default) or the oldest the extension supports. */
export type VSCodeVersion = 'current' | 'minimum';

/** The Node binary and server entry point of one VS Code version. */
export function serverFor(version: VSCodeVersion): { node: string; serverMain: string } {
  const tools = toolPaths();
  return version === 'minimum'
    ? { node: tools.node20, serverMain: tools.serverMainMinimum }
    : { node: tools.node24, serverMain: tools.serverMain };
}

export function toolPaths(): ToolPaths {
  const out = execFileSync('bash', [path.join(repoRoot, 'scripts', 'vscode-server.sh'), 'paths'], { encoding: 'utf8' });
  const value = (key: string) => {
    const found = new RegExp(`^${key}=(.*)$`, 'm').exec(out)?.[1];
    if (!found) {
      throw new Error(`scripts/vscode-server.sh paths did not print ${key}`);
    }
    return found;
  };
  const paths = {
    node24: value('NODE24'),
    serverMain: value('SERVER_MAIN'),
    node20: value('NODE20'),
    serverMainMinimum: value('SERVER_MAIN_MIN'),
    chromium: value('CHROMIUM'),
  };
  for (const [name, p] of Object.entries(paths)) {
    if (!fs.existsSync(p)) {
      throw new Error(`${name} is missing at ${p}: run "bash scripts/vscode-server.sh install" (npm test does it).`);
    }
  }
  return paths;
}

export interface VSCodeServer {
  origin: string;
  authority: string;
  runDir: string;
  /** Where the server keeps machine settings; see writeMachineSettings. */
  machineSettingsFile: string;
  logFile: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(1000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** Extensions installed into this server (e.g. a .vsix, with installVsix). */
  extensionsDir?: string;
  /** A fixed port (the demo prints a stable URL); a free one otherwise. */
  port?: number;
  /** Settings for the remote machine (the extension host reads them). */
  machineSettings?: Record<string, unknown>;
  /**
   * 'off' (the default): Workspace Trust is disabled and every folder is trusted, as most
   * specs need. 'untrusted': trust is on and the folder is not trusted, and opens in
   * Restricted Mode without the startup question.
   */
  workspaceTrust?: 'off' | 'untrusted';
  /** 'current' (the default) or 'minimum': VS Code 1.96, for the smoke set. */
  vscode?: VSCodeVersion;
}

export async function startVSCodeServer(options: StartOptions = {}): Promise<VSCodeServer> {
  const server = serverFor(options.vscode ?? 'current');
  const port = options.port ?? (await freePort());
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-vscode-'));
  const dirs = {
    serverData: path.join(runDir, 'server-data'),
    userData: path.join(runDir, 'user-data'),
    extensions: options.extensionsDir ?? path.join(runDir, 'extensions'),
  };
  for (const d of Object.values(dirs)) {
    fs.mkdirSync(d, { recursive: true });
  }
  const untrusted = options.workspaceTrust === 'untrusted';
  const trust = untrusted
    ? {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'always',
      }
    : { 'security.workspace.trust.enabled': false };
  const quiet = {
    'workbench.startupEditor': 'none',
    ...trust,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'chat.disableAIFeatures': true,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    // The DOM renderer keeps terminal text in the page, where the tests can read it.
    'terminal.integrated.gpuAcceleration': 'off',
  };
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(quiet, null, 2));
  // The server reads machine settings from <user-data-dir>/Machine when --user-data-dir is given.
  const machineSettingsFile = path.join(dirs.userData, 'Machine', 'settings.json');
  fs.mkdirSync(path.dirname(machineSettingsFile), { recursive: true });
  fs.writeFileSync(machineSettingsFile, JSON.stringify({ ...quiet, ...(options.machineSettings ?? {}) }, null, 2));

  const logFile = path.join(runDir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    server.node,
    [
      server.serverMain,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-telemetry',
      ...(untrusted ? [] : ['--disable-workspace-trust']),
      '--server-data-dir',
      dirs.serverData,
      '--user-data-dir',
      dirs.userData,
      '--extensions-dir',
      dirs.extensions,
    ],
    {
      // The server drops its sockets into TMPDIR: keep them in the run folder.
      env: { ...process.env, ...(options.env ?? {}), TMPDIR: runDir },
      stdio: ['ignore', log, log],
      detached: true,
    },
  );
  fs.closeSync(log);
  const origin = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!(await answers(`${origin}/version`))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      killTree(child.pid!);
      throw new Error(`the VS Code server did not start; its log:\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    authority: `127.0.0.1:${port}`,
    runDir,
    machineSettingsFile,
    logFile,
    stop: async () => {
      killTree(child.pid!, 'SIGTERM');
      const gone = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      // Whatever did not end on SIGTERM (extension hosts can linger) ends now.
      killTree(child.pid!, 'SIGKILL');
      if (!gone) {
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      }
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/** Installs a .vsix with the server's own CLI (`--install-extension`), as `code --install-extension` does. */
export function installVsix(vsix: string, extensionsDir: string): string {
  const tools = toolPaths();
  return execFileSync(
    tools.node24,
    [tools.serverMain, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--accept-server-license-terms'],
    {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, TMPDIR: os.tmpdir() },
    },
  );
}

/** Every descendant of pid (by walking ppid links), then pid's process group. */
export function killTree(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  const descendants: number[] = [];
  try {
    const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).map(Number));
    const queue = [pid];
    while (queue.length) {
      const parent = queue.shift()!;
      for (const [child, ppid] of table) {
        if (ppid === parent) {
          descendants.push(child);
          queue.push(child);
        }
      }
    }
  } catch {
    // no ps: the process group below still covers the usual case
  }
  for (const p of descendants.reverse()) {
    try {
      process.kill(p, signal);
    } catch {
      // already gone
    }
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
