import { describe, expect, it } from "vitest";
import {
  addState,
  deleteStates,
  nameForNew,
  TEMPLATES,
  type Definition,
  type StateType,
} from "../src/asl/edits";
import { toGraph } from "../src/asl/graph";
import { BRANCH_0, containers, flow, frozen, LAMBDA, namesOf, stateAt, statesOf } from "./editing";

const add = (def: Definition, type: StateType, extra: object = {}) =>
  addState(def, { level: "", type, ...extra });

describe("addState", () => {
  it("gives each of the eight types its minimal valid fields, ending where it can", () => {
    const made = (type: StateType) => stateAt(add(containers, type), `/States/${type}`);
    expect(made("Pass")).toEqual({ Type: "Pass", End: true });
    expect(made("Task")).toEqual({ Type: "Task", Resource: LAMBDA + "my-function", End: true });
    expect(made("Choice")).toEqual({
      Type: "Choice",
      Choices: [{ Variable: "$", IsPresent: true }],
    });
    expect(made("Wait")).toEqual({ Type: "Wait", Seconds: 1, End: true });
    expect(made("Succeed")).toEqual({ Type: "Succeed" });
    expect(made("Fail")).toEqual({ Type: "Fail" });
    expect(made("Parallel")).toEqual({
      Type: "Parallel",
      Branches: [{ StartAt: "Pass", States: { Pass: { Type: "Pass", End: true } } }],
      End: true,
    });
    expect(made("Map")).toEqual({
      Type: "Map",
      ItemProcessor: {
        ProcessorConfig: { Mode: "INLINE" },
        StartAt: "Pass",
        States: { Pass: { Type: "Pass", End: true } },
      },
      End: true,
    });
  });

  it("names the state after its type, unique in the whole machine, nested levels included", () => {
    const once = add(containers, "Pass");
    const twice = add(once, "Pass");
    expect(namesOf(twice)).toEqual(["P", "M", "Pass", "Pass 2"]);
    const inBranch = addState(twice, { level: BRANCH_0, type: "Pass" });
    expect(namesOf(inBranch, BRANCH_0)).toEqual(["A", "B", "Pass 3"]);
    expect(addState(containers, { level: BRANCH_0, type: "Pass", name: "M" })).not.toBe(containers);
    expect(
      namesOf(addState(containers, { level: BRANCH_0, type: "Pass", name: "M" }), BRANCH_0),
    ).toContain("M 2");
  });

  it("gives the states inside a new Parallel or Map names free in the whole machine", () => {
    const withPass = add(flow, "Pass");
    const parallel = stateAt(add(withPass, "Parallel"), "/States/Parallel");
    expect(parallel.Branches).toEqual([
      { StartAt: "Pass 2", States: { "Pass 2": { Type: "Pass", End: true } } },
    ]);
  });

  it("uses a given free name as it is and makes a taken one unique", () => {
    expect(namesOf(add(flow, "Pass", { name: "Log" }))).toContain("Log");
    expect(namesOf(add(flow, "Pass", { name: "Wait" }))).toContain("Wait 2");
    expect(nameForNew(flow, { type: "Pass", name: "Wait" })).toBe("Wait 2");
    expect(nameForNew(flow, { type: "Pass", name: "x".repeat(90) })).toBe("x".repeat(80));
  });

  it("places the state after `after` in key order, first for null, last by default", () => {
    expect(namesOf(add(flow, "Pass", { after: "/States/Check" }))).toEqual([
      "Fetch",
      "Check",
      "Pass",
      "Wait",
      "Done",
      "Broken",
    ]);
    expect(namesOf(add(flow, "Pass", { after: null }))[0]).toBe("Pass");
    expect(namesOf(add(flow, "Pass")).at(-1)).toBe("Pass");
  });

  it("makes the new state the start of a level that has none", () => {
    const empty = frozen({ States: {} });
    expect(addState(empty, { level: "", type: "Pass" })).toEqual({
      States: { Pass: { Type: "Pass", End: true } },
      StartAt: "Pass",
    });
    expect(add(flow, "Pass").StartAt).toBe("Fetch");
  });

  it("shares every untouched part and leaves the input as it was", () => {
    const next = add(containers, "Wait");
    expect(next).not.toBe(containers);
    expect(statesOf(next).P).toBe(statesOf(containers).P);
    expect(statesOf(next).M).toBe(statesOf(containers).M);
    expect(namesOf(containers)).toEqual(["P", "M"]);
  });

  it("returns the same definition for a level that does not exist", () => {
    expect(addState(flow, { level: "/States/Wait/Branches/0", type: "Pass" })).toBe(flow);
    expect(addState(containers, { level: "/States/P/Branches/7", type: "Pass" })).toBe(containers);
    expect(addState(containers, { level: "nonsense", type: "Pass" })).toBe(containers);
  });

  it("fills Task templates with the Resource strings Baton's engine runs", () => {
    const task = (template: (typeof TEMPLATES)[number]) =>
      stateAt(add(flow, "Task", { template }), "/States/Task");
    expect(task("python-function").Resource).toBe(LAMBDA + "my-function");
    expect(task("http")).toMatchObject({
      Resource: "arn:aws:states:::http:invoke",
      Parameters: {
        Method: "GET",
        Authentication: {
          ConnectionArn: "arn:aws:events:us-east-1:000000000000:connection/my-connection",
        },
      },
    });
    expect(task("subworkflow")).toMatchObject({
      Resource: "arn:aws:states:::states:startExecution.sync:2",
      Parameters: {
        StateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:my-workflow",
        "Input.$": "$",
      },
    });
    expect(task("activity").Resource).toBe(
      "arn:aws:states:us-east-1:000000000000:activity:my-activity",
    );
    expect(task("callback")).toMatchObject({
      Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
      Parameters: {
        FunctionName: LAMBDA + "my-function",
        Payload: { "TaskToken.$": "$$.Task.Token" },
      },
    });
    const named = addState(flow, {
      level: "",
      type: "Task",
      template: "activity",
      options: { target: "review", region: "eu-west-1", account: "123456789012" },
    });
    expect(stateAt(named, "/States/Task").Resource).toBe(
      "arn:aws:states:eu-west-1:123456789012:activity:review",
    );
  });

  it("writes Arguments and JSONata expressions in a JSONata level", () => {
    const jsonata = frozen({ ...flow, QueryLanguage: "JSONata" });
    const callback = stateAt(add(jsonata, "Task", { template: "callback" }), "/States/Task");
    expect(callback.Parameters).toBeUndefined();
    expect(callback.Arguments).toMatchObject({
      Payload: { TaskToken: "{% $states.context.Task.Token %}" },
    });
    expect(stateAt(add(jsonata, "Choice"), "/States/Choice").Choices).toEqual([
      { Condition: "{% true %}" },
    ]);
    const stateLevel = frozen({
      StartAt: "P",
      States: {
        P: {
          Type: "Parallel",
          QueryLanguage: "JSONata",
          Branches: [{ StartAt: "X", States: { X: { Type: "Pass", End: true } } }],
          End: true,
        },
      },
    });
    const inner = addState(stateLevel, { level: "/States/P/Branches/0", type: "Choice" });
    expect(stateAt(inner, "/States/P/Branches/0/States/Choice").Choices).toEqual([
      { Condition: "{% true %}" },
    ]);
  });

  it("adds exactly one graph node per new state", () => {
    const before = toGraph(flow).nodes.filter((node) => node.kind === "state").length;
    const after = toGraph(add(flow, "Map")).nodes.filter((node) => node.kind === "state").length;
    expect(after).toBe(before + 2);
  });
});

describe("a new start in an emptied level", () => {
  it("writes StartAt before States, where authors put it", () => {
    const emptied = deleteStates(
      { Comment: "c", StartAt: "A", States: { A: { Type: "Pass", End: true } } },
      ["/States/A"],
    );
    const added = addState(emptied, { level: "", type: "Wait" });
    expect(Object.keys(added)).toEqual(["Comment", "StartAt", "States"]);
    expect(added.StartAt).toBe("Wait");
  });
});
