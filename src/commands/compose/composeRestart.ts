import { composeLifecycle } from './composeLifecycle';

/** Compose Restart: every service of the file or project restarts (a stopped one starts). */
export const composeRestart = composeLifecycle('restart');

/** Compose Start: the project's stopped services start again (their containers are kept by Stop). */
export const composeStart = composeLifecycle('start');

/** Compose Stop: the project's services stop; their containers, networks and volumes stay. */
export const composeStop = composeLifecycle('stop');
