/**
 * Keeps one execution's events and record in step with the REST API, the only source of truth.
 * The socket's messages are hints that ask for a fetch: one fetch is in flight at a time, and
 * hints arriving meanwhile make one more after it. No React.
 *
 * A hint costs one read of the history; the record is read again only when it can have changed
 * (a status the page does not hold, an end or a child execution in the new events) or when the
 * page asks for everything (first load, reconnect, return to the tab). Half the round trips
 * per change: the W7 paint figure.
 */

import { firstGap, ingest, lastEventId, type EventStore, type HistoryEvent } from "./events";
import type { Change } from "./socket";

export interface ExecutionRecord {
  id: string;
  name: string;
  workflow: string;
  version: number | null;
  status: string;
  started_at: string;
  stopped_at: string | null;
  redrive_count: number;
  test_run: boolean;
  input: unknown;
  output: unknown;
  error: string | null;
  cause: string | null;
  parent: string | null;
  children: string[];
  redriven_at: string | null;
}

export interface Snapshot {
  execution?: ExecutionRecord;
  events: EventStore;
  /** The last fetch failed; it is tried again shortly. */
  failing: boolean;
}

type Fetch = (url: string) => Promise<unknown>;

const PAGE = 1000;
const RETRY_MS = 2000;

export interface Sync {
  /** Fetch what changed, the record included (now, or right after the fetch in flight). */
  request(): void;
  /** The socket's hints: fetch when one names events or a status this page does not have. */
  onChanges(changes: Change[]): void;
  snapshot(): Snapshot;
  stop(): void;
}

export function createSync(
  executionId: string,
  onUpdate: (snapshot: Snapshot) => void,
  fetchJson: Fetch = getJson,
  initial: HistoryEvent[] = [],
): Sync {
  const base = `/api/executions/${encodeURIComponent(executionId)}/`;
  let current: Snapshot = { events: ingest(new Map(), initial), failing: false };
  let inFlight = false;
  let again = false;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let behind = 0;
  let recordStale = true;

  const publish = (next: Snapshot) => {
    current = next;
    if (!stopped) onUpdate(current);
  };

  const fetchOnce = async () => {
    let events = current.events;
    for (;;) {
      const gap = firstGap(events);
      const after = gap === undefined ? lastEventId(events) : gap - 1;
      const page = (await fetchJson(`${base}history/?after=${after}&limit=${PAGE}`)) as {
        events: HistoryEvent[];
        next: string | null;
      };
      events = ingest(events, page.events);
      if (page.events.some(changesRecord)) recordStale = true;
      if (!page.next || page.events.length === 0) break;
    }
    if (!recordStale && current.execution) {
      publish({ ...current, events, failing: false });
      return;
    }
    recordStale = false;
    const execution = (await fetchJson(base)) as ExecutionRecord;
    publish({ execution, events, failing: false });
    // An end written between the two reads: the record is newer than the events, read them again.
    if (execution.status !== "RUNNING" && !hasEnd(events) && behind < 3) {
      behind += 1;
      again = true;
    }
  };

  const run = async () => {
    inFlight = true;
    try {
      do {
        again = false;
        await fetchOnce();
      } while (again && !stopped);
    } catch {
      recordStale = true;
      publish({ ...current, failing: true });
      clearTimeout(retryTimer);
      retryTimer = setTimeout(request, RETRY_MS);
    } finally {
      inFlight = false;
    }
  };

  function request(): void {
    recordStale = true;
    fetchChanges();
  }

  function fetchChanges(): void {
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    void run();
  }

  return {
    request,
    onChanges(changes) {
      const mine = changes.filter((change) => change.execution === executionId);
      const held = lastEventId(current.events);
      if (mine.some((change) => change.status !== current.execution?.status)) recordStale = true;
      const news = mine.some((change) => change.last_event === null || change.last_event > held);
      if (news || recordStale) fetchChanges();
    },
    snapshot: () => current,
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
    },
  };
}

const END = /^Execution(Succeeded|Failed|TimedOut|Aborted)$/;

/** Events after which the record reads differently: an end (status, output, error) or a child
 * execution started (the record's `children`). */
function changesRecord(event: HistoryEvent): boolean {
  if (END.test(event.type) || event.type === "ExecutionRedriven") return true;
  const resource = event.details.resource;
  return typeof resource === "string" && resource.includes("states:startExecution");
}

function hasEnd(events: EventStore): boolean {
  let last: HistoryEvent | undefined;
  for (const event of events.values()) if (!last || event.id > last.id) last = event;
  return last !== undefined && END.test(last.type);
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}
