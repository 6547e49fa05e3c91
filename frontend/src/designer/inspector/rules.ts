/**
 * Choice rules, pure: the ASL comparison operators, what value each takes, and the rule edits
 * the rule builder makes (operator, value, group kind). Every function returns a new object and
 * leaves its input alone; key order is kept where a key is replaced.
 */

import { isObject, type JsonObject } from "../../asl/types";

/** What an operator compares against: a literal of a type, a path, or a yes/no test. */
export type ValueKind = "string" | "number" | "boolean" | "timestamp" | "path";

const RELATIONS = ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"];

function family(prefix: string, extra: string[] = []): string[] {
  return [...RELATIONS, ...extra].flatMap((relation) =>
    relation === "Matches" ? [prefix + relation] : [prefix + relation, `${prefix}${relation}Path`],
  );
}

export const STRING_OPERATORS = family("String", ["Matches"]);
export const NUMERIC_OPERATORS = family("Numeric");
export const BOOLEAN_OPERATORS = ["BooleanEquals", "BooleanEqualsPath"];
export const TIMESTAMP_OPERATORS = family("Timestamp");
export const TYPE_TESTS = [
  "IsNull",
  "IsPresent",
  "IsNumeric",
  "IsString",
  "IsBoolean",
  "IsTimestamp",
];

/** Every ASL comparison operator, grouped as the select shows them. */
export const OPERATOR_GROUPS: ReadonlyArray<{ label: string; operators: readonly string[] }> = [
  { label: "String", operators: STRING_OPERATORS },
  { label: "Number", operators: NUMERIC_OPERATORS },
  { label: "Boolean", operators: BOOLEAN_OPERATORS },
  { label: "Timestamp", operators: TIMESTAMP_OPERATORS },
  { label: "Type tests", operators: TYPE_TESTS },
];

export const OPERATORS: readonly string[] = OPERATOR_GROUPS.flatMap((group) => group.operators);

const OPERATOR_SET = new Set(OPERATORS);

export function isOperator(key: string): boolean {
  return OPERATOR_SET.has(key);
}

export function valueKind(operator: string): ValueKind {
  if (operator.endsWith("Path")) return "path";
  if (operator.startsWith("Numeric")) return "number";
  if (operator.startsWith("Boolean") || operator.startsWith("Is")) return "boolean";
  if (operator.startsWith("Timestamp")) return "timestamp";
  return "string";
}

/** The value `previous` becomes when its operator changes to one of `kind`. */
export function convertValue(previous: unknown, kind: ValueKind): unknown {
  switch (kind) {
    case "number": {
      const number = typeof previous === "string" ? Number(previous) : previous;
      return typeof number === "number" && Number.isFinite(number) && previous !== "" ? number : 0;
    }
    case "boolean":
      return typeof previous === "boolean" ? previous : previous !== "false";
    case "path":
      return typeof previous === "string" && previous.startsWith("$") ? previous : "$";
    default:
      return typeof previous === "string"
        ? previous
        : typeof previous === "number"
          ? String(previous)
          : "";
  }
}

/** What a condition is: a comparison, a group, a JSONata `Condition`, or something unreadable. */
export type ConditionKind = "comparison" | "And" | "Or" | "Not" | "jsonata" | "unknown";

export const GROUP_KINDS = ["And", "Or", "Not"] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export function conditionKind(rule: unknown): ConditionKind {
  if (!isObject(rule)) return "unknown";
  if ("Condition" in rule) return "jsonata";
  if (Array.isArray(rule.And)) return "And";
  if (Array.isArray(rule.Or)) return "Or";
  if ("Not" in rule) return "Not";
  return "comparison";
}

/** The comparison operator a rule uses (its first operator key), if any. */
export function operatorOf(rule: JsonObject): string | undefined {
  return Object.keys(rule).find(isOperator);
}

/** A fresh comparison that is true whenever the input exists. */
export function newComparison(): JsonObject {
  return { Variable: "$", IsPresent: true };
}

/** The operator replaced in place; `Variable`, `Next` and the rest stay, the value converts. */
export function setOperator(rule: JsonObject, operator: string): JsonObject {
  const current = operatorOf(rule);
  const value = convertValue(
    current === undefined ? undefined : rule[current],
    valueKind(operator),
  );
  if (current === undefined) return { ...rule, [operator]: value };
  return Object.fromEntries(
    Object.entries(rule)
      .filter(([key]) => key === current || !isOperator(key))
      .map(([key, item]) => (key === current ? [operator, value] : [key, item])),
  );
}

/** The comparison's value set from what the user typed, typed as its operator wants. */
export function setComparisonValue(rule: JsonObject, text: string): JsonObject {
  const operator = operatorOf(rule);
  if (operator === undefined) return rule;
  const kind = valueKind(operator);
  const value = kind === "number" ? Number(text) : kind === "boolean" ? text === "true" : text;
  return { ...rule, [operator]: value };
}

/** Fields of a top-level rule that are not part of its condition (ASL: only there). */
export const RULE_ONLY_FIELDS = ["Next", "Assign", "Output"];

function split(rule: JsonObject): [JsonObject, JsonObject] {
  const own: JsonObject = {};
  const condition: JsonObject = {};
  for (const [key, value] of Object.entries(rule)) {
    if (RULE_ONLY_FIELDS.includes(key)) own[key] = value;
    else condition[key] = value;
  }
  return [condition, own];
}

/**
 * A condition turned into another kind. A comparison becomes the first member of a new group;
 * a group becomes its first member (or a fresh comparison); And <-> Or keeps every member;
 * Not keeps the first. A top-level rule keeps its `Next`, `Assign` and `Output`.
 */
export function setConditionKind(rule: JsonObject, kind: GroupKind | "comparison"): JsonObject {
  const [condition, own] = split(rule);
  const from = conditionKind(condition);
  if (from === kind) return rule;
  const members = groupMembers(condition);
  let next: JsonObject;
  if (kind === "comparison") {
    const first = members[0];
    next = from === "comparison" ? condition : isObject(first) ? first : newComparison();
  } else {
    const list = from === "comparison" || from === "unknown" ? [condition] : members;
    const kept = list.length > 0 ? list : [newComparison()];
    next = kind === "Not" ? { Not: kept[0] } : { [kind]: kept };
  }
  return { ...next, ...own };
}

/** The members of an And / Or group, or the one of a Not, as a list. */
export function groupMembers(rule: JsonObject): unknown[] {
  if (Array.isArray(rule.And)) return rule.And;
  if (Array.isArray(rule.Or)) return rule.Or;
  if ("Not" in rule) return [rule.Not];
  return [];
}

/** The group with its members replaced (a Not takes the first). */
export function setGroupMembers(rule: JsonObject, members: unknown[]): JsonObject {
  const kind = conditionKind(rule);
  if (kind === "And" || kind === "Or") return { ...rule, [kind]: members };
  if (kind === "Not") return { ...rule, Not: members[0] ?? newComparison() };
  return rule;
}
