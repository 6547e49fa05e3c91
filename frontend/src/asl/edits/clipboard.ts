/**
 * Copy and paste of states. A clipboard is plain JSON (it can go through the system clipboard):
 * the copied states in the definition's order, each with the edges that stay inside the copy;
 * edges to states outside it are dropped as refs.ts `retarget` drops them. Pasting gives every
 * state, nested ones included, a name free in the whole machine ("Pass" -> "Pass 2") and
 * rewrites the references inside the copy to match; pasted states are not connected to the
 * states already there.
 */

import { mapNestedBodies, walkStates } from "../levels";
import { isObject, type JsonObject } from "../types";
import { isWithin, levelBody, locate, parseStatePointer, updateLevel } from "./core";
import { freeName } from "./names";
import { setKey, setKeyAfter } from "./objects";
import { renameInLevel, retarget } from "./refs";
import type { Definition, Position, StatePointer } from "./types";

export const CLIPBOARD_FORMAT = "baton/states@1";

export interface Clipboard {
  format: typeof CLIPBOARD_FORMAT;
  /** [name, state] pairs: an array, because an object would put integer-like names first. */
  states: [string, JsonObject][];
}

export function copyStates(def: Definition, pointers: readonly StatePointer[]): Clipboard {
  const chosen = pointers.filter((pointer) => locate(def, pointer));
  const outer = chosen.filter((p) => !chosen.some((other) => other !== p && isWithin(p, other)));
  const wanted = new Set(outer);
  const entries = isObject(def.States) ? [...walkStates(def)] : [];
  const copied = entries.filter((entry) => wanted.has(entry.pointer));
  const states = copied.map((entry): [string, JsonObject] => {
    const level = parseStatePointer(entry.pointer)?.level;
    const inside = new Set(
      copied.filter((other) => sameLevel(other.pointer, level)).map((o) => o.name),
    );
    return [entry.name, retarget(entry.state, (to) => (inside.has(to) ? to : null))];
  });
  return { format: CLIPBOARD_FORMAT, states };
}

function sameLevel(pointer: string, level: string | undefined): boolean {
  return parseStatePointer(pointer)?.level === level;
}

export function isClipboard(value: unknown): value is Clipboard {
  return (
    isObject(value) &&
    value.format === CLIPBOARD_FORMAT &&
    Array.isArray(value.states) &&
    value.states.every(
      (pair) => Array.isArray(pair) && typeof pair[0] === "string" && isObject(pair[1]),
    )
  );
}

/** The names the clipboard's states get when pasted into `def` (old name -> new name). */
export function pastedNames(def: Definition, clipboard: Clipboard): Map<string, string> {
  return plan(def, clipboard).names;
}

/** The clipboard's states added after `after` (see Position), in their order. */
export function pasteStates(def: Definition, clipboard: Clipboard, at: Position): Definition {
  if (!levelBody(def, at.level) || clipboard.states.length === 0) return def;
  const { names, states } = plan(def, clipboard);
  const parsed = at.after ? parseStatePointer(at.after) : undefined;
  let anchor = at.after === null ? null : parsed?.level === at.level ? parsed.name : undefined;
  return updateLevel(def, at.level, (body) => {
    let level = body.States as JsonObject;
    for (const [name, state] of states) {
      level = setKeyAfter(level, name, state, anchor);
      if (anchor !== undefined) anchor = name;
    }
    const withStates = setKey(body, "States", level);
    const started = typeof body.StartAt === "string" && Object.hasOwn(level, body.StartAt);
    return started ? withStates : setKey(withStates, "StartAt", [...names.values()][0]);
  });
}

interface Plan {
  names: Map<string, string>;
  states: [string, JsonObject][];
}

function plan(def: Definition, clipboard: Clipboard): Plan {
  const picked: string[] = [];
  const allocate = (base: string) => {
    const name = freeName(def, base, picked);
    picked.push(name);
    return name;
  };
  const names = new Map(clipboard.states.map(([name]) => [name, allocate(name)]));
  const states = clipboard.states.map(([name, state]): [string, JsonObject] => [
    names.get(name) as string,
    renameNested(
      retarget(state, (to) => names.get(to) ?? null),
      allocate,
    ),
  ]);
  return { names, states };
}

/** The state with every nested level's states given fresh names, references following. */
function renameNested(state: JsonObject, allocate: (base: string) => string): JsonObject {
  if (state.Type !== "Parallel" && state.Type !== "Map") return state;
  return mapNestedBodies(state, (body) => {
    if (!isObject(body) || !isObject(body.States)) return body;
    const names = new Map(Object.keys(body.States).map((name) => [name, allocate(name)]));
    const states = Object.fromEntries(
      Object.entries(body.States).map(([name, inner]) => [
        names.get(name) as string,
        isObject(inner) ? renameNested(inner, allocate) : inner,
      ]),
    );
    return renameInLevel(setKey(body, "States", states), names);
  });
}
