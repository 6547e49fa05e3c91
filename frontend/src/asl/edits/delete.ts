/**
 * Deleting states, and what happens to the references to them.
 *
 * Rules, per level:
 * - A deleted state with exactly one successor (one distinct target among `Next`, its Choice
 *   rules, `Default` and Catchers, itself not counted) is bridged: every reference to it now
 *   names that successor, followed through other deleted states of the same deletion.
 * - Otherwise a reference to it is dropped (refs.ts `retarget`): `Next` becomes `End: true`
 *   (every type that has `Next` may end), `Default` goes, and a Choice rule or Catcher loses its
 *   `Next` but keeps its condition / errors, for validation to flag until it is reconnected.
 * - `StartAt` naming a deleted state moves to its successor as above; failing that, to the first
 *   surviving state its edges lead to (breadth first through deleted states, the normal flow
 *   before Catchers); failing that, to the first remaining state in key order; with no state
 *   left, `StartAt` goes.
 * - A deleted Parallel or Map takes its branches / processor with it; pointers inside a deleted
 *   state, or to nothing, are ignored.
 */

import { isObject, type JsonObject } from "../types";
import { isWithin, locate, updateLevel } from "./core";
import { removeKey, setKey, setStartAt } from "./objects";
import { referencesOf, retargetAll, successorsOf } from "./refs";
import type { Definition, LevelPointer, StatePointer } from "./types";

export function deleteStates(def: Definition, pointers: readonly StatePointer[]): Definition {
  const found = pointers.flatMap((pointer) => {
    const located = locate(def, pointer);
    return located ? [located] : [];
  });
  const outer = found.filter(
    (entry) => !found.some((other) => other !== entry && isWithin(entry.pointer, other.pointer)),
  );
  const byLevel = new Map<LevelPointer, Set<string>>();
  for (const entry of outer) {
    byLevel.set(entry.level, (byLevel.get(entry.level) ?? new Set()).add(entry.name));
  }
  let result = def;
  for (const [level, names] of byLevel) result = removeFromLevel(result, level, names);
  return result;
}

/** The level without `names`, references to them bridged or dropped as the rules say. */
export function removeFromLevel(
  def: Definition,
  level: LevelPointer,
  names: ReadonlySet<string>,
): Definition {
  return updateLevel(def, level, (body) => {
    const states = body.States as JsonObject;
    const bridge = (name: string) => successor(states, names, name, new Set());
    const kept = Object.fromEntries(Object.entries(states).filter(([name]) => !names.has(name)));
    const rewired = retargetAll(kept, (to) => (names.has(to) ? (bridge(to) ?? null) : to));
    const result = setKey(body, "States", rewired);
    const start = body.StartAt;
    if (typeof start !== "string" || !names.has(start)) return result;
    const next = bridge(start) ?? reachable(states, names, start) ?? Object.keys(rewired)[0];
    return next === undefined ? removeKey(result, "StartAt") : setStartAt(result, next);
  });
}

/** The one state `name` leads to, skipping deleted states; undefined when it is not one. */
function successor(
  states: JsonObject,
  deleted: ReadonlySet<string>,
  name: string,
  seen: Set<string>,
): string | undefined {
  const state = states[name];
  if (!isObject(state)) return undefined;
  const targets = successorsOf(state).filter((target) => target !== name);
  if (targets.length !== 1) return undefined;
  const [target] = targets;
  if (!deleted.has(target)) return Object.hasOwn(states, target) ? target : undefined;
  if (seen.has(target)) return undefined;
  seen.add(name);
  return successor(states, deleted, target, seen);
}

/**
 * The first surviving state reached from `name`: breadth first, edges in graph order, through
 * the normal flow (Next, rules, Default) before any Catcher's error path.
 */
function reachable(
  states: JsonObject,
  deleted: ReadonlySet<string>,
  name: string,
): string | undefined {
  return search(states, deleted, name, false) ?? search(states, deleted, name, true);
}

function search(
  states: JsonObject,
  deleted: ReadonlySet<string>,
  name: string,
  errors: boolean,
): string | undefined {
  const queue = [name];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const state = states[queue.shift() as string];
    const references = isObject(state) ? referencesOf(state) : [];
    for (const { to } of references.filter((ref) => errors || ref.edge.kind !== "catch")) {
      if (seen.has(to) || !Object.hasOwn(states, to)) continue;
      if (!deleted.has(to)) return to;
      seen.add(to);
      queue.push(to);
    }
  }
  return undefined;
}
