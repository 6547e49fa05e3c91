/** The inspector's field edits. */

import type { JsonObject } from "../types";
import { locate, updateAt } from "./core";
import { removeKey, sameJson, setKey } from "./objects";
import type { Definition, StatePointer } from "./types";

/** Fields to set; a field set to `undefined` is removed. */
export type Patch = Readonly<Record<string, unknown>>;

/**
 * A state's fields changed by a patch (existing fields keep their place, new ones go last) or
 * by a function of the state. A change that leaves the state equal as JSON (the same values,
 * whatever the key order) returns the same definition, so retyping a value is not an undo step.
 * Renaming is `renameState`: a state's name is its key, not a field.
 */
export function updateState(
  def: Definition,
  pointer: StatePointer,
  change: Patch | ((state: JsonObject) => JsonObject),
): Definition {
  const found = locate(def, pointer);
  if (!found) return def;
  const next =
    typeof change === "function" ? defined(change(found.state)) : applyPatch(found.state, change);
  if (next === found.state || sameJson(next, found.state)) return def;
  return updateAt(def, pointer, () => next);
}

function applyPatch(state: JsonObject, patch: Patch): JsonObject {
  let result = state;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) result = removeKey(result, key);
    else if (!sameJson(result[key], value)) result = setKey(result, key, value);
  }
  return result;
}

/** The object without its `undefined` members (which JSON cannot hold). */
function defined(state: JsonObject): JsonObject {
  let result = state;
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined) result = removeKey(result, key);
  }
  return result;
}
