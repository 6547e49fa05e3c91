/**
 * Immutable object helpers that keep key order. Every helper builds objects with define-style
 * writes (spread, computed keys, Object.fromEntries), never `object[key] = value`, so a state
 * named "__proto__" is an ordinary key. Each returns its input when nothing would change.
 */

import { isObject, type JsonObject } from "../types";

/** `key` set to `value`: an existing key keeps its place, a new one goes last. */
export function setKey(object: JsonObject, key: string, value: unknown): JsonObject {
  if (Object.hasOwn(object, key) && object[key] === value) return object;
  return { ...object, [key]: value };
}

/** `key` set to `value`, a new key going right after `anchor` (or first when anchor is null). */
export function setKeyAfter(
  object: JsonObject,
  key: string,
  value: unknown,
  anchor: string | null | undefined,
): JsonObject {
  if (Object.hasOwn(object, key) || anchor === undefined || !placeable(object, anchor)) {
    return setKey(object, key, value);
  }
  const entries = Object.entries(object);
  const at = anchor === null ? 0 : entries.findIndex(([name]) => name === anchor) + 1;
  entries.splice(at, 0, [key, value]);
  return Object.fromEntries(entries);
}

function placeable(object: JsonObject, anchor: string | null): boolean {
  return anchor === null || Object.hasOwn(object, anchor);
}

export function removeKey(object: JsonObject, key: string): JsonObject {
  if (!Object.hasOwn(object, key)) return object;
  return Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
}

/** `from` renamed to `to` in place (its value replaced by `value` when given). */
export function renameKey(
  object: JsonObject,
  from: string,
  to: string,
  value?: unknown,
): JsonObject {
  if (!Object.hasOwn(object, from)) return object;
  const next = value === undefined ? object[from] : value;
  if (from === to) return setKey(object, to, next);
  return Object.fromEntries(
    Object.entries(object)
      .filter(([name]) => name !== to)
      .map(([name, item]) => (name === from ? [to, next] : [name, item])),
  );
}

/** The same keys in `order` (keys missing from it keep their relative order, at the end). */
export function reorderKeys(object: JsonObject, order: readonly string[]): JsonObject {
  const listed = order.filter((key) => Object.hasOwn(object, key));
  const rest = Object.keys(object).filter((key) => !listed.includes(key));
  const keys = [...new Set([...listed, ...rest])];
  const result = Object.fromEntries(keys.map((key) => [key, object[key]]));
  return sameOrder(Object.keys(result), Object.keys(object)) ? object : result;
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}

/** Applies `change` to each element; the same array back when no element changed. */
export function mapArray<T>(items: readonly T[], change: (item: T, index: number) => T): T[] {
  let changed = false;
  const result = items.map((item, index) => {
    const next = change(item, index);
    if (next !== item) changed = true;
    return next;
  });
  return changed ? result : (items as T[]);
}

/** Applies `change` to each value; the same object back when no value changed. */
export function mapValues(
  object: JsonObject,
  change: (value: unknown, key: string) => unknown,
): JsonObject {
  let changed = false;
  const entries = Object.entries(object).map(([key, value]): [string, unknown] => {
    const next = change(value, key);
    if (next !== value) changed = true;
    return [key, next];
  });
  return changed ? Object.fromEntries(entries) : object;
}

/** JSON equality: same values, key order ignored (`undefined` members count as absent). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameJson(item, b[index]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = (object: JsonObject) => Object.keys(object).filter((k) => object[k] !== undefined);
  const mine = keys(a);
  return mine.length === keys(b).length && mine.every((key) => sameJson(a[key], b[key]));
}

/**
 * A level's `StartAt` set to `name`: in place when it has one, else right before `States`
 * (where every ASL author writes it), so an emptied level that gets a new start reads as usual.
 */
export function setStartAt(level: JsonObject, name: string): JsonObject {
  if (Object.hasOwn(level, "StartAt") || !Object.hasOwn(level, "States")) {
    return setKey(level, "StartAt", name);
  }
  const entries = Object.entries(level);
  const at = entries.findIndex(([key]) => key === "States");
  entries.splice(at, 0, ["StartAt", name]);
  return Object.fromEntries(entries);
}
