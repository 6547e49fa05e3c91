/** State-by-state comparison of two definitions, keyed by JSON pointer, for the side-by-side diff. */

import { mapNestedBodies, walkStates } from "./levels";
import { isObject, type DiffMark, type JsonObject } from "./types";

export type Side = "old" | "new";

/**
 * Marks for the states of `shown` compared with `other`: absent from the other side is "added"
 * (on the new side) or "removed" (on the old side); present in both but different is "changed".
 * Either definition may be malformed: a side without a `States` object simply has no states.
 */
export function diffStates(shown: unknown, other: unknown, side: Side): Map<string, DiffMark> {
  const theirs = statesByPointer(other);
  const marks = new Map<string, DiffMark>();
  for (const [pointer, state] of statesByPointer(shown)) {
    const counterpart = theirs.get(pointer);
    if (counterpart === undefined) marks.set(pointer, side === "new" ? "added" : "removed");
    else if (canonical(ownPart(state)) !== canonical(ownPart(counterpart)))
      marks.set(pointer, "changed");
  }
  return marks;
}

function statesByPointer(definition: unknown): Map<string, JsonObject> {
  if (!isObject(definition)) return new Map();
  return new Map([...walkStates(definition)].map((entry) => [entry.pointer, entry.state]));
}

/** The state without the `States` of its branches or processor: a child's change is the child's. */
export function ownPart(state: JsonObject): JsonObject {
  return mapNestedBodies(state, withoutStates);
}

function withoutStates(body: unknown): unknown {
  if (!isObject(body)) return body;
  const { States: _states, ...rest } = body;
  return rest;
}

/** JSON text with object keys sorted, so key order never counts as a change. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    isObject(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))
      : item,
  );
}
