/** The catalog as the VS Code side sees it: bundled templates plus the user's folders. */
import * as path from 'node:path';
import { type Catalog, loadCatalog } from './catalog';

export function bundledTemplatesDir(extensionPath: string): string {
  return path.join(extensionPath, 'templates');
}

export function loadTemplates(extensionPath: string, userRoots: string[]): Catalog {
  return loadCatalog(bundledTemplatesDir(extensionPath), userRoots);
}
