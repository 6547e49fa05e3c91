/**
 * Edits of a `baton:approval` Task's specification (its `Parameters`, or `Arguments` under
 * JSONata). An emptied optional value ("", [], an empty Reminder) is removed rather than
 * written; a specification that is an expression is left alone (it is edited as JSON).
 */

import {
  approvalKey,
  BOUNDED_TYPES,
  CHOICE_TYPES,
  freeFieldName,
  isApprovalTask,
} from "../approval";
import { isObject, type JsonObject } from "../types";
import { locate } from "./core";
import { languageAt } from "./language";
import { removeKey, setKey } from "./objects";
import { updateState } from "./update";
import type { Definition, StatePointer } from "./types";

/** A place inside the specification: ["Reminder", "AfterSeconds"], ["Form", 0, "name"]. */
export type SpecPath = readonly (string | number)[];

/**
 * The specification with the value at `path` set, or removed when `value` is undefined, "" or
 * an empty list; an object field left empty by a removal goes too. Setting `key` drops its
 * `key.$` path twin. The same definition when the state is not an approval or nothing changed.
 */
export function setApprovalValue(
  def: Definition,
  pointer: StatePointer,
  path: SpecPath,
  value: unknown,
): Definition {
  return changeSpec(def, pointer, (spec) =>
    setPath(spec, path, isEmpty(value) ? undefined : value),
  );
}

/** A new form field (a free name, type text) at the end of the Form. */
export function addFormField(def: Definition, pointer: StatePointer): Definition {
  return changeForm(def, pointer, (form) => [...form, { name: freeFieldName(form), type: "text" }]);
}

export function removeFormField(def: Definition, pointer: StatePointer, index: number) {
  return changeForm(def, pointer, (form) => form.filter((_item, at) => at !== index));
}

/** The field at `index` swapped with its neighbour `by` places away (nothing at an end). */
export function moveFormField(
  def: Definition,
  pointer: StatePointer,
  index: number,
  by: -1 | 1,
): Definition {
  return changeForm(def, pointer, (form) => {
    const other = index + by;
    if (index < 0 || other < 0 || index >= form.length || other >= form.length) return form;
    const copy = [...form];
    [copy[index], copy[other]] = [copy[other], copy[index]];
    return copy;
  });
}

/**
 * A field's type changed: `choices` and `min`/`max` go when the new type does not take them,
 * and the `default` goes because it was written for the old type.
 */
export function setFormFieldType(
  def: Definition,
  pointer: StatePointer,
  index: number,
  type: string,
): Definition {
  return changeForm(def, pointer, (form) =>
    form.map((item, at) => (at === index && isObject(item) ? retyped(item, type) : item)),
  );
}

function retyped(item: JsonObject, type: string): JsonObject {
  if (item.type === type) return item;
  let next = setKey(removeKey(item, "default"), "type", type);
  if (!CHOICE_TYPES.includes(type)) next = removeKey(next, "choices");
  if (!BOUNDED_TYPES.includes(type)) next = removeKey(removeKey(next, "min"), "max");
  return next;
}

function changeSpec(
  def: Definition,
  pointer: StatePointer,
  change: (spec: JsonObject) => JsonObject,
): Definition {
  const found = locate(def, pointer);
  if (!found || !isApprovalTask(found.state)) return def;
  const key = approvalKey(languageAt(def, pointer));
  const spec = found.state[key] ?? {};
  if (!isObject(spec)) return def;
  return updateState(def, pointer, { [key]: change(spec) });
}

function changeForm(
  def: Definition,
  pointer: StatePointer,
  change: (form: readonly unknown[]) => readonly unknown[],
): Definition {
  return changeSpec(def, pointer, (spec) => {
    const form = spec.Form ?? [];
    if (!Array.isArray(form) || Object.hasOwn(spec, "Form.$")) return spec;
    const next = change(form);
    return next.length > 0 ? setKey(spec, "Form", next) : removeKey(spec, "Form");
  });
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

/** `value` set at `path` (undefined removes); emptied objects below the top are removed. */
function setPath(node: JsonObject, path: SpecPath, value: unknown): JsonObject {
  const [head, ...rest] = path;
  const key = String(head);
  if (rest.length === 0) {
    const without = removeKey(node, `${key}.$`);
    return value === undefined ? removeKey(without, key) : setKey(without, key, value);
  }
  const child = node[key];
  const next = Array.isArray(child)
    ? setInList(child, rest, value)
    : setPath(isObject(child) ? child : {}, rest, value);
  if (isObject(next) && Object.keys(next).length === 0) return removeKey(node, key);
  return setKey(node, key, next);
}

function setInList(list: readonly unknown[], path: SpecPath, value: unknown): unknown[] {
  const [head, ...rest] = path;
  const index = Number(head);
  if (!Number.isInteger(index) || index < 0 || index >= list.length) return [...list];
  return list.map((item, at) => {
    if (at !== index) return item;
    if (rest.length === 0) return value;
    // A list entry keeps its place even when emptied.
    return isObject(item) ? setPath(item, rest, value) : item;
  });
}
