/**
 * Which files are compose files: the names compose itself looks for (compose.yaml,
 * compose.yml, docker-compose.yml, docker-compose.yaml) and the `NAME.compose.yaml` /
 * `NAME.compose.yml` convention for extra ones. One pattern, used by the matcher here and
 * written into package.json's `when` clauses (`resourceFilename =~ /…/`), so a menu entry
 * and the command's own check can never disagree (a unit test holds them together).
 */

/** The regular expression source, for `resourceFilename =~ /…/` and for the matcher. */
export const COMPOSE_FILE_NAME_PATTERN = '^(compose|docker-compose)\\.ya?ml$|^.+\\.compose\\.ya?ml$';

/** The same set as a glob, for `workspace.findFiles` and file watchers. */
export const COMPOSE_FILE_GLOB = '**/{compose.yaml,compose.yml,docker-compose.yaml,docker-compose.yml,*.compose.yaml,*.compose.yml}';

/** The names compose picks by itself in a folder, in its order of preference. */
export const DEFAULT_COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

const matcher = new RegExp(COMPOSE_FILE_NAME_PATTERN);

/** True for a compose file's name (the base name, not a path); case matters, as for compose. */
export function isComposeFileName(name: string): boolean {
  return matcher.test(name);
}

/** True for a path whose last part is a compose file's name (either separator). */
export function isComposeFilePath(filePath: string): boolean {
  const base = filePath.split(/[\\/]/).pop() ?? '';
  return isComposeFileName(base);
}
