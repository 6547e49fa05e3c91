/** TestState's answer and the order its data-flow stages are shown in, pure. */

export type TestStatus = "SUCCEEDED" | "FAILED" | "CAUGHT_ERROR" | "RETRIABLE";

export interface ErrorDetails {
  retryIndex?: number;
  retryBackoffIntervalSeconds?: number;
  catchIndex?: number;
}

/** POST /api/test-state/'s answer (engine/api/testing_serializers.py, camelCase as TestState). */
export interface StateTestAnswer {
  status: TestStatus;
  output?: unknown;
  nextState?: string;
  error?: string | null;
  cause?: string | null;
  inspectionData: Record<string, unknown> & { errorDetails?: ErrorDetails };
}

export interface Stage {
  /** inspectionData's key, or "output" for the answer's output. */
  key: string;
  label: string;
  value: unknown;
}

type Language = "JSONPath" | "JSONata";

/** [key, label under JSONPath, label under JSONata]: the data flow, in the order it happens. */
const ORDER: [string, string, string][] = [
  ["input", "Input", "Input"],
  ["afterInputPath", "InputPath", "InputPath"],
  ["afterParameters", "Parameters", "Parameters"],
  ["afterArguments", "Arguments", "Arguments"],
  ["afterItemsPath", "ItemsPath", "Items"],
  ["afterItemSelector", "ItemSelector", "ItemSelector"],
  ["afterItemBatcher", "ItemBatcher", "ItemBatcher"],
  ["result", "Result", "Result"],
  ["afterResultSelector", "ResultSelector", "ResultSelector"],
  ["afterResultPath", "ResultPath", "ResultPath"],
  ["output", "OutputPath (the state's output)", "Output (the state's output)"],
  ["variables", "Assign", "Assign"],
];

/** The stages the answer holds, in data-flow order; the output comes from the answer itself. */
export function stagesOf(answer: StateTestAnswer, language: Language = "JSONPath"): Stage[] {
  const data = answer.inspectionData ?? {};
  const found = (key: string) => (key === "output" ? "output" in answer : key in data);
  const value = (key: string) => (key === "output" ? answer.output : data[key]);
  return ORDER.filter(([key]) => found(key)).map(([key, path, jsonata]) => ({
    key,
    label: language === "JSONata" ? jsonata : path,
    value: value(key),
  }));
}

/** What each status means, in words (the badge never relies on colour alone). */
export const STATUS_WORDS: Record<TestStatus, string> = {
  SUCCEEDED: "The state succeeded.",
  FAILED: "The state failed; no Retry or Catch took the error.",
  CAUGHT_ERROR: "A Catch took the error; the execution would go on.",
  RETRIABLE: "A Retry would run the state again.",
};

/** What errorDetails says: which retrier or catcher took the error. */
export function errorDetailsText(details: ErrorDetails | undefined): string {
  if (!details) return "";
  if (details.catchIndex !== undefined) return `Caught by Catch #${details.catchIndex + 1}.`;
  if (details.retryIndex === undefined) return "";
  const wait = details.retryBackoffIntervalSeconds;
  const after = wait === undefined ? "" : ` after ${wait} s`;
  return `Retry #${details.retryIndex + 1} would run the state again${after}.`;
}
