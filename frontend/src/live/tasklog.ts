/**
 * TaskLog events: what a Python function wrote with `baton.log` (engine/tasklog.py), read off
 * the history for the fold, the timeline, the step panel and the history table. Pure.
 */

import { isObject } from "../asl/types";
import { text, type HistoryEvent } from "./events";

export const TASK_LOG = "TaskLog";

export type LogLevel = "debug" | "info" | "warning" | "error";
const LEVELS: readonly string[] = ["debug", "info", "warning", "error"];

/** One log line of a run, in the order the function wrote them. */
export interface LogNote {
  eventId: number;
  /** When the function wrote it (`loggedAt`), else when its event was recorded. */
  at: string;
  level: LogLevel;
  message: string;
  fields: Record<string, unknown>;
  /** Why the fields are not there (their JSON was over the limit). */
  fieldsOmitted?: string;
  /** On the note that stands for the lines past the limit: how many were left out. */
  dropped?: number;
  /** The attempt of the run it was written in (1 for the first). */
  attempt?: number;
}

export function logNote(event: HistoryEvent, attempt?: number): LogNote {
  const details = event.details;
  const level = text(details.level) ?? "";
  const dropped = Number(details.dropped);
  return {
    eventId: event.id,
    at: text(details.loggedAt) ?? event.timestamp,
    level: (LEVELS.includes(level) ? level : "info") as LogLevel,
    message: text(details.message) ?? "",
    fields: isObject(details.fields) ? details.fields : {},
    fieldsOmitted: text(details.fieldsOmitted),
    dropped: Number.isInteger(dropped) && dropped > 0 ? dropped : undefined,
    attempt,
  };
}

/** "order_id=42 customer="Ada"": the fields as a person reads them, values as JSON. */
export function fieldsText(fields: Record<string, unknown>, max = Infinity): string {
  const whole = Object.entries(fields)
    .map(([key, value]) => `${key}=${JSON.stringify(value) ?? String(value)}`)
    .join(" ");
  return shorten(whole, max);
}

/** `value` cut to `max` characters, the cut marked with an ellipsis. */
export function shorten(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, Math.max(0, max - 1))}…`;
}

/** A TaskLog event in words ("Log, info: waiting on payment (order_id=42)"); else undefined. */
export function taskLogLabel(event: HistoryEvent): string | undefined {
  if (event.type !== TASK_LOG) return undefined;
  const note = logNote(event);
  const fields = fieldsText(note.fields, 120);
  return `Log, ${note.level}: ${shorten(note.message, 300)}${fields ? ` (${fields})` : ""}`;
}

/** Log lines drawn as one mark: those within `width` (in the unit of `position`) of its first. */
export interface LogGroup {
  position: number;
  notes: LogNote[];
}

/** The run's lines grouped by where `position` puts them, so close ones share one mark. */
export function groupNearby(
  notes: readonly LogNote[],
  position: (note: LogNote) => number,
  width: number,
): LogGroup[] {
  const groups: LogGroup[] = [];
  const placed = notes
    .map((note) => ({ note, at: position(note) }))
    .sort((a, b) => a.at - b.at || a.note.eventId - b.note.eventId);
  for (const { note, at } of placed) {
    const last = groups[groups.length - 1];
    if (last && at - last.position < width) last.notes.push(note);
    else groups.push({ position: at, notes: [note] });
  }
  return groups;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3 };

/** The most severe level among `notes` (the mark's colour; its words say it too). */
export function worstLevel(notes: readonly LogNote[]): LogLevel {
  return notes.reduce<LogLevel>(
    (worst, note) => (RANK[note.level] > RANK[worst] ? note.level : worst),
    "debug",
  );
}
