/**
 * Steps through a tree of the side bar by row labels, for the Files nodes of containers
 * and volumes. A click goes where the row was when it was measured: a list that redraws
 * meanwhile (a reload of the containers on a busy engine, the view's scope switched) can
 * move another row under the pointer, and that click collapses the neighbour instead. So
 * each step looks at the rows' state again and clicks only a row that is still collapsed
 * or a file that is still not open, never on a timer.
 */
import type { Locator, Page } from 'playwright-core';
import { poll, treeRows, viewPane, withDiagnostics } from './harness/workbench';

export function treeRow(page: Page, viewTitle: string, label: RegExp): Locator {
  return viewPane(page, viewTitle)
    .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: label }) })
    .first();
}

/** Expands every row along `path` (labels from the top down), until the last one is expanded. */
export async function expandAlong(page: Page, viewTitle: string, path: RegExp[], timeoutMs = 120_000): Promise<void> {
  const what = `the rows ${path.join(' > ')} expanded in ${viewTitle}`;
  await withDiagnostics(page, what, async () => {
    try {
      await poll(
        what,
        async () => {
          for (const label of path) {
            const row = treeRow(page, viewTitle, label);
            if ((await row.count()) === 0) return false;
            if ((await row.getAttribute('aria-expanded', { timeout: 1000 })) === 'false') {
              await row.click({ timeout: 5000 });
              return false;
            }
          }
          return true;
        },
        timeoutMs,
        1000,
      );
    } catch (err) {
      (err as Error).message += `\nrows of ${viewTitle}: ${JSON.stringify(await treeRows(page, viewTitle).catch(() => []))}`;
      throw err;
    }
  });
}

/** Clicks a file row (it opens in an editor) until an editor tab with its name is the active one. */
export async function openFileRow(page: Page, viewTitle: string, label: RegExp, tabName: string, timeoutMs = 60_000): Promise<void> {
  const tab = page.locator('.tabs-container .tab.active');
  await withDiagnostics(page, `${tabName} open from ${viewTitle}`, () =>
    poll(
      `${tabName} open in an editor`,
      async () => {
        if (((await tab.getAttribute('aria-label', { timeout: 500 }).catch(() => '')) ?? '').includes(tabName)) return true;
        const row = treeRow(page, viewTitle, label);
        if ((await row.count()) > 0) await row.click({ timeout: 5000 });
        return false;
      },
      timeoutMs,
      1000,
    ),
  );
}
