/**
 * What the registry e2e specs share: a password registry of their own (Debian's
 * docker-registry with htpasswd, test/support/registry.ts), the push that the registry
 * refuses until the person logs in through the notification's Log In…, and the look into
 * every file the server wrote (its logs, the output channel) for the password.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { TestRegistry } from '../../support/registry';
import type { VSCodeServer } from './vscodeServer';
import { clickNotificationButton, pick, poll, typeIntoQuickInput, waitForNotification, withDiagnostics } from './workbench';

export const REGISTRY_USER = 'alice';

/** A registry of this spec's own, with one user and a password made for this run. */
export async function startPasswordRegistry(): Promise<{ registry: TestRegistry; password: string }> {
  const password = `e2e-pw-${process.pid}-${Date.now()}`;
  const registry = await TestRegistry.start({ users: { [REGISTRY_USER]: password } });
  return { registry, password };
}

/** Every file under `dir` (the server's run folder: logs, the extension host's output channels). */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** The end of the output channel's file, for a failure's message. */
export function extensionLog(dir: string): string {
  const file = filesUnder(dir).find((f) => f.endsWith('Container Workflows.log'));
  return file ? fs.readFileSync(file, 'utf8').slice(-3000) : '(no log file)';
}

export function filesHolding(dir: string, text: string): string[] {
  return filesUnder(dir).filter((file) => {
    try {
      return fs.readFileSync(file).includes(text);
    } catch {
      return false; // a socket or a file gone since the listing
    }
  });
}

/**
 * Push Image… has been chosen for an image: picks `target` among its tags, is refused by the
 * registry, logs in from the notification and waits for the retried push's digest.
 * Resolves with the notification's text ("Pushed <target> (sha256:…)").
 */
export async function pushWithLogIn(
  page: Page,
  server: VSCodeServer,
  target: string,
  password: string,
  timeoutMs: number,
): Promise<string> {
  await pick(page, target);
  await clickNotificationButton(page, /refused to let you push/, 'Log In…');
  await typeIntoQuickInput(page, 'User name', REGISTRY_USER);
  await typeIntoQuickInput(page, `Password or access token for ${REGISTRY_USER}`, password);
  return withDiagnostics(page, 'the pushed digest', () =>
    waitForNotification(page, /^Pushed .*sha256:[0-9a-f]{64}/, timeoutMs).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\nthe extension's log:\n${extensionLog(server.runDir)}`, { cause: err });
    }),
  );
}

/** The output channel said who logged in where, and nothing the server wrote holds the password. */
export async function loggedInWithoutLeaking(server: VSCodeServer, registry: TestRegistry, password: string): Promise<string[]> {
  await poll(
    'the login in the log',
    async () => (filesHolding(server.runDir, `Logged in to ${registry.address} as ${REGISTRY_USER}`).length > 0 ? true : undefined),
    30_000,
  );
  return filesHolding(server.runDir, password);
}

/**
 * A row of a long tree view: the list draws only the rows in sight, so it scrolls the pane
 * to the top and then down, as a person would with the wheel, until the row is drawn.
 */
export async function scrolledToRow(page: Page, pane: Locator, row: Locator): Promise<Locator> {
  const list = pane.locator('.monaco-list').first();
  await list.waitFor({ timeout: 30_000 });
  if ((await row.count()) === 0) {
    await list.hover();
    await page.mouse.wheel(0, -100_000);
  }
  await poll(
    'the row scrolled into sight',
    async () => {
      if ((await row.count()) > 0) return true;
      await list.hover();
      await page.mouse.wheel(0, 200);
      return false;
    },
    60_000,
    250,
  );
  return row.first();
}
