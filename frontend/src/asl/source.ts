/**
 * Reading JSON text the way JSON.parse does, while noting what JSON.parse forgets: the spelling
 * of numbers (`1.0`, `1e3`, integers past 2^53), of strings and keys (`\u00e9`, `\/`), the
 * written order of integer-like keys (JavaScript lists "0", "1", "42" first) and repeated keys.
 * serialize.ts writes those back for every object and array an edit has not replaced.
 */

import { join } from "./pointer";

/** What one object or array was written with, where JavaScript would write it differently. */
export interface Written {
  /** Objects: keys in written order (first occurrence) with their tokens, when either differs. */
  keys?: { key: string; text: string }[];
  /** Members (by key, or index for arrays) whose token JSON.stringify would not reproduce. */
  tokens?: Map<string, { text: string; value: unknown }>;
}

/** The written form of each parsed object and array that needs one; opaque to callers. */
export type Source = WeakMap<object, Written>;

export type Issue =
  | { kind: "number"; pointer: string; written: string; read: string; sameValue: boolean }
  | { kind: "spelling"; pointer: string; written: string; read: string }
  | { kind: "key-order"; pointer: string; written: string[]; read: string[] }
  | { kind: "duplicate-key"; pointer: string; key: string };

export interface Parsed {
  value: unknown;
  source: Source;
  /** What `JSON.stringify(JSON.parse(text))` would write differently, in document order. */
  issues: Issue[];
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;
const SPACE = /[ \t\n\r]*/y;

/** Parses like JSON.parse (and throws its SyntaxError for text that is not JSON). */
export function parseWithSource(text: string): Parsed {
  JSON.parse(text);
  const reader = new Reader(text);
  const value = reader.value("");
  return { value, source: reader.source, issues: reader.issues };
}

class Reader {
  at = 0;
  source: Source = new WeakMap();
  issues: Issue[] = [];

  constructor(private readonly text: string) {}

  value(pointer: string): unknown {
    this.skip();
    const char = this.text[this.at];
    if (char === "{") return this.object(pointer);
    if (char === "[") return this.array(pointer);
    return this.primitive(pointer).value;
  }

  primitive(pointer: string): { value: unknown; text: string } {
    const text = this.token(
      this.text[this.at] === '"' ? STRING : /[-\d]/.test(this.text[this.at]) ? NUMBER : LITERAL,
    );
    const value: unknown = JSON.parse(text);
    const read = JSON.stringify(value) ?? "null";
    if (read !== text) this.issues.push(issueFor(pointer, text, read, value));
    return { value, text };
  }

  object(pointer: string): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    const written: { key: string; text: string }[] = [];
    const tokens = new Map<string, { text: string; value: unknown }>();
    this.at++;
    for (let first = true; !this.close("}"); first = false) {
      if (!first) this.expect(",");
      this.skip();
      const keyText = this.token(STRING);
      const key = JSON.parse(keyText) as string;
      this.expect(":");
      const member = this.member(join(pointer, key), tokens, key);
      if (Object.hasOwn(object, key)) this.issues.push({ kind: "duplicate-key", pointer, key });
      else written.push({ key, text: keyText });
      if (keyText !== JSON.stringify(key)) {
        this.issues.push({
          kind: "spelling",
          pointer: join(pointer, key),
          written: keyText,
          read: JSON.stringify(key),
        });
      }
      Object.defineProperty(object, key, {
        value: member,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    const read = Object.keys(object);
    const reordered = read.some((key, index) => key !== written[index].key);
    if (reordered) {
      this.issues.push({ kind: "key-order", pointer, written: written.map((w) => w.key), read });
    }
    const respelled = written.some(({ key, text }) => text !== JSON.stringify(key));
    this.remember(object, reordered || respelled ? written : undefined, tokens);
    return object;
  }

  array(pointer: string): unknown[] {
    const array: unknown[] = [];
    const tokens = new Map<string, { text: string; value: unknown }>();
    this.at++;
    for (let first = true; !this.close("]"); first = false) {
      if (!first) this.expect(",");
      array.push(this.member(join(pointer, array.length), tokens, String(array.length)));
    }
    this.remember(array, undefined, tokens);
    return array;
  }

  /** A member value; a primitive's token is kept when JavaScript would write it differently. */
  member(pointer: string, tokens: Written["tokens"] & {}, key: string): unknown {
    this.skip();
    if ("{[".includes(this.text[this.at])) return this.value(pointer);
    const { value, text } = this.primitive(pointer);
    if (text !== JSON.stringify(value)) tokens.set(key, { text, value });
    else tokens.delete(key);
    return value;
  }

  remember(target: object, keys: Written["keys"], tokens: Written["tokens"] & {}): void {
    if (keys || tokens.size > 0) {
      this.source.set(target, { keys, tokens: tokens.size > 0 ? tokens : undefined });
    }
  }

  token(pattern: RegExp): string {
    pattern.lastIndex = this.at;
    const match = pattern.exec(this.text);
    if (!match || match[0] === "") throw new SyntaxError(`Unexpected JSON at position ${this.at}`);
    this.at += match[0].length;
    return match[0];
  }

  close(char: string): boolean {
    this.skip();
    if (this.text[this.at] !== char) return false;
    this.at++;
    return true;
  }

  expect(char: string): void {
    if (!this.close(char)) throw new SyntaxError(`Expected ${char} at position ${this.at}`);
  }

  skip(): void {
    SPACE.lastIndex = this.at;
    SPACE.exec(this.text);
    this.at = SPACE.lastIndex;
  }
}

function issueFor(pointer: string, written: string, read: string, value: unknown): Issue {
  if (typeof value !== "number") return { kind: "spelling", pointer, written, read };
  return { kind: "number", pointer, written, read, sameValue: sameDecimal(written, read) };
}

/** True when two JSON number tokens denote the same decimal value (`1.0` and `1`, `1e3` and `1000`). */
export function sameDecimal(a: string, b: string): boolean {
  const x = decimal(a);
  const y = decimal(b);
  return x !== undefined && y !== undefined && x === y;
}

/** A canonical form: sign, significant digits, exponent of the last digit ("0" for zero). */
function decimal(token: string): string | undefined {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(token);
  if (!match) return undefined;
  const [, sign, whole, fraction = "", exponent = "0"] = match;
  const digits = (whole + fraction).replace(/^0+/, "");
  if (digits === "") return "0";
  const trimmed = digits.replace(/0+$/, "");
  const scale = BigInt(exponent) - BigInt(fraction.length) + BigInt(digits.length - trimmed.length);
  return `${sign}${trimmed}e${scale}`;
}
