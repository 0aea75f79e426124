import * as assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { EngineEvent } from '../../src/engine/engine';
import type { StreamState } from '../../src/engine/eventHub';
import { Emitter } from '../../src/util/emitter';
import { type EngineEventSource, SidebarRefreshManager, listAffectedBy } from '../../src/views/refreshManager';

function event(type: EngineEvent['type'], action: string): EngineEvent {
  return { type, action, id: 'x', time: new Date(), attributes: {} };
}

/** An event source the test drives by hand, counting subscriptions. */
class ManualEvents implements EngineEventSource {
  readonly events = new Emitter<EngineEvent>();
  readonly states = new Emitter<StreamState>();
  subscribers = 0;
  subscribe(onEvent: (e: EngineEvent) => void, onState?: (s: StreamState) => void) {
    this.subscribers++;
    const a = this.events.event(onEvent);
    const b = onState ? this.states.event(onState) : undefined;
    return {
      dispose: () => {
        this.subscribers--;
        a.dispose();
        b?.dispose();
      },
    };
  }
}

class CountingList {
  count = 0;
  async refresh(): Promise<void> {
    this.count++;
  }
}

describe('listAffectedBy', () => {
  it('routes container, image, volume and network events; ignores exec, attach and the rest', () => {
    assert.equal(listAffectedBy(event('container', 'start')), 'containers');
    assert.equal(listAffectedBy(event('container', 'die')), 'containers');
    assert.equal(listAffectedBy(event('container', 'destroy')), 'containers');
    assert.equal(listAffectedBy(event('container', 'health_status: healthy')), 'containers');
    assert.equal(listAffectedBy(event('container', 'exec_start: sh')), undefined);
    assert.equal(listAffectedBy(event('container', 'attach')), undefined);
    assert.equal(listAffectedBy(event('image', 'tag')), 'images');
    assert.equal(listAffectedBy(event('image', 'delete')), 'images');
    assert.equal(listAffectedBy(event('network', 'connect')), 'networks');
    assert.equal(listAffectedBy(event('network', 'destroy')), 'networks');
    assert.equal(listAffectedBy(event('volume', 'create')), 'volumes');
    assert.equal(listAffectedBy(event('volume', 'unmount')), 'volumes');
    assert.equal(listAffectedBy(event('other', 'reload')), undefined);
  });
});

describe('SidebarRefreshManager with the Volumes view', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('loads the volumes when their view shows, and again on a volume event', () => {
    const events = new ManualEvents();
    const volumes = new CountingList();
    const containers = new CountingList();
    const manager = new SidebarRefreshManager(events, { containers, volumes }, { debounceMs: 100, maxAgeMs: 0 });
    manager.setVisible('volumes', true);
    assert.equal(volumes.count, 1);
    events.events.fire(event('volume', 'create'));
    mock.timers.tick(100);
    assert.equal(volumes.count, 2);
    assert.equal(containers.count, 0);
    manager.dispose();
  });
});

describe('SidebarRefreshManager', () => {
  let events: ManualEvents;
  let containers: CountingList;
  let images: CountingList;
  let manager: SidebarRefreshManager;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] });
    events = new ManualEvents();
    containers = new CountingList();
    images = new CountingList();
    manager = new SidebarRefreshManager(events, { containers, images }, { debounceMs: 500 });
  });

  afterEach(() => {
    manager.dispose();
    mock.timers.reset();
  });

  it('does nothing until a view is visible: no load, no stream', () => {
    events.events.fire(event('container', 'start'));
    mock.timers.tick(1000);
    assert.equal(events.subscribers, 0);
    assert.equal(containers.count, 0);
  });

  it('a view becoming visible loads it and opens the stream; all hidden closes it', () => {
    manager.setVisible('containers', true);
    assert.equal(containers.count, 1);
    assert.equal(images.count, 0, 'the hidden Images view waits');
    assert.equal(events.subscribers, 1);
    manager.setVisible('images', true);
    assert.equal(images.count, 1);
    assert.equal(events.subscribers, 1, 'one stream for both views');
    manager.setVisible('containers', false);
    assert.equal(events.subscribers, 1);
    manager.setVisible('images', false);
    assert.equal(events.subscribers, 0);
    assert.equal(manager.listening, false);
  });

  it('a lone event reloads at once, and the window it opens ends with nothing to do', () => {
    manager.setVisible('containers', true);
    const before = containers.count;
    events.events.fire(event('container', 'start'));
    assert.equal(containers.count, before + 1, 'reloaded without waiting for the window');
    mock.timers.tick(2000);
    assert.equal(containers.count, before + 1, 'no event in the window: no second reload');
    events.events.fire(event('container', 'die'));
    assert.equal(containers.count, before + 2, 'the window has closed: the next event reloads at once too');
  });

  it('a burst is coalesced: one reload at its first event, one when the window ends', () => {
    manager.setVisible('containers', true);
    const before = containers.count;
    for (let i = 0; i < 10; i++) {
      events.events.fire(event('container', 'start'));
      mock.timers.tick(40);
    }
    assert.equal(containers.count, before + 1, 'the nine events after the first wait for the window');
    mock.timers.tick(100);
    assert.equal(containers.count, before + 2, 'one reload for all nine, when the window ends');
    mock.timers.tick(1000);
    assert.equal(containers.count, before + 2);
    assert.equal(images.count, 0);
  });

  it('a steady trickle of events is one reload per window: never postponed, never more', () => {
    manager.setVisible('containers', true);
    const before = containers.count;
    for (let i = 0; i < 30; i++) {
      events.events.fire(event('container', 'die'));
      mock.timers.tick(100);
    }
    // 3 s of events: the first at once, then one per 500 ms window.
    assert.equal(containers.count - before, 7);
  });

  it('a reload asked for by hand inside a window takes its coalesced events with it', () => {
    manager.setVisible('containers', true);
    const before = containers.count;
    events.events.fire(event('container', 'start'));
    events.events.fire(event('container', 'start'));
    manager.refreshNow('containers');
    assert.equal(containers.count, before + 2);
    mock.timers.tick(1000);
    assert.equal(containers.count, before + 2, 'nothing left over for the end of the window');
  });

  it('events for a hidden view mark it stale; it reloads when shown again', () => {
    manager.setVisible('containers', true);
    manager.setVisible('images', false);
    events.events.fire(event('image', 'tag'));
    mock.timers.tick(600);
    assert.equal(images.count, 0);
    manager.setVisible('images', true);
    assert.equal(images.count, 1);
  });

  it('after all views were hidden (stream closed), showing one reloads it: events were missed', () => {
    manager.setVisible('containers', true);
    manager.setVisible('containers', false);
    manager.setVisible('containers', true);
    assert.equal(containers.count, 2);
  });

  it('the stream breaking reloads at once, and so does it coming back', () => {
    const states: StreamState[] = [];
    manager.dispose();
    manager = new SidebarRefreshManager(events, { containers, images }, { onStreamState: (s) => states.push(s) });
    manager.setVisible('containers', true);
    const before = containers.count;
    events.states.fire('disconnected');
    assert.equal(containers.count, before + 1);
    events.states.fire('connected');
    assert.equal(containers.count, before + 2);
    assert.deepEqual(states, ['disconnected', 'connected']);
  });

  it('a visible list reloads once a minute without events (relative times in its rows), a hidden one never', () => {
    manager.setVisible('containers', true);
    assert.equal(containers.count, 1);
    mock.timers.tick(59_000);
    assert.equal(containers.count, 1);
    mock.timers.tick(1_000);
    assert.equal(containers.count, 2, 'a minute old: reloaded');
    mock.timers.tick(60_000);
    assert.equal(containers.count, 3);
    assert.equal(images.count, 0, 'the hidden Images view is not reloaded');

    manager.setVisible('containers', false);
    mock.timers.tick(10 * 60_000);
    assert.equal(containers.count, 3, 'nothing runs while hidden');
  });

  it('an event-driven reload restarts the minute', () => {
    manager.setVisible('containers', true);
    mock.timers.tick(40_000);
    events.events.fire(event('container', 'start'));
    assert.equal(containers.count, 2);
    mock.timers.tick(59_500);
    assert.equal(containers.count, 2, 'the list is 59.5 s old, not a minute');
    mock.timers.tick(500);
    assert.equal(containers.count, 3);
  });

  it('dispose closes the stream and cancels pending refreshes', () => {
    manager.setVisible('containers', true);
    events.events.fire(event('container', 'start'));
    events.events.fire(event('container', 'start'));
    const before = containers.count;
    manager.dispose();
    mock.timers.tick(2 * 60_000);
    assert.equal(containers.count, before, 'neither the debounced nor the minute reload runs');
    assert.equal(events.subscribers, 0);
  });
});
