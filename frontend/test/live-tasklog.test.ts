import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { approvalEventLabel } from "../src/execution/approvals";
import { ingest, type EventStore, type HistoryEvent } from "../src/live/events";
import { fold, type Picture } from "../src/live/fold";
import {
  fieldsText,
  groupNearby,
  logNote,
  taskLogLabel,
  worstLevel,
  type LogNote,
} from "../src/live/tasklog";

/** A real history: Charge logs twice and fails, is retried and logs again; a Parallel's two
 * Tasks log once each (Ship info, Mail debug), their events interleaved. */
const recorded = JSON.parse(
  readFileSync(new URL("./fixtures/live-tasklog.json", import.meta.url), "utf8"),
) as { definition: Record<string, unknown>; events: HistoryEvent[] };
const { definition, events } = recorded;

const store = (list: HistoryEvent[]): EventStore => ingest(new Map(), list);
const runOf = (picture: Picture, name: string) => picture.runs.find((run) => run.name === name)!;
const messages = (picture: Picture, name: string) =>
  runOf(picture, name).logs.map((note) => [note.attempt, note.level, note.message]);

/** The history with its TaskLog events left out, each event after them chained to the event
 * before them (as baton/aws/history.py Numbering does). */
function leftOut(list: HistoryEvent[]): HistoryEvent[] {
  const logs = new Map(list.filter((e) => e.type === "TaskLog").map((e) => [e.id, e]));
  const before = (id: number): number =>
    logs.has(id) ? before(logs.get(id)!.previous_event_id) : id;
  return list
    .filter((e) => !logs.has(e.id))
    .map((e) => ({ ...e, previous_event_id: before(e.previous_event_id) }));
}

const logEvent = (details: Record<string, unknown>): HistoryEvent => ({
  id: 5,
  previous_event_id: 4,
  type: "TaskLog",
  timestamp: "2026-01-01T00:00:05.000Z",
  details,
});

describe("TaskLog events in the live fold", () => {
  it("attach to the run of their state, by attempt, in the order they were written", () => {
    const picture = fold(definition, store(events));
    expect(messages(picture, "Charge")).toEqual([
      [1, "info", "charging card"],
      [1, "warning", "card network slow"],
      [2, "info", "charging card"],
    ]);
    expect(messages(picture, "Ship")).toEqual([[1, "info", "label printed"]]);
    expect(messages(picture, "Mail")).toEqual([[1, "debug", "mail queued"]]);
    expect(runOf(picture, "Both").logs).toEqual([]);
  });

  it("follow previous_event_id across interleaved Parallel branches", () => {
    const picture = fold(definition, store(events));
    const ship = runOf(picture, "Ship").logs[0];
    expect(ship.fields).toEqual({ carrier: "ups" });
    expect(picture.owner.get(ship.eventId)).toBe(runOf(picture, "Ship").id);
    expect(picture.owner.get(runOf(picture, "Mail").logs[0].eventId)).toBe(
      runOf(picture, "Mail").id,
    );
  });

  it("change no status, attempt or edge: the picture is the same without them", () => {
    const withLogs = fold(definition, store(events));
    const withoutLogs = fold(definition, store(leftOut(events)));
    const shape = (picture: Picture) =>
      picture.runs.map((run) => [run.name, run.status, run.attempts.length, run.failure?.error]);
    expect(shape(withLogs)).toEqual(shape(withoutLogs));
    expect([...withLogs.traversed].sort()).toEqual([...withoutLogs.traversed].sort());
    expect(withLogs.execution.status).toBe("SUCCEEDED");
  });

  it("arriving twice or out of order give the same log lines", () => {
    const once = fold(definition, store(events));
    const shuffled = ingest(store([...events].reverse()), events.slice(3, 12));
    const again = fold(definition, shuffled);
    for (const name of ["Charge", "Ship", "Mail"])
      expect(runOf(again, name).logs).toEqual(runOf(once, name).logs);
  });

  it("arriving before their run's entered event is known attach once it is", () => {
    const partial = fold(definition, store(events.filter((e) => e.id !== 2)));
    expect(partial.runs.find((run) => run.name === "Charge")).toBeUndefined();
    const whole = fold(definition, ingest(store(events.filter((e) => e.id !== 2)), events));
    expect(runOf(whole, "Charge").logs).toHaveLength(3);
  });
});

describe("a TaskLog event read as a log line", () => {
  it("takes the time the function wrote it, not when its event was recorded", () => {
    const note = logNote(events.find((e) => e.type === "TaskLog")!);
    expect(note.at).toBe("2026-12-06T19:57:24.708+00:00");
    expect(logNote(logEvent({ message: "m" })).at).toBe("2026-01-01T00:00:05.000Z");
  });

  it("reads an unknown level as info, a missing message as empty and odd fields as none", () => {
    expect(logNote(logEvent({ level: "loud", fields: [1, 2] }))).toMatchObject({
      level: "info",
      message: "",
      fields: {},
    });
  });

  it("keeps how many lines were left out past the limit, and why fields were", () => {
    const note = logNote(
      logEvent({ level: "warning", message: "50 more", dropped: 50, fieldsOmitted: "too big" }),
    );
    expect(note.dropped).toBe(50);
    expect(note.fieldsOmitted).toBe("too big");
  });
});

describe("TaskLog in words (the history table)", () => {
  it("says the level, the message and the fields", () => {
    const labels = events.filter((e) => e.type === "TaskLog").map(taskLogLabel);
    expect(labels).toEqual([
      "Log, info: charging card (attempt=0 order_id=42)",
      "Log, warning: card network slow",
      "Log, info: charging card (attempt=1 order_id=42)",
      'Log, info: label printed (carrier="ups")',
      "Log, debug: mail queued",
    ]);
  });

  it("is undefined for other events, and approvals' labels leave TaskLog alone", () => {
    expect(taskLogLabel(events[0])).toBeUndefined();
    expect(approvalEventLabel(logEvent({ message: "m" }))).toBeUndefined();
  });

  it("cuts a long message and long fields to keep the row readable", () => {
    const label = taskLogLabel(
      logEvent({ message: "x".repeat(1000), fields: { y: "z".repeat(500) } }),
    )!;
    expect(label.length).toBeLessThan(460);
    expect(label).toContain("x".repeat(299) + "…");
    expect(label.endsWith("…)")).toBe(true);
  });

  it("writes field values as JSON", () => {
    expect(fieldsText({ id: 42, name: "Ada", tags: ["a"], none: null })).toBe(
      'id=42 name="Ada" tags=["a"] none=null',
    );
  });
});

describe("timeline marks", () => {
  const note = (eventId: number, level: LogNote["level"], at: number): LogNote => ({
    eventId,
    level,
    at: new Date(at).toISOString(),
    message: `line ${eventId}`,
    fields: {},
  });

  it("lines closer than the width share a mark; the mark takes the worst level", () => {
    const notes = [note(1, "info", 0), note(2, "error", 500), note(3, "debug", 5000)];
    const groups = groupNearby(notes, (n) => Date.parse(n.at) / 100, 10);
    expect(groups.map((g) => [g.position, g.notes.map((n) => n.eventId)])).toEqual([
      [0, [1, 2]],
      [50, [3]],
    ]);
    expect(groups.map((g) => worstLevel(g.notes))).toEqual(["error", "debug"]);
  });
});
