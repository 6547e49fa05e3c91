/** The history events the REST API returns, and the small facts read off them. Pure. */

export interface HistoryEvent {
  id: number;
  type: string;
  previous_event_id: number;
  timestamp: string;
  details: Record<string, unknown>;
}

/** Events kept by id: ingesting the same event twice keeps one, in whatever order they came. */
export type EventStore = ReadonlyMap<number, HistoryEvent>;

export function ingest(store: EventStore, events: readonly HistoryEvent[]): EventStore {
  if (events.every((event) => store.has(event.id))) return store;
  const next = new Map(store);
  for (const event of events) next.set(event.id, event);
  return next;
}

export function sortedEvents(store: EventStore): HistoryEvent[] {
  return [...store.values()].sort((a, b) => a.id - b.id);
}

export function lastEventId(store: EventStore): number {
  let last = 0;
  for (const id of store.keys()) if (id > last) last = id;
  return last;
}

/** The first id missing below the highest held: the history is gapless, so a gap is a fetch due. */
export function firstGap(store: EventStore): number | undefined {
  const last = lastEventId(store);
  for (let id = 1; id <= last; id += 1) if (!store.has(id)) return id;
  return undefined;
}

const TASK_PREFIXES = ["LambdaFunction", "Activity", "Task"];
const TASK_STEPS = ["Scheduled", "Started", "Submitted", "Succeeded", "Failed", "TimedOut"];

/** "Scheduled", "Failed"… for LambdaFunction…, Activity… and Task… events; undefined otherwise. */
export function taskStep(type: string): string | undefined {
  if (type.includes("State")) return undefined;
  for (const prefix of TASK_PREFIXES) {
    if (!type.startsWith(prefix)) continue;
    const step = type.slice(prefix.length);
    if (TASK_STEPS.includes(step)) return step;
  }
  return undefined;
}

export function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function millis(timestamp: string): number {
  return Date.parse(timestamp);
}
