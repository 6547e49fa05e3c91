/** The page's live store: the REST sync, fed by the socket's hints; React reads it by subscribing. */

import { openLive } from "../live/socket";
import { createSync, type Snapshot, type Sync } from "../live/sync";

export interface PageState extends Snapshot {
  connected: boolean;
  /** The socket was refused (4401, 4403…): the page stays as it is. */
  refused?: number;
}

export interface LiveStore {
  subscribe(listener: () => void): () => void;
  get(): PageState;
  /** Resolves with the first complete fetch. */
  ready: Promise<void>;
  refresh(): void;
}

export function createLiveStore(executionId: string): LiveStore {
  let state: PageState = { events: new Map(), failing: false, connected: false };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<PageState>) => {
    state = { ...state, ...patch };
    listeners.forEach((listener) => listener());
  };
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const sync: Sync = createSync(executionId, (snapshot) => {
    set(snapshot);
    if (snapshot.execution) resolveReady();
  });
  openLive({
    path: `/ws/executions/${encodeURIComponent(executionId)}/`,
    onChanges: (changes) => sync.onChanges(changes),
    catchUp: () => sync.request(),
    onConnection: (connected, refused) => set({ connected, refused }),
  });
  sync.request();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get: () => state,
    ready,
    refresh: () => sync.request(),
  };
}
