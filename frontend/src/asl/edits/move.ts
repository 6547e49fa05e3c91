/** Moving states: reordering a level's keys, or moving a state into another level. */

import type { JsonObject } from "../types";
import { isWithin, levelBody, locate, parseStatePointer, updateLevel } from "./core";
import { removeFromLevel } from "./delete";
import { reorderKeys, setKey, setKeyAfter } from "./objects";
import { retarget } from "./refs";
import type { Definition, Position, StatePointer } from "./types";

/**
 * Within its level, a move changes the key order only (what the JSON shows) and nothing else.
 * Into another level (a branch or a processor, not one inside the state itself) the state is
 * taken out as `deleteStates` would take it (references to it bridged or dropped), and arrives
 * unconnected: its own references named states of its old level, so they are dropped the same
 * way (`Next` -> `End: true`, …); it becomes the new level's start when that level has none.
 * State names are unique in the whole machine, so no rename is needed.
 *
 * Integer-like names ("0", "1", "42") cannot be reordered: JavaScript lists such keys first,
 * in numeric order, whatever order they were written in.
 */
export function moveState(def: Definition, pointer: StatePointer, to: Position): Definition {
  const found = locate(def, pointer);
  if (!found || !levelBody(def, to.level) || isWithin(to.level, pointer)) return def;
  const anchor = anchorName(to);
  if (anchor === found.name) return def;
  if (to.level === found.level) return reorder(def, found.level, found.name, anchor);
  const removed = removeFromLevel(def, found.level, new Set([found.name]));
  const state = retarget(found.state, () => null);
  return updateLevel(removed, to.level, (body) => {
    const states = setKeyAfter(body.States as JsonObject, found.name, state, anchor);
    const started = typeof body.StartAt === "string" && Object.hasOwn(states, body.StartAt);
    const withStates = setKey(body, "States", states);
    return started ? withStates : setKey(withStates, "StartAt", found.name);
  });
}

/** The state to follow in key order: a name in the target level, null for first, else last. */
function anchorName(to: Position): string | null | undefined {
  if (to.after === null || to.after === undefined) return to.after;
  const parsed = parseStatePointer(to.after);
  return parsed && parsed.level === to.level ? parsed.name : undefined;
}

function reorder(
  def: Definition,
  level: string,
  name: string,
  anchor: string | null | undefined,
): Definition {
  return updateLevel(def, level, (body) => {
    const states = body.States as JsonObject;
    const others = Object.keys(states).filter((key) => key !== name);
    const index = typeof anchor === "string" ? others.indexOf(anchor) : -1;
    const at = anchor === null ? 0 : index < 0 ? others.length : index + 1;
    const order = [...others.slice(0, at), name, ...others.slice(at)];
    return setKey(body, "States", reorderKeys(states, order));
  });
}
