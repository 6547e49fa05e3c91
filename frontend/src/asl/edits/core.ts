/**
 * Finding levels and states by pointer, and rebuilding a definition along one path with
 * structural sharing (everything off the path is the same object as before).
 */

import { branchLevels, processorLevel, readLevel, walkStates, type ChildLevel } from "../levels";
import { join, split } from "../pointer";
import { isObject, type JsonObject } from "../types";
import { mapArray, setKey } from "./objects";
import type { Definition, LevelPointer, StatePointer } from "./types";

export interface Located {
  pointer: StatePointer;
  level: LevelPointer;
  name: string;
  state: JsonObject;
}

/** A pointer's tokens, or undefined when it is not a pointer at all. */
function tokensOf(pointer: string): string[] | undefined {
  return pointer === "" || pointer.startsWith("/") ? split(pointer) : undefined;
}

/**
 * The level a state pointer's state lives in, and its name, read from the pointer's shape alone
 * (`States/<name>` steps joined by `Branches/<i>`, `ItemProcessor` or `Iterator`).
 */
export function parseStatePointer(
  pointer: string,
): { level: LevelPointer; name: string } | undefined {
  const tokens = tokensOf(pointer);
  if (!tokens || tokens.length < 2 || tokens[tokens.length - 2] !== "States") return undefined;
  const level = tokens.slice(0, -2);
  if (!isLevelShape(level)) return undefined;
  return { level: join("", ...level), name: tokens[tokens.length - 1] };
}

function isLevelShape(tokens: string[]): boolean {
  let at = 0;
  while (at < tokens.length) {
    if (tokens[at] !== "States" || at + 2 >= tokens.length) return false;
    const step = tokens[at + 2];
    if (step === "Branches" && /^(0|[1-9]\d*)$/.test(tokens[at + 3] ?? "")) at += 4;
    else if (step === "ItemProcessor" || step === "Iterator") at += 3;
    else return false;
  }
  return true;
}

/** The body (`StartAt` + `States`) of an existing level, checked the way toGraph reads it. */
export function levelBody(def: Definition, level: LevelPointer): JsonObject | undefined {
  if (level === "") return isObject(def.States) ? def : undefined;
  const tokens = tokensOf(level);
  if (!tokens || !isLevelShape(tokens)) return undefined;
  const body = childLevel(def, tokens);
  return body && isObject(body.States) ? body : undefined;
}

/** Resolves a level's tokens through real Parallel branches and Map processors only. */
function childLevel(def: Definition, tokens: string[]): JsonObject | undefined {
  let level: ChildLevel | undefined = { pointer: "", body: def, index: 0 };
  for (let at = 0; level && at < tokens.length; at += tokens[at + 2] === "Branches" ? 4 : 3) {
    level = enter(level, tokens, at);
  }
  return level?.body;
}

/** The branch or processor that `tokens[at..]` names inside one of `level`'s states. */
function enter(level: ChildLevel, tokens: string[], at: number): ChildLevel | undefined {
  const entry = readLevel(level.body, level.pointer).states.find((e) => e.name === tokens[at + 1]);
  if (!entry) return undefined;
  const isBranch = tokens[at + 2] === "Branches";
  const target = isBranch
    ? join(entry.pointer, "Branches", tokens[at + 3])
    : join(entry.pointer, tokens[at + 2]);
  const children = isBranch
    ? branchLevels(entry.state, entry.pointer)
    : [processorLevel(entry.state, entry.pointer)];
  return children.find((child) => child?.pointer === target);
}

/** An existing state (an object under `States`), or undefined. */
export function locate(def: Definition, pointer: StatePointer): Located | undefined {
  const parsed = parseStatePointer(pointer);
  if (!parsed) return undefined;
  const body = levelBody(def, parsed.level);
  const states = body?.States;
  if (!isObject(states) || !Object.hasOwn(states, parsed.name)) return undefined;
  const state = states[parsed.name];
  return isObject(state) ? { pointer, ...parsed, state } : undefined;
}

export function statesOf(def: Definition, level: LevelPointer): JsonObject | undefined {
  const states = levelBody(def, level)?.States;
  return isObject(states) ? states : undefined;
}

/** The definition with the value at `tokens` replaced by `change(value)`; shares the rest. */
function updateIn(value: unknown, tokens: string[], change: (value: unknown) => unknown): unknown {
  if (tokens.length === 0) return change(value);
  const [head, ...rest] = tokens;
  if (Array.isArray(value)) {
    const index = Number(head);
    return mapArray(value, (item, at) => (at === index ? updateIn(item, rest, change) : item));
  }
  if (!isObject(value)) return value;
  return setKey(value, head, updateIn(value[head], rest, change));
}

/** The level's body passed through `change`; the same definition when the level is missing. */
export function updateLevel(
  def: Definition,
  level: LevelPointer,
  change: (body: JsonObject) => JsonObject,
): Definition {
  if (!levelBody(def, level)) return def;
  return updateIn(def, split(level), (body) => change(body as JsonObject)) as Definition;
}

/** The level's `States` passed through `change`. */
export function updateStates(
  def: Definition,
  level: LevelPointer,
  change: (states: JsonObject) => JsonObject,
): Definition {
  return updateLevel(def, level, (body) =>
    setKey(body, "States", change(body.States as JsonObject)),
  );
}

/** One state passed through `change`; the same definition when it does not exist. */
export function updateAt(
  def: Definition,
  pointer: StatePointer,
  change: (state: JsonObject) => JsonObject,
): Definition {
  const found = locate(def, pointer);
  if (!found) return def;
  return updateStates(def, found.level, (states) =>
    setKey(states, found.name, change(found.state)),
  );
}

/** Every state name in the whole machine, nested levels included (ASL makes them unique there). */
export function allNames(def: Definition): Set<string> {
  return isObject(def.States)
    ? new Set([...walkStates(def)].map((entry) => entry.name))
    : new Set();
}

/** True when `inner` is `outer` or lies inside it. */
export function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer + "/");
}

export function statePointer(level: LevelPointer, name: string): StatePointer {
  return join(level, "States", name);
}
