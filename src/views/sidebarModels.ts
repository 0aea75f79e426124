/**
 * The sidebar without the editor: the two lists, the refresh manager that keeps them fresh
 * from the event stream, and how they follow the engine monitor. the Sidebar puts trees
 * on top; the integration tests use exactly this against a real engine.
 */
import type { EngineMonitor, EngineStatus } from '../engine/engineMonitor';
import type { StreamState } from '../engine/eventHub';
import type { Disposable } from '../util/emitter';
import { type ContainersModel, type ImagesModel, createContainersModel, createImagesModel } from './listModel';
import { type EngineEventSource, SidebarRefreshManager } from './refreshManager';

export interface SidebarModels extends Disposable {
  readonly containers: ContainersModel;
  readonly images: ImagesModel;
  readonly refresher: SidebarRefreshManager;
}

export interface SidebarModelOptions {
  debounceMs?: number;
  timeoutMs?: number;
}

type MonitorLike = Pick<EngineMonitor, 'engine' | 'check' | 'reportUnavailable' | 'onDidChangeStatus'>;

export function createSidebarModels(monitor: MonitorLike, events: EngineEventSource, options: SidebarModelOptions = {}): SidebarModels {
  const engine = () => monitor.engine;
  const listOptions = {
    timeoutMs: options.timeoutMs,
    // A list that cannot reach the engine tells the monitor: the status bar and the
    // `containerWorkflows:engineState` key (which picks the views' welcome help) follow.
    onUnavailable: (error: Parameters<MonitorLike['reportUnavailable']>[0]) => monitor.reportUnavailable(error),
  };
  const containers = createContainersModel(engine, listOptions);
  const images = createImagesModel(engine, listOptions);
  const refresher = new SidebarRefreshManager(
    events,
    { containers, images },
    {
      debounceMs: options.debounceMs,
      // The stream broke or came back: ping, so everyone agrees on whether the engine answers.
      onStreamState: (_state: StreamState) => void monitor.check().catch(() => undefined),
    },
  );
  const statusSubscription = monitor.onDidChangeStatus((status: EngineStatus) => {
    if (status.state === 'connected') {
      refresher.refreshAll();
    } else if (status.state === 'unavailable') {
      containers.markUnavailable(status.problem);
      images.markUnavailable(status.problem);
    }
  });
  return {
    containers,
    images,
    refresher,
    dispose: () => {
      statusSubscription.dispose();
      refresher.dispose();
      containers.dispose();
      images.dispose();
    },
  };
}
