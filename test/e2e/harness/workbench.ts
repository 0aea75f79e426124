/**
 * The VS Code workbench in Debian's Chromium, driven by playwright-core. The extension is
 * loaded from its folder in development mode through the `payload` URL parameter, exactly
 * as `code --extensionDevelopmentPath` would.
 *
 * Helpers here poll; none sleeps for a fixed time to "let things settle".
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BrowserContext, type FrameLocator, type Locator, type Page, chromium } from 'playwright-core';
import { repoRoot, toolPaths, type VSCodeServer } from './vscodeServer';

export const artifactsDir = path.join(repoRoot, '.test-artifacts');

export interface Workbench {
  page: Page;
  consoleErrors: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  folder: string;
  extensionPath?: string;
  /** Run an in-host test suite (a file exporting run()). */
  extensionTestsPath?: string;
}

export function workbenchUrl(server: VSCodeServer, options: OpenOptions): string {
  const remote = (p: string) => `vscode-remote://${server.authority}${p}`;
  const payload: [string, string][] = [['extensionDevelopmentPath', remote(options.extensionPath ?? repoRoot)]];
  if (options.extensionTestsPath) {
    payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  }
  return `${server.origin}/?folder=${encodeURIComponent(options.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function launchBrowser(): Promise<{ context: BrowserContext; userDataDir: string }> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: toolPaths().chromium,
    headless: true,
    viewport: { width: 1400, height: 900 },
    // Without the background-networking flags Chromium keeps dialling Google and this
    // machine's closed network refuses it, many times a second.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  return { context, userDataDir };
}

export async function openWorkbench(server: VSCodeServer, options: OpenOptions): Promise<Workbench> {
  const { context, userDataDir } = await launchBrowser();
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  await page.goto(workbenchUrl(server, options));
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return {
    page,
    consoleErrors,
    close: async () => {
      await context.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a value (not undefined/false) or the time is up. */
export async function poll<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) {
        return value as T;
      }
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Runs a command from the Command Palette by its title, as a person would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 15_000 });
  await input.press('Enter');
}

/** The quick input's visible rows (labels), once it shows at least one. */
export async function quickPickRows(page: Page, timeoutMs = 20_000): Promise<string[]> {
  return poll(
    'quick pick rows',
    async () => {
      const rows = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts();
      return rows.length ? rows : undefined;
    },
    timeoutMs,
  );
}

/** Picks the quick pick row that contains `text`. */
export async function pick(page: Page, text: string, timeoutMs = 20_000): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: timeoutMs });
  await row.click();
}

/** Types into the quick input (an input box step) and accepts. */
export async function typeIntoQuickInput(page: Page, text: string, options: { prompt?: string; clear?: boolean } = {}): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  if (options.prompt) {
    await widget.locator('.quick-input-message, .quick-input-title, .quick-input-description', { hasText: options.prompt }).first().waitFor({ timeout: 20_000 });
  }
  const input = widget.locator('input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  if (options.clear !== false) {
    await input.fill(text);
  } else {
    await input.type(text);
  }
  await input.press('Enter');
}

/**
 * Right-clicks an Explorer row by its label and picks a context menu entry. Menus fill in
 * as extensions activate, so it opens the menu again until the entry is there.
 */
export async function explorerContextMenu(page: Page, rowLabel: string, entry: string): Promise<void> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: rowLabel }) }).first();
  await row.waitFor({ timeout: 30_000 });
  const item = page.locator('.monaco-menu .action-item', { hasText: entry }).first();
  await poll(`"${entry}" in the context menu of ${rowLabel}`, async () => {
    await page.keyboard.press('Escape');
    await row.click({ button: 'right' });
    return item.waitFor({ timeout: 2000 }).then(() => true, () => false);
  }, 30_000, 500);
  await item.click();
}

export function statusBarItem(page: Page, text: RegExp): Locator {
  return page.locator('.statusbar-item', { hasText: text }).first();
}

/** The extension's engine item in the status bar, whatever it says right now. */
export function engineStatusItem(page: Page): Locator {
  return page.locator('.statusbar-item[id$=".containerWorkflows.engine"]');
}

/** Waits until the engine item's text matches, and returns that text. */
export async function waitForEngineStatus(page: Page, text: RegExp, timeoutMs = 60_000): Promise<string> {
  return poll(`the engine status to match ${text}`, async () => {
    const current = await engineStatusItem(page).innerText({ timeout: 1000 });
    return text.test(current) ? current : undefined;
  }, timeoutMs);
}

/** Opens the Notification Center (the smoke-test driver hides toasts) and returns its texts. */
export async function notificationTexts(page: Page): Promise<string[]> {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible().catch(() => false))) {
    await runCommand(page, 'Notifications: Show Notifications');
    await center.waitFor({ state: 'visible', timeout: 10_000 });
  }
  return page.locator('.notifications-center .notification-list-item-message').allInnerTexts();
}

export async function waitForNotification(page: Page, text: RegExp, timeoutMs = 60_000): Promise<string> {
  return poll(`a notification matching ${text}`, async () => (await notificationTexts(page)).find((t) => text.test(t)), timeoutMs, 500);
}

/** Clicks a button of the notification whose message matches. */
export async function clickNotificationButton(page: Page, message: RegExp, button: string): Promise<void> {
  await waitForNotification(page, message);
  const item = page.locator('.notifications-center .notification-list-item', { hasText: message }).first();
  await item.locator('.monaco-button', { hasText: button }).first().click();
}

/** The content frame of a webview (outer iframe, then #active-frame); the last one opened by default. */
export function webviewFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').last().contentFrame().frameLocator('#active-frame');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** A workspace folder for one test, with whatever files it needs. */
export function makeWorkspace(name: string, files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cw-ws-${name}-`));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}
