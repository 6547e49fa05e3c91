/**
 * The inspector's pure helpers: list edits, reading what the user typed (JSON, numbers, error
 * lists), matching diagnostics to fields, the pickers' ARNs and the machine's own fields.
 */

import type { Definition } from "../../asl/edits";
import { isObject, type JsonObject } from "../../asl/types";
import type { Diagnostic } from "../types";
import { inNestedState } from "./layout";

// ---- lists ----

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((current, at) => (at === index ? item : current));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_item, at) => at !== index);
}

/** The item at `index` swapped with its neighbour `by` places away; the same list when it cannot. */
export function moveAt<T>(list: readonly T[], index: number, by: -1 | 1): readonly T[] {
  const other = index + by;
  if (index < 0 || index >= list.length || other < 0 || other >= list.length) return list;
  const copy = [...list];
  [copy[index], copy[other]] = [copy[other], copy[index]];
  return copy;
}

/** A JSON array as a list of entries (anything else reads as empty). */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `key` set to `value` in place (new keys last); `undefined` removes it. Never mutates. */
export function withField(object: JsonObject, key: string, value: unknown): JsonObject {
  if (value === undefined) {
    return Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
  }
  return { ...object, [key]: value };
}

/** `from` replaced by `to` in the same place, holding `value`. */
export function replaceKey(object: JsonObject, from: string, to: string, value: unknown) {
  if (!Object.hasOwn(object, from)) return { ...withField(object, to, undefined), [to]: value };
  return Object.fromEntries(
    Object.entries(object)
      .filter(([name]) => name !== to || name === from)
      .map(([name, item]) => (name === from ? [to, value] : [name, item])),
  );
}

// ---- what the user typed ----

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** True for a JSONata expression string, `{% … %}`. */
export function isExpression(value: unknown): value is string {
  return typeof value === "string" && /^\s*\{%[\s\S]*%\}\s*$/.test(value);
}

/**
 * A JSON field's text: empty is no value (the field is removed), text starting with `{%` is a
 * JSONata expression (when allowed), anything else must be JSON. An error says where.
 */
export function parseJsonText(text: string, allowExpression = false): Parsed {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: undefined };
  if (allowExpression && trimmed.startsWith("{%")) return { ok: true, value: trimmed };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `Not JSON: ${whereJsonFails(text, String(error))}` };
  }
}

/** "line 2, column 5" from the parser's message, or "the end" / the message itself. */
export function whereJsonFails(text: string, message: string): string {
  const position = /position (\d+)/.exec(message);
  if (position) {
    const before = text.slice(0, Number(position[1]));
    const lines = before.split("\n");
    return `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
  }
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}`;
  if (/end of (JSON )?(data|input)/i.test(message)) return "it ends too early";
  return message.replace(/^SyntaxError:\s*/, "");
}

/** The text a JSON field shows for a value (an expression as written, not quoted). */
export function jsonText(value: unknown, allowExpression = false): string {
  if (value === undefined) return "";
  if (allowExpression && isExpression(value)) return value;
  return JSON.stringify(value, null, 2);
}

/** A number field's text: empty is no value; an expression when allowed; else a finite number. */
export function parseNumberText(text: string, allowExpression = false): Parsed {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: undefined };
  if (allowExpression && trimmed.startsWith("{%")) return { ok: true, value: trimmed };
  const number = Number(trimmed);
  if (!Number.isFinite(number)) {
    return { ok: false, message: allowExpression ? "Not a number or {% %}" : "Not a number" };
  }
  return { ok: true, value: number };
}

/** "States.ALL, States.Timeout" -> the names, trimmed, blanks dropped. */
export function parseNameList(text: string): string[] {
  return text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

export function nameListText(value: unknown): string {
  return listOf(value)
    .map((name) => (typeof name === "string" ? name : JSON.stringify(name)))
    .join(", ");
}

/** The error names ASL defines, for the ErrorEquals suggestions. */
export const ERROR_NAMES = [
  "States.ALL",
  "States.Timeout",
  "States.TaskFailed",
  "States.Permissions",
  "States.HeartbeatTimeout",
  "States.ResultPathMatchFailure",
  "States.ParameterPathFailure",
  "States.QueryEvaluationError",
  "States.BranchFailed",
  "States.NoChoiceMatched",
  "States.IntrinsicFailure",
  "States.ExceedToleratedFailureThreshold",
  "States.ItemReaderFailed",
  "States.ResultWriterFailed",
];

/** Suggestions that complete the last name of a comma list with each error not yet in it. */
export function nameSuggestions(text: string, names: readonly string[] = ERROR_NAMES): string[] {
  const cut = text.lastIndexOf(",");
  const prefix = cut < 0 ? "" : text.slice(0, cut + 1).trimEnd() + " ";
  const used = new Set(parseNameList(cut < 0 ? "" : text.slice(0, cut)));
  return names.filter((name) => !used.has(name)).map((name) => prefix + name);
}

// ---- diagnostics ----

/** Diagnostics at `pointer` or under it. */
export function diagnosticsUnder(diagnostics: readonly Diagnostic[], pointer: string) {
  return diagnostics.filter((d) => d.location === pointer || d.location.startsWith(pointer + "/"));
}

/** Diagnostics exactly at `pointer`. */
export function diagnosticsAt(diagnostics: readonly Diagnostic[], pointer: string) {
  return diagnostics.filter((d) => d.location === pointer);
}

/**
 * Diagnostics under `pointer` that no shown field takes: those on the object itself and those
 * whose first step below it is not one of `fields`.
 */
export function unclaimed(
  diagnostics: readonly Diagnostic[],
  pointer: string,
  fields: readonly string[],
): Diagnostic[] {
  return diagnosticsUnder(diagnostics, pointer).filter((d) => {
    if (d.location === pointer) return true;
    if (inNestedState(d.location.slice(pointer.length))) return false;
    const step = d.location.slice(pointer.length + 1).split("/")[0];
    return !fields.includes(step.replace(/~1/g, "/").replace(/~0/g, "~"));
  });
}

/** Diagnostics of the machine itself: not inside any state, and not on one of `fields`. */
export function machineProblems(diagnostics: readonly Diagnostic[], fields: readonly string[]) {
  return diagnostics.filter(
    (d) => !/^\/States\/[^/]+/.test(d.location) && !fields.includes(d.location.slice(1)),
  );
}

// ---- pickers ----

export const HTTP_INVOKE = "arn:aws:states:::http:invoke";
export const DEFAULT_REGION = "us-east-1";
export const DEFAULT_ACCOUNT = "000000000000";

export function isHttpResource(resource: unknown): boolean {
  return resource === HTTP_INVOKE;
}

export function isStartExecution(resource: unknown): boolean {
  return (
    typeof resource === "string" && resource.startsWith("arn:aws:states:::states:startExecution")
  );
}

/** Region and account of an ARN (`arn:partition:service:region:account:…`), Baton's when absent. */
export function regionAccount(arn: unknown): { region: string; account: string } {
  const parts = typeof arn === "string" ? arn.split(":") : [];
  const ok = parts.length > 5 && parts[0] === "arn";
  return {
    region: ok && parts[3] ? parts[3] : DEFAULT_REGION,
    account: ok && parts[4] ? parts[4] : DEFAULT_ACCOUNT,
  };
}

/** A workflow's state machine ARN, keeping the region and account of `current` if it has them. */
export function stateMachineArn(name: string, current?: unknown): string {
  const { region, account } = regionAccount(current);
  return `arn:aws:states:${region}:${account}:stateMachine:${name}`;
}

/** The workflow a state machine ARN names (its alias or version suffix dropped). */
export function workflowOfArn(arn: unknown): string | undefined {
  if (typeof arn !== "string") return undefined;
  const match = /^arn:[^:]*:states:[^:]*:[^:]*:stateMachine:([^:]+)/.exec(arn);
  return match ? match[1] : undefined;
}

/** A connection's ARN: its own when the API gave one, else built in `current`'s region/account. */
export function connectionArn(
  connection: { name: string; arn?: string },
  current?: unknown,
): string {
  if (connection.arn) return connection.arn;
  const { region, account } = regionAccount(current);
  return `arn:aws:events:${region}:${account}:connection/${connection.name}`;
}

/** The connection name an EventBridge connection ARN names (`connection/NAME[/id]`). */
export function connectionOfArn(arn: unknown): string | undefined {
  if (typeof arn !== "string") return undefined;
  const match = /:connection\/([^/]+)/.exec(arn);
  return match ? match[1] : undefined;
}

/** The value at `path` inside nested objects. */
export function getIn(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), value);
}

/** `value` set at `path`, creating objects on the way; never mutates. */
export function setIn(value: unknown, path: readonly string[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  const object = isObject(value) ? value : {};
  return withField(object, head, setIn(object[head], rest, leaf));
}

// ---- the machine's own fields ----

/**
 * The definition with a top-level field set (in place; a new `Comment` goes first, anything else
 * last) or removed (`undefined`). The same definition when nothing changes.
 */
export function setMachineField(def: Definition, key: string, value: unknown): Definition {
  if (value === undefined) return Object.hasOwn(def, key) ? withField(def, key, undefined) : def;
  if (JSON.stringify(def[key]) === JSON.stringify(value)) return def;
  if (!Object.hasOwn(def, key) && key === "Comment") return { Comment: value, ...def };
  return { ...def, [key]: value };
}
