/**
 * Reading a `baton:approval` Task (issue 15, engine/asl/approval_spec.py): its specification
 * lives in `Parameters` (JSONPath) or `Arguments` (JSONata), and any value in it may be a path
 * (`Key.$`) or a JSONata `{% %}` string known only at run time. Pure, no React.
 */

import { isObject, type JsonObject } from "./types";

export const APPROVAL_RESOURCE = "baton:approval";

export const FIELD_TYPES = [
  "text",
  "textarea",
  "number",
  "choice",
  "multichoice",
  "boolean",
  "date",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Types that take `min`/`max` (a length for text, a value for numbers, a date for dates). */
export const BOUNDED_TYPES: readonly string[] = ["number", "text", "textarea", "date"];
/** Types that take `choices`. */
export const CHOICE_TYPES: readonly string[] = ["choice", "multichoice"];

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const ON_TIMEOUT = ["Fail", "Approve", "Reject"] as const;

/** The specification's fields, in the order the server lists them. */
export const SPEC_FIELDS = [
  "Title",
  "Description",
  "Assignees",
  "Groups",
  "Form",
  "RequiredApprovals",
  "AllowSelfApproval",
  "Reminder",
  "Escalation",
  "Priority",
  "DueSeconds",
  "OnTimeout",
] as const;

export const FORM_FIELD_KEYS = [
  "name",
  "type",
  "label",
  "required",
  "default",
  "min",
  "max",
  "choices",
] as const;

export function isApprovalTask(state: unknown): boolean {
  return isObject(state) && state.Type === "Task" && state.Resource === APPROVAL_RESOURCE;
}

/** Where the specification lives in the language in force. */
export function approvalKey(language: string): "Parameters" | "Arguments" {
  return language === "JSONata" ? "Arguments" : "Parameters";
}

/** True for a JSONata expression string, `{% … %}`. */
export function isExpressionText(value: unknown): value is string {
  return typeof value === "string" && /^\s*\{%[\s\S]*%\}\s*$/.test(value);
}

/**
 * How `key` of `object` is given when it is known only at run time: its `key.$` path, or its
 * JSONata expression; undefined for a plain value (or none).
 */
export function dynamicValue(
  object: JsonObject,
  key: string,
): { key: string; text: string } | undefined {
  const pathKey = `${key}.$`;
  if (Object.hasOwn(object, pathKey)) return { key: pathKey, text: String(object[pathKey]) };
  const value = object[key];
  return isExpressionText(value) ? { key, text: value } : undefined;
}

/** A name not yet used by a field of `form`: field_1, field_2, … */
export function freeFieldName(form: readonly unknown[]): string {
  const used = new Set(form.map((item) => (isObject(item) ? item.name : undefined)));
  let index = form.length + 1;
  while (used.has(`field_${index}`)) index += 1;
  return `field_${index}`;
}
