/**
 * The references a state makes to other states of its level: `Next`, each top-level Choice
 * rule's `Next`, `Default`, each Catcher's `Next` (and the level's `StartAt`). Nothing else in
 * ASL names a state: rules nested in And / Or / Not MUST NOT have a `Next` (states-language.net,
 * "Boolean expression"), so they are never read or rewritten here.
 */

import { isObject, type JsonObject } from "../types";
import { mapArray, mapValues, removeKey, renameKey, setKey } from "./objects";
import type { Edge } from "./types";

export interface Reference {
  edge: Edge;
  to: string;
}

/** What a reference becomes: a new name, the same one, or null to drop it. */
export type Retarget = (to: string, edge: Edge) => string | null;

/** The state's outgoing references that are strings, in the order the graph draws them. */
export function referencesOf(state: JsonObject): Reference[] {
  const found: Reference[] = [];
  listOf(state.Choices).forEach((rule, index) => {
    if (isObject(rule) && typeof rule.Next === "string") {
      found.push({ edge: { kind: "choice", index }, to: rule.Next });
    }
  });
  if (typeof state.Default === "string")
    found.push({ edge: { kind: "default" }, to: state.Default });
  if (typeof state.Next === "string") found.push({ edge: { kind: "next" }, to: state.Next });
  listOf(state.Catch).forEach((catcher, index) => {
    if (isObject(catcher) && typeof catcher.Next === "string") {
      found.push({ edge: { kind: "catch", index }, to: catcher.Next });
    }
  });
  return found;
}

/** True when both name the same edge of a state (kind, and position for rules / catchers). */
export function sameEdge(a: Edge, b: Edge): boolean {
  return a.kind === b.kind && ("index" in a ? a.index : 0) === ("index" in b ? b.index : 0);
}

/** The distinct names the state transitions to. */
export function successorsOf(state: JsonObject): string[] {
  return [...new Set(referencesOf(state).map((reference) => reference.to))];
}

/**
 * The state with each reference passed through `change`. A dropped reference: `Next` becomes
 * `End: true` in its place; `Default` goes; a rule or catcher loses its `Next` but stays, with
 * its condition or error list, for validation to flag and the author to reconnect.
 */
export function retarget(state: JsonObject, change: Retarget): JsonObject {
  let result = state;
  if (Array.isArray(state.Choices)) {
    const choices = mapArray(state.Choices, (rule: unknown, index) =>
      retargetEntry(rule, (to) => change(to, { kind: "choice", index })),
    );
    result = setKey(result, "Choices", choices);
  }
  if (typeof state.Default === "string") {
    const to = change(state.Default, { kind: "default" });
    result = to === null ? removeKey(result, "Default") : setKey(result, "Default", to);
  }
  if (typeof state.Next === "string") {
    const to = change(state.Next, { kind: "next" });
    result = to === null ? renameKey(result, "Next", "End", true) : setKey(result, "Next", to);
  }
  if (Array.isArray(state.Catch)) {
    const catchers = mapArray(state.Catch, (catcher: unknown, index) =>
      retargetEntry(catcher, (to) => change(to, { kind: "catch", index })),
    );
    result = setKey(result, "Catch", catchers);
  }
  return result;
}

function retargetEntry(entry: unknown, change: (to: string) => string | null): unknown {
  if (!isObject(entry) || typeof entry.Next !== "string") return entry;
  const to = change(entry.Next);
  return to === null ? removeKey(entry, "Next") : setKey(entry, "Next", to);
}

/** Every state of a `States` map retargeted, and nothing else touched. */
export function retargetAll(states: JsonObject, change: Retarget): JsonObject {
  return mapValues(states, (state) => (isObject(state) ? retarget(state, change) : state));
}

/** A level body's `StartAt` and every state's references renamed by `names` (old -> new). */
export function renameInLevel(body: JsonObject, names: ReadonlyMap<string, string>): JsonObject {
  const rename = (to: string) => names.get(to) ?? to;
  let result = body;
  if (typeof body.StartAt === "string") result = setKey(result, "StartAt", rename(body.StartAt));
  if (isObject(body.States)) result = setKey(result, "States", retargetAll(body.States, rename));
  return result;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Types that carry `Next` / `End`. */
export function canHaveNext(state: JsonObject): boolean {
  return ["Pass", "Task", "Wait", "Parallel", "Map"].includes(state.Type as string);
}

export function canCatch(state: JsonObject): boolean {
  return ["Task", "Parallel", "Map"].includes(state.Type as string);
}
