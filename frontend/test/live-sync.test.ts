import { describe, expect, it } from "vitest";
import type { HistoryEvent } from "../src/live/events";
import { createSync, type Snapshot } from "../src/live/sync";

const event = (id: number, type = "PassStateEntered"): HistoryEvent => ({
  id,
  previous_event_id: id - 1,
  type,
  timestamp: "2026-01-01T00:00:00Z",
  details: { name: "A" },
});

/** A fake REST API: history after `after`, in pages of `page`; each call waits for `release()`. */
function fakeApi(events: HistoryEvent[], page = 2) {
  const calls: string[] = [];
  const waiting: (() => void)[] = [];
  let status = "RUNNING";
  const fetchJson = (url: string) =>
    new Promise<unknown>((resolve) => {
      calls.push(url);
      waiting.push(() => {
        const after = /after=(\d+)/.exec(url);
        if (!after) return resolve({ id: "x", status, children: [] });
        const rest = events.filter((e) => e.id > Number(after[1]));
        resolve({ events: rest.slice(0, page), next: rest.length > page ? "more" : null });
      });
    });
  const settle = async () => {
    for (let i = 0; i < 50 && (waiting.length || i < 3); i += 1) {
      waiting.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  const step = async () => {
    waiting.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { calls, fetchJson, settle, step, setStatus: (s: string) => (status = s) };
}

const change = (last: number | null, status = "RUNNING") => ({
  execution: "x",
  workflow: 1,
  status,
  first_event: last,
  last_event: last,
  entered: [],
  exited: [],
});

describe("the live sync", () => {
  it("follows the history's pages and holds each event once", async () => {
    const events = [1, 2, 3, 4, 5].map((id) => event(id));
    const api = fakeApi(events);
    let seen: Snapshot | undefined;
    const sync = createSync("x", (s) => (seen = s), api.fetchJson);
    sync.request();
    await api.settle();
    expect([...seen!.events.keys()]).toEqual([1, 2, 3, 4, 5]);
    sync.request();
    await api.settle();
    expect(seen!.events.size).toBe(5);
    expect(api.calls.filter((c) => c.includes("history")).at(-1)).toContain("after=5");
  });

  it("hints during a fetch make exactly one more fetch after it", async () => {
    const events = [event(1)];
    const api = fakeApi(events, 10);
    const sync = createSync("x", () => undefined, api.fetchJson);
    sync.request();
    sync.onChanges([change(2)]);
    sync.onChanges([change(3)]);
    sync.request();
    events.push(event(2), event(3));
    await api.settle();
    const histories = api.calls.filter((c) => c.includes("history"));
    expect(histories).toEqual([
      "/api/executions/x/history/?after=0&limit=1000",
      "/api/executions/x/history/?after=3&limit=1000",
    ]);
  });

  it("a hint about events already held fetches nothing; one for another execution neither", async () => {
    const api = fakeApi([event(1), event(2)], 10);
    const sync = createSync("x", () => undefined, api.fetchJson);
    sync.request();
    await api.settle();
    const before = api.calls.length;
    sync.onChanges([change(2)]);
    sync.onChanges([{ ...change(9), execution: "other" }]);
    await api.settle();
    expect(api.calls.length).toBe(before);
  });

  it("an end in the record but not yet in the events reads the events again", async () => {
    const events = [event(1)];
    const api = fakeApi(events, 10);
    let seen: Snapshot | undefined;
    const sync = createSync("x", (s) => (seen = s), api.fetchJson);
    api.setStatus("SUCCEEDED");
    sync.request();
    await api.step(); // the history read: event 1 only
    // the end is written between the history read and the record read
    events.push(event(2, "ExecutionSucceeded"));
    await api.settle();
    expect([...seen!.events.keys()]).toEqual([1, 2]);
  });
});

describe("the live sync reads the record only when it can have changed", () => {
  const records = (calls: string[]) => calls.filter((c) => !c.includes("history")).length;

  it("a hint of new events under the same status reads the history alone", async () => {
    const events = [event(1)];
    const api = fakeApi(events, 10);
    const sync = createSync("x", () => undefined, api.fetchJson);
    sync.request();
    await api.settle();
    expect(records(api.calls)).toBe(1);
    events.push(event(2), event(3));
    sync.onChanges([change(3)]);
    await api.settle();
    expect(records(api.calls)).toBe(1);
    expect(sync.snapshot().events.size).toBe(3);
  });

  it("a new status, an end or a child execution read the record again", async () => {
    const events = [event(1)];
    const api = fakeApi(events, 10);
    let seen: Snapshot | undefined;
    const sync = createSync("x", (s) => (seen = s), api.fetchJson);
    sync.request();
    await api.settle();
    const child = {
      ...event(2, "TaskScheduled"),
      details: { resource: "arn:aws:states:::states:startExecution.sync:2" },
    };
    events.push(child);
    sync.onChanges([change(2)]);
    await api.settle();
    expect(records(api.calls)).toBe(2);
    events.push(event(3, "ExecutionSucceeded"));
    api.setStatus("SUCCEEDED");
    sync.onChanges([change(3, "SUCCEEDED")]);
    await api.settle();
    expect(records(api.calls)).toBe(3);
    expect(seen!.execution!.status).toBe("SUCCEEDED");
    // A status hint with no new events still reads the record (a stop before any event).
    api.setStatus("ABORTED");
    sync.onChanges([{ ...change(3, "ABORTED") }]);
    await api.settle();
    expect(seen!.execution!.status).toBe("ABORTED");
  });

  it("asking for everything (reconnect, return to the tab) reads the record", async () => {
    const api = fakeApi([event(1)], 10);
    const sync = createSync("x", () => undefined, api.fetchJson);
    sync.request();
    await api.settle();
    sync.request();
    await api.settle();
    expect(records(api.calls)).toBe(2);
  });
});
