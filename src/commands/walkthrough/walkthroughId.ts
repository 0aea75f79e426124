/** The walkthrough's id in package.json (contributes.walkthroughs); VS Code names it `<extension id>#<this>`. No vscode. */
export const WALKTHROUGH_ID = 'containerWorkflows.gettingStarted';

/** Set once a video has loaded in the preview; the walkthrough's video step completes on it (onContext). */
export const VIDEO_PREVIEWED_CONTEXT = 'containerWorkflows:videoPreviewed';
