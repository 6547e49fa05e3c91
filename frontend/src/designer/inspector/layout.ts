/**
 * Which fields the inspector shows for each state type in each query language, in order. Plain
 * fields are drawn from their spec; the `special` sections have editors of their own.
 */

import { isApprovalTask } from "../../asl/approval";
import type { QueryLanguage } from "../../asl/edits";

export interface FieldSpec {
  name: string;
  /** text: a string; number: a number (or a `{% %}` string when `expression`); json: any JSON. */
  kind: "text" | "number" | "json";
  /** JSONata: the field may hold a `{% … %}` expression string. */
  expression?: boolean;
  placeholder?: string;
}

export type Special =
  | "resource"
  | "wait"
  | "choices"
  | "default"
  | "branches"
  | "processor"
  | "retry"
  | "catch"
  | "next"
  | "approval";

export type Section = FieldSpec | { special: Special };

/** The fields each special section edits (so a diagnostic on them finds its place). */
export const SPECIAL_FIELDS: Record<Special, readonly string[]> = {
  resource: ["Resource"],
  wait: ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"],
  choices: ["Choices"],
  default: ["Default"],
  branches: ["Branches"],
  processor: ["ItemProcessor", "Iterator"],
  retry: ["Retry"],
  catch: ["Catch"],
  next: ["Next", "End"],
  approval: ["Parameters", "Arguments"],
};

/** Fields of the inspector's header, shown for every state. */
export const HEADER_FIELDS = ["Type", "Comment", "QueryLanguage"];

const text = (name: string, placeholder?: string): FieldSpec => ({
  name,
  kind: "text",
  placeholder,
});
const path = (name: string) => text(name, "$");
const json = (name: string, expression = false): FieldSpec => ({ name, kind: "json", expression });
const number = (name: string, expression = false): FieldSpec => ({
  name,
  kind: "number",
  expression,
});
const special = (name: Special): Section => ({ special: name });

const PATHS = [path("InputPath"), path("OutputPath")];
const JSONPATH_IO = [...PATHS, path("ResultPath")];

const JSONPATH: Record<string, Section[]> = {
  Pass: [...JSONPATH_IO, json("Parameters"), json("Result"), json("Assign"), special("next")],
  Task: [
    special("resource"),
    ...JSONPATH_IO,
    json("Parameters"),
    json("ResultSelector"),
    json("Credentials"),
    number("TimeoutSeconds"),
    path("TimeoutSecondsPath"),
    number("HeartbeatSeconds"),
    path("HeartbeatSecondsPath"),
    json("Assign"),
    special("next"),
    special("retry"),
    special("catch"),
  ],
  Choice: [special("choices"), special("default"), ...PATHS, json("Assign")],
  Wait: [special("wait"), ...PATHS, json("Assign"), special("next")],
  Succeed: PATHS,
  Fail: [text("Error"), path("ErrorPath"), text("Cause"), path("CausePath")],
  Parallel: [
    special("branches"),
    ...JSONPATH_IO,
    json("Parameters"),
    json("ResultSelector"),
    json("Assign"),
    special("next"),
    special("retry"),
    special("catch"),
  ],
  Map: [
    special("processor"),
    path("ItemsPath"),
    json("ItemSelector"),
    json("ItemReader"),
    json("ItemBatcher"),
    json("ResultWriter"),
    number("MaxConcurrency"),
    path("MaxConcurrencyPath"),
    number("ToleratedFailureCount"),
    path("ToleratedFailureCountPath"),
    number("ToleratedFailurePercentage"),
    path("ToleratedFailurePercentagePath"),
    ...JSONPATH_IO,
    json("ResultSelector"),
    json("Assign"),
    special("next"),
    special("retry"),
    special("catch"),
  ],
};

const OUTPUT = [json("Output", true), json("Assign")];

const JSONATA: Record<string, Section[]> = {
  Pass: [...OUTPUT, special("next")],
  Task: [
    special("resource"),
    json("Arguments", true),
    ...OUTPUT,
    json("Credentials", true),
    number("TimeoutSeconds", true),
    number("HeartbeatSeconds", true),
    special("next"),
    special("retry"),
    special("catch"),
  ],
  Choice: [special("choices"), special("default"), ...OUTPUT],
  Wait: [special("wait"), ...OUTPUT, special("next")],
  Succeed: [json("Output", true)],
  Fail: [text("Error"), text("Cause")],
  Parallel: [
    special("branches"),
    json("Arguments", true),
    ...OUTPUT,
    special("next"),
    special("retry"),
    special("catch"),
  ],
  Map: [
    special("processor"),
    json("Items", true),
    json("ItemSelector", true),
    json("ItemReader"),
    json("ItemBatcher"),
    json("ResultWriter"),
    number("MaxConcurrency", true),
    number("ToleratedFailureCount", true),
    number("ToleratedFailurePercentage", true),
    ...OUTPUT,
    special("next"),
    special("retry"),
    special("catch"),
  ],
};

/**
 * The sections for a state: its type's, but a `baton:approval` Task edits its Parameters or
 * Arguments in the Approval section, placed right after its Resource.
 */
export function sectionsForState(
  state: { Type?: unknown; Resource?: unknown },
  language: QueryLanguage,
): readonly Section[] {
  const sections = sectionsFor(state.Type, language);
  if (!isApprovalTask(state)) return sections;
  return sections.flatMap((section): Section[] => {
    if ("special" in section) {
      return section.special === "resource" ? [section, special("approval")] : [section];
    }
    return section.name === "Parameters" || section.name === "Arguments" ? [] : [section];
  });
}

/** The sections for a state type in a language (none for a type ASL does not have). */
export function sectionsFor(type: unknown, language: QueryLanguage): readonly Section[] {
  const table = language === "JSONata" ? JSONATA : JSONPATH;
  return typeof type === "string" && Object.hasOwn(table, type) ? table[type] : [];
}

/** Every field name the inspector shows for a state, header included. */
export function shownFields(type: unknown, language: QueryLanguage): string[] {
  return [
    ...HEADER_FIELDS,
    ...sectionsFor(type, language).flatMap((section) =>
      "special" in section ? SPECIAL_FIELDS[section.special] : [section.name],
    ),
  ];
}

/** True for a location (relative to a container state) inside one of its nested states. */
export function inNestedState(relative: string): boolean {
  return /^\/(Branches\/\d+|ItemProcessor|Iterator)\/States\/[^/]+/.test(relative);
}
