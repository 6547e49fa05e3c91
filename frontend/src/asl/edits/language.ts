/** Query languages: which one applies where, and setting it on the machine or on a state. */

import { split } from "../pointer";
import { isObject, type JsonObject } from "../types";
import { locate, updateAt } from "./core";
import { setKeyAfter } from "./objects";
import type { Definition, LevelPointer, QueryLanguage, StatePointer } from "./types";

/** The machine-wide target of `setQueryLanguage`. */
export const MACHINE = "";

/**
 * The language in force at a state or level pointer: the machine's `QueryLanguage` (JSONPath
 * when absent), overridden by each enclosing state's own, and the state's own last.
 */
export function languageAt(def: Definition, pointer: StatePointer | LevelPointer): QueryLanguage {
  let language = readLanguage(def) ?? "JSONPath";
  let node: unknown = def;
  for (const token of pointer === "" ? [] : split(pointer)) {
    node = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    if (isObject(node) && typeof node.Type === "string") language = readLanguage(node) ?? language;
  }
  return language;
}

function readLanguage(node: JsonObject): QueryLanguage | undefined {
  const value = node.QueryLanguage;
  return value === "JSONPath" || value === "JSONata" ? value : undefined;
}

/**
 * Sets `QueryLanguage` on the machine (`MACHINE`, a new key going before `StartAt`) or on a
 * state (a new key going after `Type`). Only the field changes: converting `Parameters` to
 * `Arguments` and paths to expressions is the author's work, which validation points to.
 */
export function setQueryLanguage(
  def: Definition,
  target: StatePointer | typeof MACHINE,
  language: QueryLanguage,
): Definition {
  if (target === MACHINE)
    return setKeyAfter(def, "QueryLanguage", language, keyBefore(def, "StartAt"));
  if (!locate(def, target)) return def;
  return updateAt(def, target, (state) => setKeyAfter(state, "QueryLanguage", language, "Type"));
}

/** The key right before `key` (null when it is first; undefined when it is absent). */
function keyBefore(object: JsonObject, key: string): string | null | undefined {
  const keys = Object.keys(object);
  const at = keys.indexOf(key);
  return at < 0 ? undefined : at === 0 ? null : keys[at - 1];
}
