/**
 * Keeps the sidebar's lists fresh from the engine's event stream, and only while someone
 * looks. Pure (no `vscode`): the Sidebar feeds it the views' visibility.
 *
 * - A view becoming visible loads its list if it is stale (never loaded, or events were
 *   missed while it was hidden), and opens the event stream; when no view is visible the
 *   stream is closed: no polling, no stream, nothing runs.
 * - An engine event reloads the list it concerns at once (a container started outside
 *   shows without waiting), then opens a window (500 ms): events within it are coalesced
 *   into one more reload when it ends, so a `docker compose up` of ten containers is two
 *   reloads, the last one seeing them all, and a steady trickle is one reload per window.
 * - The stream breaking (engine gone) reloads at once, so the views learn the engine is
 *   unreachable; the stream coming back reloads too (events were missed meanwhile).
 * - A visible list is never older than a minute: rows say "Up 5 minutes" and "3 hours
 *   ago", and time passing sends no event. One list call a minute, only while shown.
 */
import type { EngineEvent } from '../engine/engine';
import type { StreamState } from '../engine/eventHub';
import type { Disposable } from '../util/emitter';

export type SidebarList = 'containers' | 'images' | 'volumes' | 'networks';

export interface EngineEventSource {
  subscribe(onEvent: (event: EngineEvent) => void, onState?: (state: StreamState) => void): Disposable;
}

export interface Refreshable {
  refresh(): Promise<void>;
}

export interface RefreshManagerOptions {
  debounceMs?: number;
  /** A visible list reloads when it is this old (relative times in its rows); 0: never. */
  maxAgeMs?: number;
  /** Told when the event stream breaks or comes back (the Sidebar re-checks the engine). */
  onStreamState?: (state: StreamState) => void;
}

const containerActions = new Set([
  'create',
  'destroy',
  'die',
  'kill',
  'oom',
  'pause',
  'unpause',
  'rename',
  'restart',
  'start',
  'stop',
  'update',
]);
const imageActions = new Set(['delete', 'import', 'load', 'pull', 'tag', 'untag', 'prune']);
// mount/unmount and connect/disconnect: a container started or gone changes who uses a volume or network.
const volumeActions = new Set(['create', 'destroy', 'mount', 'unmount', 'prune']);
const networkActions = new Set(['create', 'destroy', 'connect', 'disconnect', 'remove', 'prune']);

/** Which list an event changes; undefined for the many that change neither (exec_*, attach, …). */
export function listAffectedBy(event: EngineEvent): SidebarList | undefined {
  if (event.type === 'container') {
    // "health_status: healthy" changes the status text; exec_create/exec_start/attach do not.
    return containerActions.has(event.action) || event.action.startsWith('health_status') ? 'containers' : undefined;
  }
  if (event.type === 'image') {
    return imageActions.has(event.action) ? 'images' : undefined;
  }
  if (event.type === 'volume') {
    return volumeActions.has(event.action) ? 'volumes' : undefined;
  }
  if (event.type === 'network') {
    return networkActions.has(event.action) ? 'networks' : undefined;
  }
  return undefined;
}

function clearTimer(timers: Map<SidebarList, ReturnType<typeof setTimeout>>, list: SidebarList): void {
  const timer = timers.get(list);
  if (timer) {
    clearTimeout(timer);
    timers.delete(list);
  }
}

export class SidebarRefreshManager implements Disposable {
  private subscription: Disposable | undefined;
  private readonly visible = new Set<SidebarList>();
  private readonly stale: Set<SidebarList>;
  /** The open coalescing window of each list (see schedule). */
  private readonly timers = new Map<SidebarList, ReturnType<typeof setTimeout>>();
  /** Lists an event asked to reload while their window was open. */
  private readonly coalesced = new Set<SidebarList>();
  private readonly ageTimers = new Map<SidebarList, ReturnType<typeof setTimeout>>();
  private readonly debounceMs: number;
  private readonly maxAgeMs: number;
  private disposed = false;

  constructor(
    private readonly events: EngineEventSource,
    /** The lists there are (the containers and images, and the volumes and networks where shown). */
    private readonly lists: Partial<Record<SidebarList, Refreshable>>,
    private readonly options: RefreshManagerOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 500;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.stale = new Set(this.names());
  }

  private names(): SidebarList[] {
    return Object.keys(this.lists) as SidebarList[];
  }

  /** True while the event stream is subscribed (some view is visible). */
  get listening(): boolean {
    return this.subscription !== undefined;
  }

  setVisible(list: SidebarList, visible: boolean): void {
    if (this.disposed) return;
    if (visible) {
      this.visible.add(list);
      if (this.stale.has(list)) this.refreshNow(list);
    } else {
      this.visible.delete(list);
      this.cancel(list);
      this.clearAgeTimer(list);
    }
    this.updateSubscription();
  }

  /** Reload now what is visible; what is hidden reloads when it shows again. */
  refreshAll(): void {
    for (const list of this.names()) this.refreshNow(list);
  }

  refreshNow(list: SidebarList): void {
    this.cancel(list);
    if (!this.visible.has(list)) {
      this.stale.add(list);
      return;
    }
    this.stale.delete(list);
    this.armAgeTimer(list);
    void this.lists[list]?.refresh().catch(() => undefined);
  }

  /** Any reload restarts the clock, so a list busy with events is not reloaded for age too. */
  private armAgeTimer(list: SidebarList): void {
    this.clearAgeTimer(list);
    if (this.maxAgeMs <= 0) return;
    this.refreshLater(this.ageTimers, list, this.maxAgeMs);
  }

  private clearAgeTimer(list: SidebarList): void {
    clearTimer(this.ageTimers, list);
  }

  /** A refresh now, or at the end of the open window if one ran within `debounceMs`. */
  schedule(list: SidebarList): void {
    if (!this.visible.has(list)) {
      this.stale.add(list);
      return;
    }
    if (this.timers.has(list)) {
      this.coalesced.add(list);
      return;
    }
    this.refreshNow(list);
    this.openWindow(list);
  }

  /** Events until it ends are coalesced; if there were any, one reload and a new window. */
  private openWindow(list: SidebarList): void {
    this.timers.set(
      list,
      setTimeout(() => {
        this.timers.delete(list);
        if (!this.coalesced.delete(list)) return;
        this.refreshNow(list);
        this.openWindow(list);
      }, this.debounceMs),
    );
  }

  private refreshLater(timers: Map<SidebarList, ReturnType<typeof setTimeout>>, list: SidebarList, ms: number): void {
    timers.set(
      list,
      setTimeout(() => {
        timers.delete(list);
        this.refreshNow(list);
      }, ms),
    );
  }

  private cancel(list: SidebarList): void {
    clearTimer(this.timers, list);
    this.coalesced.delete(list);
  }

  private updateSubscription(): void {
    if (this.visible.size > 0 && !this.subscription) {
      this.subscription = this.events.subscribe(
        (event) => {
          const list = listAffectedBy(event);
          if (list) this.schedule(list);
        },
        (state) => this.onStreamState(state),
      );
    } else if (this.visible.size === 0 && this.subscription) {
      this.subscription.dispose();
      this.subscription = undefined;
      // Whatever happens while nobody listens is missed: load again when a view shows.
      for (const list of this.names()) this.stale.add(list);
    }
  }

  private onStreamState(state: StreamState): void {
    this.options.onStreamState?.(state);
    if (state === 'disconnected') {
      this.refreshAll();
    } else {
      for (const list of this.names()) this.schedule(list);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const list of [...this.timers.keys()]) this.cancel(list);
    for (const list of [...this.ageTimers.keys()]) this.clearAgeTimer(list);
    this.subscription?.dispose();
    this.subscription = undefined;
    this.visible.clear();
  }
}
