/** What the two testing forms send, pure: the request body, or why it cannot be sent yet. */

import { isObject } from "../../asl/types";
import { parseJson, type Parsed } from "./json";

/** Test-state's mock as typed: the result it gives, or the error it fails with. */
export interface MockDraft {
  kind: "result" | "error";
  result: string;
  error: string;
  cause: string;
}

export const EMPTY_MOCK: MockDraft = { kind: "result", result: "{}", error: "", cause: "" };

const RETRY_COUNT = /^(0|[1-9][0-9]{0,8})$/;
const ABSENT: Parsed = { ok: true, value: undefined };

/** Why the form is blocked ("" when it is not): each reason whose condition holds. */
function blockers(reasons: [boolean, string][]): string {
  return reasons
    .filter(([blocked]) => blocked)
    .map(([, why]) => why)
    .join(" ");
}

export interface StateTestFields {
  definition: string;
  state: string;
  input: string;
  /** null: the state takes no mock (not a Task, Map or Parallel). */
  mock: MockDraft | null;
  /** Empty: no variables sent. */
  variables: string;
  retryCount: string;
}

export interface StateTestForm {
  parsed: { input: Parsed; result: Parsed; variables: Parsed };
  variablesIsObject: boolean;
  retryCountOk: boolean;
  blocked: string;
  body: Record<string, unknown> | null;
}

/** POST /api/test-state/'s body for the fields, or null and the reasons it is blocked. */
export function stateTestForm(fields: StateTestFields): StateTestForm {
  const { mock } = fields;
  const input = parseJson(fields.input);
  const result = mock?.kind === "result" ? parseJson(mock.result) : ABSENT;
  const variables = fields.variables.trim() ? parseJson(fields.variables) : ABSENT;
  const variablesIsObject =
    !variables.ok || variables.value === undefined || isObject(variables.value);
  const retryCountOk = RETRY_COUNT.test(fields.retryCount.trim());
  const blocked = blockers([
    [!input.ok, "Input is not JSON."],
    [!result.ok, "The mock result is not JSON."],
    [mock?.kind === "error" && !mock.error.trim(), "The mock error needs a name."],
    [!variables.ok, "Variables are not JSON."],
    [!variablesIsObject, "Variables must be a JSON object (name → value)."],
    [!retryCountOk, "Retries made is a whole number from 0."],
  ]);
  const parsed = { input, result, variables };
  if (blocked || !input.ok || !result.ok || !variables.ok) {
    return { parsed, variablesIsObject, retryCountOk, blocked, body: null };
  }
  const body: Record<string, unknown> = {
    definition: fields.definition,
    state: fields.state,
    input: input.value,
    retry_count: Number(fields.retryCount.trim()),
  };
  if (mock) {
    body.mock =
      mock.kind === "result"
        ? { result: result.value }
        : { error: mock.error.trim(), ...(mock.cause ? { cause: mock.cause } : {}) };
  }
  if (variables.value !== undefined) body.variables = variables.value;
  return { parsed, variablesIsObject, retryCountOk, blocked, body };
}

export interface TestRunFields {
  workflow: string | null;
  definition: string;
  input: string;
  mocks: string;
  testCase: string;
}

export interface TestRunForm {
  parsed: { input: Parsed; mocks: Parsed };
  blocked: string;
  body: Record<string, unknown> | null;
}

/** POST /api/test-runs/'s body for the fields, or null and the reasons it is blocked. */
export function testRunForm(fields: TestRunFields): TestRunForm {
  const input = parseJson(fields.input);
  const mocks = parseJson(fields.mocks);
  const mocksIsObject = !mocks.ok || isObject(mocks.value);
  const blocked = blockers([
    [!input.ok, "Input is not JSON."],
    [!mocks.ok, "The mock configuration is not JSON."],
    [!mocksIsObject, "The mock configuration must be a JSON object."],
  ]);
  const parsed = { input, mocks };
  if (blocked || !input.ok || !mocks.ok) return { parsed, blocked, body: null };
  const body: Record<string, unknown> = {
    definition: fields.definition,
    input: input.value,
    mocks: mocks.value,
  };
  if (fields.workflow !== null) body.workflow = fields.workflow;
  if (fields.testCase.trim()) body.test_case = fields.testCase.trim();
  return { parsed, blocked, body };
}
