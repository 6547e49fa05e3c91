/**
 * The designer's import and export. Export is JSON text with a 2-space indent and keys in
 * their order, exactly `JSON.stringify(value, null, 2)` when no source is given. With the
 * `Source` of `importDefinition`, every object and array an edit has not replaced (structural
 * sharing keeps them the same objects) is written with its original tokens: numbers as written
 * (`1.0`, `1e3`, `12345678901234567890`), strings and keys with their escapes, keys in written
 * order even when integer-like. See README "Export fidelity".
 */

import { parseWithSource, type Issue, type Source } from "./source";
import { isObject } from "./types";

export type { Issue, Source } from "./source";

export interface Imported {
  definition: unknown;
  source: Source;
  /**
   * What a plain JSON.parse / JSON.stringify round trip would change. With `source`, export
   * keeps all of it while the objects are untouched, except a repeated key (only its last value
   * survives parsing) — and a number whose value JavaScript cannot hold (`sameValue: false`)
   * is shown and compared with the rounded value it was read as.
   */
  issues: Issue[];
}

/** Parses definition text; throws JSON.parse's SyntaxError when it is not JSON. */
export function importDefinition(text: string): Imported {
  const { value, source, issues } = parseWithSource(text);
  return { definition: value, source, issues };
}

/** The export text of `value`. */
export function serialize(value: unknown, source?: Source): string {
  return write(value, "", source) ?? "null";
}

/** True when exporting the imported text, unchanged, gives the same JSON tokens back. */
export function exportsExactly(imported: Imported): boolean {
  return !imported.issues.some((issue) => issue.kind === "duplicate-key");
}

function write(value: unknown, indent: string, source: Source | undefined): string | undefined {
  if (Array.isArray(value)) return writeArray(value, indent, source);
  if (isObject(value)) return writeObject(value, indent, source);
  return JSON.stringify(value);
}

function writeArray(items: unknown[], indent: string, source: Source | undefined): string {
  if (items.length === 0) return "[]";
  const inner = indent + "  ";
  const tokens = source?.get(items)?.tokens;
  const lines = items.map(
    (item, index) =>
      inner + (kept(tokens, String(index), item) ?? write(item, inner, source) ?? "null"),
  );
  return `[\n${lines.join(",\n")}\n${indent}]`;
}

function writeObject(
  object: Record<string, unknown>,
  indent: string,
  source: Source | undefined,
): string {
  const written = source?.get(object);
  const inner = indent + "  ";
  const lines: string[] = [];
  for (const [key, keyText] of keysOf(object, written?.keys)) {
    const value = kept(written?.tokens, key, object[key]) ?? write(object[key], inner, source);
    if (value !== undefined) lines.push(`${inner}${keyText}: ${value}`);
  }
  return lines.length === 0 ? "{}" : `{\n${lines.join(",\n")}\n${indent}}`;
}

/** Keys with their tokens: as written when the object still has exactly the written keys. */
function keysOf(
  object: Record<string, unknown>,
  written: { key: string; text: string }[] | undefined,
): [string, string][] {
  const keys = Object.keys(object);
  if (
    written &&
    written.length === keys.length &&
    written.every((w) => Object.hasOwn(object, w.key))
  ) {
    return written.map((w) => [w.key, w.text]);
  }
  return keys.map((key) => [key, JSON.stringify(key)]);
}

function kept(
  tokens: Map<string, { text: string; value: unknown }> | undefined,
  key: string,
  value: unknown,
): string | undefined {
  const token = tokens?.get(key);
  return token && Object.is(token.value, value) ? token.text : undefined;
}
