import { describe, expect, it } from "vitest";
import {
  EMPTY_MOCK,
  stateTestForm,
  testRunForm,
  type StateTestFields,
} from "../src/designer/testing/forms";
import { errorDetailsText, stagesOf, type StateTestAnswer } from "../src/designer/testing/stages";

const fields = (patch: Partial<StateTestFields> = {}): StateTestFields => ({
  definition: '{"StartAt":"T","States":{}}',
  state: "T",
  input: "{}",
  mock: null,
  variables: "",
  retryCount: "0",
  ...patch,
});

describe("stateTestForm", () => {
  it("sends the definition text as it is, the parsed input and the retry count", () => {
    const form = stateTestForm(fields({ input: '{"a": 1}', retryCount: "2" }));
    expect(form.blocked).toBe("");
    expect(form.body).toEqual({
      definition: '{"StartAt":"T","States":{}}',
      state: "T",
      input: { a: 1 },
      retry_count: 2,
    });
  });

  it("sends a result mock, or an error mock with its cause only when given", () => {
    const result = stateTestForm(fields({ mock: { ...EMPTY_MOCK, result: "[1, 2]" } }));
    expect(result.body?.mock).toEqual({ result: [1, 2] });
    const error = stateTestForm(
      fields({ mock: { ...EMPTY_MOCK, kind: "error", error: " Boom " } }),
    );
    expect(error.body?.mock).toEqual({ error: "Boom" });
    const caused = stateTestForm(
      fields({ mock: { ...EMPTY_MOCK, kind: "error", error: "Boom", cause: "why" } }),
    );
    expect(caused.body?.mock).toEqual({ error: "Boom", cause: "why" });
  });

  it("an error mock's result text is not read, so it may be anything", () => {
    const form = stateTestForm(
      fields({ mock: { kind: "error", result: "{", error: "E", cause: "" } }),
    );
    expect(form.blocked).toBe("");
  });

  it("sends variables only when some are typed", () => {
    expect(stateTestForm(fields()).body).not.toHaveProperty("variables");
    expect(stateTestForm(fields({ variables: '{"n": 2}' })).body?.variables).toEqual({ n: 2 });
  });

  it("says every reason it is blocked and sends nothing", () => {
    const form = stateTestForm(
      fields({
        input: "{",
        mock: { ...EMPTY_MOCK, kind: "error", error: " " },
        variables: "[1]",
        retryCount: "-1",
      }),
    );
    expect(form.body).toBeNull();
    expect(form.parsed.input.ok).toBe(false);
    expect(form.variablesIsObject).toBe(false);
    expect(form.blocked).toContain("Input is not JSON.");
    expect(form.blocked).toContain("The mock error needs a name.");
    expect(form.blocked).toContain("Variables must be a JSON object");
    expect(form.blocked).toContain("Retries made is a whole number from 0.");
  });

  it("blocks a mock result that is not JSON", () => {
    const form = stateTestForm(fields({ mock: { ...EMPTY_MOCK, result: "nope" } }));
    expect(form.blocked).toBe("The mock result is not JSON.");
  });
});

describe("testRunForm", () => {
  const run = { workflow: null, definition: "{}", input: "{}", mocks: "{}", testCase: "" };

  it("leaves out the workflow of a new draft and an empty test case", () => {
    expect(testRunForm(run).body).toEqual({ definition: "{}", input: {}, mocks: {} });
  });

  it("names the workflow and the trimmed test case when there are some", () => {
    const body = testRunForm({ ...run, workflow: "orders", testCase: " Sad " }).body;
    expect(body).toMatchObject({ workflow: "orders", test_case: "Sad" });
  });

  it("blocks a mock configuration that is not a JSON object", () => {
    expect(testRunForm({ ...run, mocks: "[]" }).blocked).toBe(
      "The mock configuration must be a JSON object.",
    );
    expect(testRunForm({ ...run, mocks: "{", input: "" }).body).toBeNull();
  });
});

describe("stagesOf", () => {
  const answer: StateTestAnswer = {
    status: "SUCCEEDED",
    output: { done: true },
    nextState: "Next",
    inspectionData: {
      variables: { x: 1 },
      afterResultPath: { r: 3 },
      result: 3,
      afterInputPath: { a: 1 },
      input: { a: 1, b: 2 },
      afterParameters: { p: 1 },
      afterResultSelector: 3,
    },
  };

  it("orders the stages as the data flows, whatever order the answer holds them in", () => {
    expect(stagesOf(answer).map((stage) => stage.key)).toEqual([
      "input",
      "afterInputPath",
      "afterParameters",
      "result",
      "afterResultSelector",
      "afterResultPath",
      "output",
      "variables",
    ]);
  });

  it("labels the output stage with OutputPath, and each stage with its field", () => {
    const labels = Object.fromEntries(stagesOf(answer).map((s) => [s.key, s.label]));
    expect(labels.output).toBe("OutputPath (the state's output)");
    expect(labels.afterParameters).toBe("Parameters");
    expect(labels.variables).toBe("Assign");
  });

  it("shows no output stage for a failure, which has none", () => {
    const failed: StateTestAnswer = { status: "FAILED", error: "E", inspectionData: { input: 1 } };
    expect(stagesOf(failed).map((s) => s.key)).toEqual(["input"]);
  });

  it("keeps a null stage value, which is data", () => {
    const nulls: StateTestAnswer = {
      status: "SUCCEEDED",
      output: null,
      inspectionData: { result: null },
    };
    expect(stagesOf(nulls)).toEqual([
      { key: "result", label: "Result", value: null },
      { key: "output", label: "OutputPath (the state's output)", value: null },
    ]);
  });
});

describe("errorDetailsText", () => {
  it("names the retrier (counted from 1) and its wait, or the catcher", () => {
    expect(errorDetailsText({ retryIndex: 0, retryBackoffIntervalSeconds: 2 })).toBe(
      "Retry #1 would run the state again after 2 s.",
    );
    expect(errorDetailsText({ catchIndex: 1 })).toBe("Caught by Catch #2.");
    expect(errorDetailsText(undefined)).toBe("");
  });
});
