/**
 * Stands in for the `code` executable that @vscode/test-electron's runTests starts.
 *
 * Where a desktop VS Code can be downloaded, runTests starts that and this file is not
 * used. Here no download works, so runTests gets `vscodeExecutablePath` = scripts/code-web,
 * which runs this: it reads the same arguments desktop VS Code would get
 * (--extensionDevelopmentPath, --extensionTestsPath, a folder), starts the real VS Code
 * server, opens the workbench in Chromium with those paths as the `payload`, and exits
 * with the code the in-host test runner reports through the smoke-test driver.
 */
import { openWorkbenchForTests } from './inHostRunner';

function argValue(args: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  const inline = args.find((a) => a.startsWith(prefix));
  if (inline) {
    return inline.slice(prefix.length);
  }
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const extensionDevelopmentPath = argValue(args, 'extensionDevelopmentPath');
  const extensionTestsPath = argValue(args, 'extensionTestsPath');
  if (!extensionDevelopmentPath || !extensionTestsPath) {
    console.error('code-web: --extensionDevelopmentPath and --extensionTestsPath are required');
    return 2;
  }
  // The folder to open is the first argument that is not an option (runTests' launchArgs).
  const valueOptions = new Set(['--user-data-dir', '--extensions-dir', '--extensionDevelopmentPath', '--extensionTestsPath']);
  const folder = args.find((a, i) => !a.startsWith('-') && !valueOptions.has(args[i - 1] ?? ''));
  if (!folder) {
    console.error('code-web: pass the folder to open in launchArgs');
    return 2;
  }
  return openWorkbenchForTests({ extensionDevelopmentPath, extensionTestsPath, folder });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('code-web failed:', err);
    process.exit(1);
  },
);
