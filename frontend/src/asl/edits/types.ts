/** The vocabulary of the designer's edits: definitions in, definitions out, states by pointer. */

import type { JsonObject, KnownType } from "../types";

/** A whole ASL definition, as parsed; never mutated by an edit. */
export type Definition = JsonObject;

/** JSON pointer of a state, the graph's node id: `/States/P/Branches/0/States/A`. */
export type StatePointer = string;

/**
 * JSON pointer of a level, an object holding `StartAt` and `States`: "" (the machine),
 * `/States/P/Branches/1` (a Parallel branch), `/States/M/ItemProcessor` or `/States/M/Iterator`.
 */
export type LevelPointer = string;

/** A pure edit: the same object back when nothing changed. */
export type Edit<A> = (def: Definition, args: A) => Definition;

/**
 * One outgoing edge of a state, as the graph draws it. `choice` and `catch` carry the position
 * in `Choices` / `Catch`; `end` is the edge to the level's End marker (`End: true`); `start` is
 * the level's `StartAt` and is addressed by the level pointer instead of a state pointer.
 */
export type Edge =
  | { kind: "next" }
  | { kind: "default" }
  | { kind: "end" }
  | { kind: "start" }
  | { kind: "choice"; index: number }
  | { kind: "catch"; index: number };

/** An edge by its source: a state pointer, or a level pointer for `start`. */
export interface EdgeRef {
  from: StatePointer | LevelPointer;
  edge: Edge;
}

/**
 * Where a state goes in its level's key order (the order users see in the JSON): right after
 * `after`, first when `after` is null, last when it is absent.
 */
export interface Position {
  level: LevelPointer;
  after?: StatePointer | null;
}

/** The eight ASL state types (the palette). */
export type StateType = KnownType;

export type QueryLanguage = "JSONPath" | "JSONata";
