/** How a definition nests: the top level, Parallel branches and Map processors, each a `States` map. */

import { join } from "./pointer";
import { isObject, type JsonObject } from "./types";

/** Thrown when the top level cannot be drawn at all; nested oddities are drawn leniently instead. */
export class DefinitionShapeError extends Error {}

export interface StateEntry {
  name: string;
  pointer: string;
  /** The state object, or `{}` when the definition holds something else under that name. */
  state: JsonObject;
}

export interface Level {
  /** Pointer of the object holding `StartAt` and `States` ("" for the whole definition). */
  pointer: string;
  startAt: unknown;
  states: StateEntry[];
}

export interface ChildLevel {
  pointer: string;
  body: JsonObject;
  /** Position in `Branches` (0 for a Map processor). */
  index: number;
}

export function requireRoot(definition: unknown): JsonObject {
  if (!isObject(definition)) {
    throw new DefinitionShapeError("The definition is not a JSON object.");
  }
  if (!isObject(definition.States)) {
    throw new DefinitionShapeError('The definition has no "States" object.');
  }
  return definition;
}

export function readLevel(body: JsonObject, pointer: string): Level {
  const states = isObject(body.States) ? Object.entries(body.States) : [];
  return {
    pointer,
    startAt: body.StartAt,
    states: states.map(([name, state]) => ({
      name,
      pointer: join(pointer, "States", name),
      state: isObject(state) ? state : {},
    })),
  };
}

/** Parallel branches, in order; skips entries that are not objects. */
export function branchLevels(state: JsonObject, pointer: string): ChildLevel[] {
  if (state.Type !== "Parallel" || !Array.isArray(state.Branches)) return [];
  return state.Branches.flatMap((body: unknown, index) =>
    isObject(body) ? [{ pointer: join(pointer, "Branches", index), body, index }] : [],
  );
}

/** A Map's processor: `ItemProcessor`, or the legacy `Iterator`. */
export function processorLevel(state: JsonObject, pointer: string): ChildLevel | undefined {
  if (state.Type !== "Map") return undefined;
  for (const key of ["ItemProcessor", "Iterator"]) {
    const body = state[key];
    if (isObject(body)) return { pointer: join(pointer, key), body, index: 0 };
  }
  return undefined;
}

/** Every state of the definition, depth first, parents before children. */
export function* walkStates(body: JsonObject, pointer = ""): Generator<StateEntry> {
  for (const entry of readLevel(body, pointer).states) {
    yield entry;
    for (const child of childLevels(entry)) yield* walkStates(child.body, child.pointer);
  }
}

function childLevels(entry: StateEntry): ChildLevel[] {
  const processor = processorLevel(entry.state, entry.pointer);
  return processor ? [processor] : branchLevels(entry.state, entry.pointer);
}

/** A copy of `state` with each branch / processor body passed through `change` (nothing else). */
export function mapNestedBodies(state: JsonObject, change: (body: unknown) => unknown): JsonObject {
  const copy: JsonObject = { ...state };
  if (state.Type === "Parallel" && Array.isArray(state.Branches)) {
    copy.Branches = state.Branches.map(change);
  }
  for (const key of state.Type === "Map" ? ["ItemProcessor", "Iterator"] : []) {
    if (key in state) copy[key] = change(state[key]);
  }
  return copy;
}
