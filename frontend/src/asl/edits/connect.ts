/**
 * Edges: connect (set where an edge goes), reconnect (move either end), disconnect. A transition
 * stays inside its level, so both ends must be states of the same level; anything else leaves
 * the definition as it is.
 */

import { isObject, type GraphEdge, type JsonObject } from "../types";
import { languageAt } from "./language";
import { levelBody, locate, parseStatePointer, statePointer, updateAt, updateLevel } from "./core";
import { removeKey, renameKey, setKey, setStartAt } from "./objects";
import { canCatch, canHaveNext, referencesOf, sameEdge } from "./refs";
import { condition } from "./templates";
import type { Definition, Edge, EdgeRef, QueryLanguage, StatePointer } from "./types";

export interface Connection extends EdgeRef {
  /** The target state; unused for an `end` edge. */
  to?: StatePointer;
}

/**
 * Points the edge at `to`: `Next` (clearing `End`, in its place), a Choice rule's `Next`
 * (index = rule count adds a rule that always matches), `Default`, a Catcher's `Next` (index =
 * catcher count adds a `States.ALL` catcher), the level's `StartAt`; `end` sets `End: true`.
 */
export function connect(def: Definition, args: Connection): Definition {
  const { from, edge } = args;
  if (edge.kind === "start") {
    const name = targetName(def, from, args.to);
    return name === undefined ? def : updateLevel(def, from, (body) => setStartAt(body, name));
  }
  const source = locate(def, from);
  if (!source) return def;
  if (edge.kind === "end") return updateAt(def, from, endHere);
  const name = targetName(def, source.level, args.to);
  if (name === undefined) return def;
  const language = languageAt(def, source.pointer);
  return updateAt(def, from, (state) => pointEdge(state, edge, name, language));
}

/** The name of `to` when it is a state of `level`. */
function targetName(def: Definition, level: string, to: StatePointer | undefined) {
  if (to === undefined) return undefined;
  const target = parseStatePointer(to);
  return target && target.level === level && locate(def, to) ? target.name : undefined;
}

function endHere(state: JsonObject): JsonObject {
  if (!canHaveNext(state)) return state;
  return Object.hasOwn(state, "Next")
    ? renameKey(state, "Next", "End", true)
    : setKey(state, "End", true);
}

function pointEdge(
  state: JsonObject,
  edge: Edge,
  name: string,
  language: QueryLanguage,
): JsonObject {
  switch (edge.kind) {
    case "next":
      if (!canHaveNext(state)) return state;
      return Object.hasOwn(state, "End")
        ? renameKey(state, "End", "Next", name)
        : setKey(state, "Next", name);
    case "default":
      return state.Type === "Choice" ? setKey(state, "Default", name) : state;
    case "choice": {
      if (state.Type !== "Choice") return state;
      const fresh = condition(language);
      return pointEntry(state, "Choices", edge.index, name, fresh);
    }
    case "catch":
      if (!canCatch(state)) return state;
      return pointEntry(state, "Catch", edge.index, name, { ErrorEquals: ["States.ALL"] });
    default:
      return state;
  }
}

/** Sets `Next` of entry `index` of the list at `key`; index = length appends `fresh`. */
function pointEntry(
  state: JsonObject,
  key: string,
  index: number,
  name: string,
  fresh: JsonObject,
): JsonObject {
  const list: unknown[] = Array.isArray(state[key]) ? (state[key] as unknown[]) : [];
  if (index === list.length) return setKey(state, key, [...list, { ...fresh, Next: name }]);
  const entry = list[index];
  if (!isObject(entry)) return state;
  const updated = setKey(entry, "Next", name);
  return updated === entry
    ? state
    : setKey(
        state,
        key,
        list.map((item, at) => (at === index ? updated : item)),
      );
}

/**
 * Removes an edge. `next` becomes `End: true`; `default` goes; a Choice rule or a Catcher *is*
 * its edge, so it goes with it (an emptied `Catch` goes too); `start` drops `StartAt` and `end`
 * drops `End` (both left for validation to flag until reconnected).
 */
export function disconnect(def: Definition, ref: EdgeRef): Definition {
  const { edge, from } = ref;
  if (edge.kind === "start") {
    return levelBody(def, from)
      ? updateLevel(def, from, (body) => removeKey(body, "StartAt"))
      : def;
  }
  return updateAt(def, from, (state) => {
    switch (edge.kind) {
      case "next":
        return typeof state.Next === "string" ? renameKey(state, "Next", "End", true) : state;
      case "default":
        return removeKey(state, "Default");
      case "end":
        return state.End === true ? removeKey(state, "End") : state;
      case "choice":
        return removeEntry(state, "Choices", edge.index, false);
      case "catch":
        return removeEntry(state, "Catch", edge.index, true);
    }
  });
}

function removeEntry(state: JsonObject, key: string, index: number, dropEmpty: boolean) {
  const list = state[key];
  if (!Array.isArray(list) || index < 0 || index >= list.length) return state;
  const rest = list.filter((_item, at) => at !== index);
  return rest.length === 0 && dropEmpty ? removeKey(state, key) : setKey(state, key, rest);
}

/**
 * Moves an end of an existing edge. A new target alone is `connect`. A new source takes the
 * edge along: a Choice rule or Catcher moves, whole, to the end of the new state's list; `Next`
 * or `Default` is removed from the old source and set on the new one. Refused (the same
 * definition) when the new source cannot carry that edge.
 */
export function reconnect(
  def: Definition,
  ref: EdgeRef,
  target: { from?: StatePointer; to?: StatePointer },
): Definition {
  const from = target.from ?? ref.from;
  if (from === ref.from) return connect(def, { ...ref, to: target.to });
  const { edge } = ref;
  if (edge.kind === "choice" || edge.kind === "catch") return moveEntry(def, ref, from, target.to);
  if (edge.kind === "start" || !locate(def, from)) return def;
  const to = target.to ?? currentTarget(def, ref);
  const connected = connect(def, { from, edge, to });
  return connected === def ? def : disconnect(connected, ref);
}

/** Where a state's edge goes now, as a pointer. */
function currentTarget(def: Definition, ref: EdgeRef): StatePointer | undefined {
  const source = locate(def, ref.from);
  const found = source && referencesOf(source.state).find((r) => sameEdge(r.edge, ref.edge));
  return source && found ? statePointer(source.level, found.to) : undefined;
}

function moveEntry(def: Definition, ref: EdgeRef, from: StatePointer, to?: StatePointer) {
  const edge = ref.edge as Extract<Edge, { index: number }>;
  const key = edge.kind === "choice" ? "Choices" : "Catch";
  const source = locate(def, ref.from);
  const destination = locate(def, from);
  const entry = (source?.state[key] as unknown[] | undefined)?.[edge.index];
  if (!source || !destination || !isObject(entry) || source.level !== destination.level) return def;
  const fits =
    edge.kind === "choice" ? destination.state.Type === "Choice" : canCatch(destination.state);
  const name = to === undefined ? entry.Next : targetName(def, source.level, to);
  if (!fits || typeof name !== "string") return def;
  const moved = updateAt(def, from, (state) => {
    const list = Array.isArray(state[key]) ? (state[key] as unknown[]) : [];
    return setKey(state, key, [...list, setKey(entry, "Next", name)]);
  });
  return disconnect(moved, ref);
}

/** True when `connect` would change the definition with these arguments. */
export function canConnect(def: Definition, args: Connection): boolean {
  return connect(def, args) !== def;
}

/** The edge a graph edge draws (`toGraph` ids are `<kind>:<index>:<source>`). */
export function edgeRefOf(graphEdge: GraphEdge): EdgeRef {
  const index = Number(graphEdge.id.split(":")[1]);
  switch (graphEdge.kind) {
    case "start":
      return { from: graphEdge.source.slice("start:".length), edge: { kind: "start" } };
    case "choice":
    case "catch":
      return { from: graphEdge.source, edge: { kind: graphEdge.kind, index } };
    default:
      return { from: graphEdge.source, edge: { kind: graphEdge.kind } };
  }
}
