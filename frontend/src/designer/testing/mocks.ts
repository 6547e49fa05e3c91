/**
 * Test-run mocks in Step Functions Local's mock configuration format, pure (no React):
 * `StateMachines` → machine → `TestCases` → case → {state: response name}, and
 * `MockedResponses` → name → {"0": {"Return": …}, "1-2": {"Throw": {"Error", "Cause"}}}.
 */

import { walkStates } from "../../asl/levels";
import { isObject } from "../../asl/types";

/** The test case a generated skeleton holds. */
export const SKELETON_CASE = "HappyPath";

/** Every Task state's name, depth first (Parallel branches and Map processors included), once. */
export function taskStatesOf(definition: unknown): string[] {
  if (!isObject(definition)) return [];
  const names = new Set<string>();
  for (const entry of walkStates(definition)) {
    if (entry.state.Type === "Task") names.add(entry.name);
  }
  return [...names];
}

/** The mocked response a skeleton gives `state` (distinct states get distinct names). */
export function responseName(state: string): string {
  return `${state}Mock`;
}

/** A mock file answering each Task's first invocation with `{}`, as pretty JSON. */
export function mockSkeleton(workflowKey: string, taskStates: string[]): string {
  // fromEntries, not assignment: a state may be called "__proto__".
  const testCase = Object.fromEntries(taskStates.map((state) => [state, responseName(state)]));
  const responses = Object.fromEntries(
    taskStates.map((state) => [responseName(state), { "0": { Return: {} } }]),
  );
  const config = {
    StateMachines: { [workflowKey]: { TestCases: { [SKELETON_CASE]: testCase } } },
    MockedResponses: responses,
  };
  return JSON.stringify(config, null, 2);
}
