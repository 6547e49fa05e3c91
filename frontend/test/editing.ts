/** Fixtures for the edit tests: deeply frozen, so an edit that mutated its input would throw. */

import { locate } from "../src/asl/edits";
import type { Definition } from "../src/asl/edits";
import type { JsonObject } from "../src/asl/types";

export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** A frozen deep copy of any JSON value. */
export function frozen<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}

export const LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:";

/** A Task with a Catcher, a Choice (one rule with a nested condition), Wait, Succeed, Fail. */
export const flow: Definition = deepFreeze({
  Comment: "flow",
  StartAt: "Fetch",
  States: {
    Fetch: {
      Type: "Task",
      Resource: LAMBDA + "fetch",
      Next: "Check",
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Broken" }],
    },
    Check: {
      Type: "Choice",
      Choices: [
        { Variable: "$.ok", BooleanEquals: true, Next: "Wait" },
        {
          And: [
            { Variable: "$.a", IsPresent: true },
            { Not: { Variable: "$.b", StringEquals: "Wait" } },
          ],
          Next: "Broken",
        },
      ],
      Default: "Broken",
    },
    Wait: { Type: "Wait", Seconds: 5, Next: "Done" },
    Done: { Type: "Succeed" },
    Broken: { Type: "Fail", Error: "Bad.Input" },
  },
});

/** A Parallel with two branches, then a Map. */
export const containers: Definition = deepFreeze({
  StartAt: "P",
  States: {
    P: {
      Type: "Parallel",
      Branches: [
        {
          StartAt: "A",
          States: { A: { Type: "Pass", Next: "B" }, B: { Type: "Pass", End: true } },
        },
        { StartAt: "C", States: { C: { Type: "Pass", End: true } } },
      ],
      Next: "M",
    },
    M: {
      Type: "Map",
      ItemProcessor: {
        ProcessorConfig: { Mode: "INLINE" },
        StartAt: "Item",
        States: { Item: { Type: "Task", Resource: LAMBDA + "item", End: true } },
      },
      End: true,
    },
  },
});

export const BRANCH_0 = "/States/P/Branches/0";
export const BRANCH_1 = "/States/P/Branches/1";
export const PROCESSOR = "/States/M/ItemProcessor";

/** The state at a pointer (fails the test when there is none). */
export function stateAt(def: Definition, pointer: string): JsonObject {
  const found = locate(def, pointer);
  if (!found) throw new Error(`no state at ${pointer}`);
  return found.state;
}

export function statesOf(def: Definition, level = ""): JsonObject {
  let body: unknown = def;
  for (const token of level.split("/").slice(1)) body = (body as JsonObject)[token];
  return (body as JsonObject).States as JsonObject;
}

export function namesOf(def: Definition, level = ""): string[] {
  return Object.keys(statesOf(def, level));
}
