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
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
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
export async function poll<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) {
        return value;
      }
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Runs a command from the Command Palette by its title, as a person would. The palette
 * lists the commands known when it opens, and an extension's contributions arrive a moment
 * after the workbench, so it opens the palette again until the command is listed.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await poll(
    `"${title}" in the Command Palette`,
    async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(`>${title}`);
      return row.waitFor({ timeout: 3_000 }).then(
        () => true,
        () => false,
      );
    },
    45_000,
    500,
  );
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

/**
 * Picks the quick pick row that contains `text`, the way a keyboard user does: type it into
 * the filter, see that the highlighted row is the one (`row` tells it apart when several
 * rows contain the text), press Enter. Mouse clicks are not used: the list measures its
 * rows after drawing them, and a click can land on the neighbour.
 */
export async function pick(page: Page, text: string, row?: RegExp, timeoutMs = 20_000): Promise<void> {
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await withDiagnostics(page, `the quick pick row "${text}"`, () => rows.filter({ hasText: text }).first().waitFor({ timeout: timeoutMs }));
  const input = page.locator('.quick-input-widget input');
  await input.fill(text);
  const wanted = row ?? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  await withDiagnostics(page, `"${text}" highlighted`, () =>
    poll(
      `the row ${wanted} highlighted`,
      async () => {
        const focused = await rows
          .and(page.locator('.focused'))
          .first()
          .innerText({ timeout: 500 })
          .catch(() => '');
        if (wanted.test(focused)) return true;
        await input.press('ArrowDown');
        return false;
      },
      10_000,
      150,
    ),
  );
  await input.press('Enter');
}

/**
 * On failure, keeps a screenshot and adds what the quick input showed to the error, so a
 * failure in CI can be understood from its log and artifacts.
 */
export async function withDiagnostics<T>(page: Page, what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    const shot = await screenshot(page, `failure-${Date.now()}`).catch(() => 'none');
    const menu = await page
      .locator('.monaco-menu')
      .allInnerTexts()
      .catch(() => []);
    const focus = await page
      .evaluate(() => {
        const active = (globalThis as unknown as { document: { activeElement: { tagName: string; className: string } | null } }).document
          .activeElement;
        return active ? `${active.tagName}.${String(active.className).split(' ').join('.')}` : 'none';
      })
      .catch(() => 'unknown');
    const widget = page.locator('.quick-input-widget');
    const shown = (await widget.isVisible().catch(() => false))
      ? (await widget.innerText({ timeout: 1000 }).catch(() => '')).replace(/\s+/g, ' ').slice(0, 600)
      : '(no quick input)';
    const dialog = await page
      .locator('.monaco-dialog-box')
      .innerText({ timeout: 500 })
      .catch(() => '');
    const notifications = await notificationTexts(page).catch(() => []);
    (err as Error).message +=
      `\nwaiting for ${what}; context menu: ${menu.length ? menu.join(' | ').replace(/\s+/g, ' ').slice(0, 400) : '(none)'}; focus: ${focus}; quick input: ${shown}${dialog ? `; dialog: ${dialog.replace(/\s+/g, ' ')}` : ''}; notifications: ${JSON.stringify(notifications).slice(0, 800)}; screenshot: ${shot}`;
    throw err;
  }
}

/**
 * Types a path into VS Code's own file dialog (a quick input in the browser) and accepts it.
 * The dialog sets its value to the folder it starts in once it has read that folder, and it
 * highlights the file a path names only on a change made after the listing arrived; either
 * can come after a first keystroke. So: type until the value holds, and until the file is
 * highlighted (one more change, as a person typing makes), then Enter.
 */
export async function enterPathInFileDialog(page: Page, target: string, timeoutMs = 30_000): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  const name = path.basename(target);
  await withDiagnostics(page, `${name} highlighted in the file dialog`, () =>
    poll(
      `${name} highlighted in the file dialog`,
      async () => {
        if ((await input.inputValue()) !== target) {
          await input.fill(target.slice(0, -1));
          await input.press(target.slice(-1));
          return false;
        }
        if ((await rows.and(page.locator('.focused')).filter({ hasText: name }).count()) > 0) return true;
        if ((await rows.filter({ hasText: name }).count()) > 0) {
          await input.press('Backspace');
          await input.press(target.slice(-1));
        }
        return false;
      },
      timeoutMs,
      500,
    ),
  );
  await input.press('Enter');
}

/**
 * Picks a folder in VS Code's own file dialog (a folder pick, as Download… asks "into…").
 * Enter there picks the folder in the box only when no row is highlighted (on a highlighted
 * folder row it opens that folder instead), and only when the list shows that folder: with
 * a path typed while the dialog's first listing was still arriving, the list stays on the
 * folder it started in, and Enter lists the typed folder, leaving the dialog open. So: type
 * only once the first listing is in (the box then holds the start folder, often the one
 * wanted), and press Enter, with no row highlighted, until the dialog is gone. `title`
 * tells this dialog from another.
 */
export async function acceptFolderInFileDialog(page: Page, folder: string, title: string, timeoutMs = 30_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  const rows = widget.locator('.quick-input-list .monaco-list-row');
  const titled = widget.locator('.quick-input-title', { hasText: title });
  const wanted = folder.endsWith('/') ? folder : `${folder}/`;
  await waitForQuickInputPrompt(page, title, timeoutMs);
  await withDiagnostics(page, `${folder} picked in the file dialog`, async () => {
    // The first listing: at least the way up (`..`).
    await rows.first().waitFor({ timeout: timeoutMs });
    await poll(
      `${folder} picked in the file dialog`,
      async () => {
        if (!(await titled.isVisible())) return true;
        if ((await input.inputValue()) !== wanted) {
          await input.fill(wanted.slice(0, -1));
          await input.press('/');
        } else if ((await rows.and(page.locator('.focused')).count()) === 0) {
          await input.press('Enter');
        }
        return false;
      },
      timeoutMs,
      1000,
    );
  });
}

/**
 * Waits until the quick input shows `prompt` (its title, prompt or message). Steps replace
 * each other in the same widget, so without this a test could type into the step before.
 */
export async function waitForQuickInputPrompt(page: Page, prompt: string, timeoutMs = 20_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await withDiagnostics(page, `the prompt "${prompt}"`, () =>
    widget
      .locator('.quick-input-message, .quick-input-title, .quick-input-description', { hasText: prompt })
      .first()
      .waitFor({ timeout: timeoutMs }),
  );
}

/** Types into the input box step that shows `prompt`, and accepts. */
export async function typeIntoQuickInput(page: Page, prompt: string, text: string): Promise<void> {
  await waitForQuickInputPrompt(page, prompt);
  const input = page.locator('.quick-input-widget input');
  await input.fill(text);
  await input.press('Enter');
}

/** Right-clicks an Explorer row by its label and picks a context menu entry. */
export async function explorerContextMenu(page: Page, rowLabel: string, entry: string): Promise<void> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: rowLabel }) }).first();
  await rowContextMenu(page, row, entry);
}

/** Waits for a modal dialog, clicks one of its buttons and returns the dialog's text. */
export async function clickDialogButton(page: Page, button: string, timeoutMs = 30_000): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: timeoutMs });
  const text = await dialog.innerText();
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: button }).first().click();
  await dialog.waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  return text;
}

/** The text the visible terminal shows (xterm's rows, or its accessibility tree). */
export async function terminalText(page: Page): Promise<string> {
  const rows = await page
    .locator('.terminal-wrapper.active .xterm-rows, .xterm .xterm-rows')
    .allInnerTexts()
    .catch(() => []);
  const a11y = await page
    .locator('.xterm .xterm-accessibility-tree')
    .allInnerTexts()
    .catch(() => []);
  return [...rows, ...a11y].join('\n');
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
  return poll(
    `the engine status to match ${text}`,
    async () => {
      const current = await engineStatusItem(page).innerText({ timeout: 1000 });
      return text.test(current) ? current : undefined;
    },
    timeoutMs,
  );
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

/**
 * Waits until a <video> has all it needs and has stopped fetching, then for Chromium's
 * loading spinner to fade (measured: gone within 1 s of readyState 4). A screenshot taken
 * as soon as a frame shows (readyState 2) has the spinner over the picture.
 */
export async function videoLoaded(video: Locator, timeoutMs = 15_000): Promise<void> {
  await poll(
    'the video to finish loading',
    () =>
      video.evaluate((v: { readyState: number; networkState: number }) => v.readyState === 4 && v.networkState !== 2, undefined, {
        timeout: 1000,
      }),
    timeoutMs,
    200,
  );
  await new Promise((resolve) => setTimeout(resolve, 1200));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * A screenshot for the README: kept in .test-artifacts/readme/, from where
 * scripts/readme-screenshots.sh shrinks it into media/readme/ (the tests never write the
 * source tree).
 */
export async function readmeScreenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(artifactsDir, 'readme');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Hides today's VS Code's secondary side bar (empty here) for a picture of the rest; a no-op where there is none. */
export async function hideSecondarySideBar(page: Page): Promise<void> {
  if (await page.locator('.part.auxiliarybar').isVisible()) await runCommand(page, 'View: Hide Secondary Side Bar');
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

/** Opens a view container of the activity bar (an extension's sidebar) by its title. */
export async function openActivityBarContainer(page: Page, title: string): Promise<void> {
  const item = page.locator(`.activitybar .action-label[aria-label^="${title}"]`).first();
  await item.waitFor({ timeout: 60_000 });
  // Clicking the active container's item would close the side bar: only click when closed.
  const expanded = await page.locator('.activitybar .action-item.checked', { has: item }).count();
  if (expanded === 0) await item.click();
}

/** The pane of a side bar view, by the view's title ("Containers"). */
export function viewPane(page: Page, viewTitle: string): Locator {
  // By the header's title, not its aria-label: that one also carries the view's description.
  const title = new RegExp(`^${viewTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page.locator('.pane', { has: page.locator('.pane-header h3.title', { hasText: title }) }).first();
}

/** Opens a view of the side bar, or collapses it, by its header. */
export async function setViewExpanded(page: Page, title: string, expanded: boolean): Promise<void> {
  const header = viewPane(page, title).locator('.pane-header').first();
  await header.waitFor({ timeout: 60_000 });
  if (((await header.getAttribute('aria-expanded')) === 'true') !== expanded) await header.click();
}

/** The extension's views: only the named ones open, so their rows are in sight (a tree renders only what shows). */
export async function showOnlyViews(page: Page, open: string[]): Promise<void> {
  // By the pane, as both specs did before sharing this: with only openActivityBarContainer's own check (the
  // activity item's checked state), the Networks step of statsNetworks waited for a Containers pane that never showed.
  if (!(await viewPane(page, 'Containers').isVisible())) await openActivityBarContainer(page, 'Container Workflows');
  for (const title of ['Containers', 'Images', 'Volumes', 'Networks', 'Registries']) {
    await setViewExpanded(page, title, open.includes(title));
  }
}

/** The visible rows of a tree view, in order, as { label (aria-label), level (1 = root) }. */
export async function treeRows(page: Page, viewTitle: string): Promise<{ label: string; level: number }[]> {
  const rows = await viewPane(page, viewTitle)
    .locator('.monaco-list-row')
    .evaluateAll((els: { getAttribute(name: string): string | null }[]) =>
      els.map((e) => ({
        index: Number(e.getAttribute('data-index')),
        label: e.getAttribute('aria-label') ?? '',
        level: Number(e.getAttribute('aria-level') ?? '1'),
      })),
    );
  return rows.sort((a, b) => a.index - b.index).map(({ label, level }) => ({ label, level }));
}

/** Whether the keyboard focus is in an open context menu (VS Code may draw it in a shadow root). */
async function focusInMenu(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    type FocusedElement = { closest(selector: string): unknown; shadowRoot: { activeElement: FocusedElement | null } | null };
    let active = (globalThis as unknown as { document: { activeElement: FocusedElement | null } }).document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return !!active?.closest('.monaco-menu');
  });
}

/**
 * Right-clicks a row (any list or tree) and picks a context menu entry. Menus fill in as
 * extensions activate and contexts update, so it opens the menu again until the entry is there.
 */
export async function rowContextMenu(page: Page, row: Locator, entry: string): Promise<void> {
  await row.waitFor({ timeout: 30_000 });
  const label = new RegExp(`^${entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  // Enabled only: a command's `enablement` can still be false in the first moments of a window.
  const item = page.locator('.monaco-menu .action-item:not(.disabled)', { has: page.locator('.action-label', { hasText: label }) }).first();
  const focused = page.locator('.monaco-menu .action-item.focused .action-label');
  // Choose with the keyboard, as the menu may still lay itself out under the pointer. The
  // whole step repeats when the menu closes under it (a window still starting up can take
  // the focus, and a menu closes when it loses the focus).
  await withDiagnostics(page, `"${entry}" chosen in the context menu`, () =>
    poll(
      `"${entry}" chosen in the context menu`,
      async () => {
        // Escape closes a stale menu. Keys go to the menu only while it has the focus: one that
        // closed on its own hands the focus back to the list, where Escape clears the selection
        // and ArrowDown moves it, and a multi-row command would then act on one row.
        if (await focusInMenu(page)) await page.keyboard.press('Escape');
        await row.click({ button: 'right' });
        // A list that redraws under the pointer (a reload of the containers or images) puts the
        // click on a neighbour: its menu would act on the wrong row. A list row right-clicked
        // takes the focus, so the menu is used only when the wanted row has it.
        const onWantedRow = await row.evaluate(
          (el: { closest(selector: string): { classList: { contains(c: string): boolean } } | null }) => {
            const listRow = el.closest('.monaco-list-row');
            return !listRow || listRow.classList.contains('focused');
          },
        );
        const shown = await item.waitFor({ timeout: 2000 }).then(
          () => true,
          () => false,
        );
        if (!onWantedRow || !shown) return false;
        // The menu takes the focus as it opens; give it a moment before using the keyboard.
        for (let wait = 0; wait < 10 && !(await focusInMenu(page)); wait++) await new Promise((r) => setTimeout(r, 100));
        for (let step = 0; step < 30 && (await focusInMenu(page)); step++) {
          if (
            label.test(
              (
                await focused
                  .first()
                  .innerText({ timeout: 300 })
                  .catch(() => '')
              ).trim(),
            )
          ) {
            await page.keyboard.press('Enter');
            return true;
          }
          await page.keyboard.press('ArrowDown');
        }
        return false;
      },
      45_000,
      500,
    ),
  );
}
