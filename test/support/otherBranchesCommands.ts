/**
 * Commands the walkthrough names (its completionEvents and its step buttons) that other
 * branches add: registries (pull, tag, push, log in) and interactive shells. They are not
 * contributed on this branch yet, so the tests that hold every named command to package.json
 * let exactly these through. The integrator deletes this list once those branches are merged
 * (and renames an id here and in package.json / package.nls.json if it landed under another name).
 */
export const COMMANDS_OF_OTHER_BRANCHES: readonly string[] = [
  'containerWorkflows.images.pull',
  'containerWorkflows.images.tag',
  'containerWorkflows.images.push',
  'containerWorkflows.registries.logIn',
  'containerWorkflows.containers.openShell',
];
