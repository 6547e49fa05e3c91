import { describe, expect, it } from "vitest";
import {
  mockSkeleton,
  responseName,
  SKELETON_CASE,
  taskStatesOf,
} from "../src/designer/testing/mocks";

const task = (extra: object = {}) => ({
  Type: "Task",
  Resource: "arn:aws:states:::http:invoke",
  ...extra,
});

describe("taskStatesOf", () => {
  it("lists the top level's Task states in key order, and nothing else", () => {
    const definition = {
      StartAt: "Fetch",
      States: {
        Fetch: task({ Next: "Wait" }),
        Wait: { Type: "Wait", Seconds: 1, Next: "Save" },
        Save: task({ Next: "Done" }),
        Done: { Type: "Succeed" },
      },
    };
    expect(taskStatesOf(definition)).toEqual(["Fetch", "Save"]);
  });

  it("a Task inside a Map's processor is mocked too", () => {
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemProcessor: { StartAt: "Resize", States: { Resize: task({ End: true }) } },
          End: true,
        },
      },
    };
    expect(taskStatesOf(definition)).toEqual(["Resize"]);
  });

  it("reads the legacy Iterator of a Map", () => {
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          Iterator: { StartAt: "Old", States: { Old: task({ End: true }) } },
          End: true,
        },
      },
    };
    expect(taskStatesOf(definition)).toEqual(["Old"]);
  });

  it("finds Tasks in every Parallel branch, nested levels included, parents first", () => {
    const definition = {
      StartAt: "Both",
      States: {
        Both: {
          Type: "Parallel",
          Branches: [
            { StartAt: "Left", States: { Left: task({ End: true }) } },
            {
              StartAt: "Inner",
              States: {
                Inner: {
                  Type: "Map",
                  ItemProcessor: { StartAt: "Deep", States: { Deep: task({ End: true }) } },
                  Next: "Right",
                },
                Right: task({ End: true }),
              },
            },
          ],
          Next: "After",
        },
        After: task({ End: true }),
      },
    };
    expect(taskStatesOf(definition)).toEqual(["Left", "Deep", "Right", "After"]);
  });

  it.each([null, 42, "text", [], {}, { States: "none" }])(
    "is empty for something that is no definition (%j)",
    (value) => {
      expect(taskStatesOf(value)).toEqual([]);
    },
  );

  it("names a state once even when an invalid draft repeats it in two levels", () => {
    const definition = {
      StartAt: "P",
      States: {
        P: {
          Type: "Parallel",
          Branches: [{ StartAt: "T", States: { T: task({ End: true }) } }],
          Next: "T",
        },
        T: task({ End: true }),
      },
    };
    expect(taskStatesOf(definition)).toEqual(["T"]);
  });
});

describe("mockSkeleton", () => {
  it("maps every Task of the HappyPath case to a response answering invocation 0 with {}", () => {
    const config = JSON.parse(mockSkeleton("orders", ["Fetch", "Save"]));
    expect(config).toEqual({
      StateMachines: {
        orders: { TestCases: { HappyPath: { Fetch: "FetchMock", Save: "SaveMock" } } },
      },
      MockedResponses: {
        FetchMock: { "0": { Return: {} } },
        SaveMock: { "0": { Return: {} } },
      },
    });
    expect(SKELETON_CASE).toBe("HappyPath");
  });

  it("is pretty-printed with two spaces", () => {
    const text = mockSkeleton("draft", ["A"]);
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2));
    expect(text).toContain('\n  "StateMachines": {');
  });

  it("with no Task holds an empty test case and no responses", () => {
    expect(JSON.parse(mockSkeleton("draft", []))).toEqual({
      StateMachines: { draft: { TestCases: { HappyPath: {} } } },
      MockedResponses: {},
    });
  });

  it("every name the test case uses is a mocked response, distinct per state", () => {
    const states = ["A", "AMock", "B b", "0"];
    const config = JSON.parse(mockSkeleton("wf", states));
    const used = Object.values(config.StateMachines.wf.TestCases.HappyPath) as string[];
    expect(new Set(used).size).toBe(states.length);
    for (const name of used) expect(config.MockedResponses).toHaveProperty([name]);
    expect(responseName("A")).not.toBe(responseName("AMock"));
  });

  it('keeps a state called "__proto__" as a key of its own', () => {
    const config = JSON.parse(mockSkeleton("wf", ["__proto__"]));
    const testCase = config.StateMachines.wf.TestCases.HappyPath;
    expect(Object.keys(testCase)).toEqual(["__proto__"]);
    expect(Object.keys(config.MockedResponses)).toEqual(["__proto__Mock"]);
  });
});
