/**
 * Where a definition's text stops being JSON, and where a JSON pointer's value sits in the text.
 * Pure: no DOM, no CodeMirror.
 */

import { JsonScanError, JsonScanner } from "./jsonScan";

export interface ParseErrorLocation {
  /** Plain words, ending with "(line L, column C)". */
  message: string;
  /** UTF-16 offset into the text (text.length when the text ends too early). */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

/** Null when JSON.parse accepts the text; otherwise where and why it does not. */
export function locateParseError(text: string): ParseErrorLocation | null {
  let engineMessage: string;
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    engineMessage = error instanceof Error ? error.message : String(error);
  }
  const scanned = scan(text);
  const enginePosition = positionIn(engineMessage);
  let offset: number;
  let message: string;
  if (enginePosition === null || (scanned && scanned.offset === enginePosition)) {
    offset = scanned?.offset ?? text.length;
    message = scanned?.message ?? plainEngineMessage(engineMessage);
  } else {
    // The engine said where; our scanner disagrees (it should not): trust the engine.
    offset = enginePosition;
    message = plainEngineMessage(engineMessage);
  }
  offset = Math.max(0, Math.min(offset, text.length));
  const { line, column } = lineAndColumn(text, offset);
  return { message: `${message} (line ${line}, column ${column})`, offset, line, column };
}

function scan(text: string): { message: string; offset: number } | null {
  try {
    new JsonScanner(text).document();
    return null;
  } catch (error) {
    if (error instanceof JsonScanError) return { message: error.message, offset: error.offset };
    return null; // e.g. nesting too deep for the recursion
  }
}

/** V8: "... in JSON at position 12" (newer: "... at position 12 (line 2 column 3)"). */
function positionIn(message: string): number | null {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}

function plainEngineMessage(message: string): string {
  const cut = message
    .replace(/\s*\(line \d+ column \d+\)/, "")
    .replace(/\s*(in JSON )?at position \d+.*$/, "")
    .replace(/^JSON\.parse:\s*/, "")
    .replace(/\s+at line \d+ column \d+ of the JSON data$/, "")
    .trim();
  return cut ? cut[0].toUpperCase() + cut.slice(1) : "Not valid JSON";
}

/** 1-based line and column of an offset; "\n", "\r\n" and a lone "\r" each end a line. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The text range of the value a JSON pointer (RFC 6901) names: "" is the whole value,
 * "/States/A" the object of state A (from its "{" to just after its "}"). A repeated key
 * resolves to its last occurrence, as JSON.parse keeps the last value. Null when the pointer
 * is malformed or names nothing, or the text breaks before the value ends.
 */
export function offsetOfPointer(
  text: string,
  pointer: string,
): { from: number; to: number } | null {
  const tokens = pointerTokens(pointer);
  if (!tokens) return null;
  const scanner = new JsonScanner(text);
  try {
    scanner.skipSpace();
    for (const token of tokens) {
      const found = findChild(scanner, token);
      if (found === null) return null;
      scanner.pos = found;
    }
    const from = scanner.pos;
    scanner.value();
    return { from, to: scanner.pos };
  } catch (error) {
    if (error instanceof JsonScanError || error instanceof RangeError) return null;
    throw error;
  }
}

function pointerTokens(pointer: string): string[] | null {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return null;
  const raw = pointer.slice(1).split("/");
  if (raw.some((token) => /~(?![01])/.test(token))) return null;
  return raw.map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * Offset of the value under `token` in the object or array at scanner.pos, or null. Once found,
 * a break later in the same container does not matter.
 */
function findChild(scanner: JsonScanner, token: string): number | null {
  const hit: { at: number | null } = { at: null };
  const ch = scanner.peek();
  try {
    if (ch === "{") {
      scanner.object((key) => {
        if (key === token) hit.at = scanner.pos;
        scanner.value();
      });
    } else if (ch === "[") {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return null;
      const wanted = Number(token);
      scanner.array((index) => {
        if (index === wanted) hit.at = scanner.pos;
        scanner.value();
      });
    }
  } catch (error) {
    if (!(error instanceof JsonScanError) || hit.at === null) throw error;
  }
  return hit.at;
}
