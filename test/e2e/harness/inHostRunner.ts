/**
 * Runs an in-host test suite (extensionTestsPath) inside the real VS Code server's Node
 * extension host. The workbench page reports through the smoke-test driver's hooks:
 * `codeAutomationLog` for each log line and `codeAutomationExit(code)` at the end.
 */
import * as fs from 'node:fs';
import { launchBrowser, workbenchUrl } from './workbench';
import { startVSCodeServer } from './vscodeServer';

export interface InHostOptions {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  folder: string;
  timeoutMs?: number;
}

export async function openWorkbenchForTests(options: InHostOptions): Promise<number> {
  const server = await startVSCodeServer();
  const { context, userDataDir } = await launchBrowser();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
        const line = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
        (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
      });
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const timeout = new Promise<number>((resolve) =>
      setTimeout(() => {
        console.error(
          `in-host tests did not finish within ${options.timeoutMs ?? 300_000} ms; server log:\n${fs.readFileSync(server.logFile, 'utf8').slice(-3000)}`,
        );
        resolve(124);
      }, options.timeoutMs ?? 300_000),
    );
    await page.goto(
      workbenchUrl(server, {
        folder: options.folder,
        extensionPath: options.extensionDevelopmentPath,
        extensionTestsPath: options.extensionTestsPath,
      }),
    );
    return await Promise.race([exit, timeout]);
  } finally {
    await context.close().catch(() => undefined);
    fs.rmSync(userDataDir, { recursive: true, force: true });
    await server.stop();
  }
}
