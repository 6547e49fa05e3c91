/** Readable text for Choice rules: `$.x == 5`, `And($.a is present, Not($.b ≥ 3))`, JSONata as written. */

import { isObject, type JsonObject } from "./types";

const RELATIONS: Record<string, string> = {
  Equals: "==",
  LessThan: "<",
  GreaterThan: ">",
  LessThanEquals: "≤",
  GreaterThanEquals: "≥",
  Matches: "matches",
};

const KINDS = ["String", "Numeric", "Boolean", "Timestamp"];

const TESTS: Record<string, [string, string]> = {
  IsPresent: ["is present", "is not present"],
  IsNull: ["is null", "is not null"],
  IsString: ["is a string", "is not a string"],
  IsNumeric: ["is numeric", "is not numeric"],
  IsBoolean: ["is a boolean", "is not a boolean"],
  IsTimestamp: ["is a timestamp", "is not a timestamp"],
};

/** One Choice rule (or nested rule) as text; never throws, whatever the rule holds. */
export function describeRule(rule: unknown): string {
  if (!isObject(rule)) return "?";
  if (typeof rule.Condition === "string") return describeJsonata(rule.Condition);
  if (Array.isArray(rule.And)) return combine("And", rule.And);
  if (Array.isArray(rule.Or)) return combine("Or", rule.Or);
  if ("Not" in rule) return `Not(${describeRule(rule.Not)})`;
  return describeComparison(rule);
}

/** A JSONata condition shows its expression without the `{% %}` delimiters. */
export function describeJsonata(condition: string): string {
  const match = /^\s*\{%([\s\S]*)%\}\s*$/.exec(condition);
  return (match ? match[1] : condition).trim().replace(/\s+/g, " ");
}

function combine(name: string, rules: unknown[]): string {
  return `${name}(${rules.map(describeRule).join(", ")})`;
}

function describeComparison(rule: JsonObject): string {
  const variable = typeof rule.Variable === "string" ? rule.Variable : "?";
  for (const [key, value] of Object.entries(rule)) {
    const text = describeOperator(key, value);
    if (text !== undefined) return `${variable} ${text}`;
  }
  return `${variable} ?`;
}

function describeOperator(key: string, value: unknown): string | undefined {
  const test = TESTS[key];
  if (test) return value === false ? test[1] : test[0];
  const isPath = key.endsWith("Path");
  const operator = isPath ? key.slice(0, -"Path".length) : key;
  const kind = KINDS.find((prefix) => operator.startsWith(prefix));
  const relation = kind && RELATIONS[operator.slice(kind.length)];
  if (!relation) return undefined;
  return `${relation} ${isPath ? String(value) : formatValue(value)}`;
}

function formatValue(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(JSON.stringify(value));
}
