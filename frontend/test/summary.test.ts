import { describe, expect, it } from "vitest";
import { shortenResource, summarize } from "../src/asl/summary";

describe("shortenResource", () => {
  it.each([
    ["arn:aws:states:::lambda:invoke", "lambda:invoke"],
    ["arn:aws:states:::lambda:invoke.waitForTaskToken", "lambda:invoke.waitForTaskToken"],
    ["arn:aws:states:::states:startExecution.sync:2", "states:startExecution.sync:2"],
    ["arn:aws:states:::aws-sdk:s3:getObject", "aws-sdk:s3:getObject"],
    ["arn:aws:lambda:us-east-1:000000000000:function:resize", "lambda resize"],
    ["arn:aws:lambda:us-east-1:000000000000:function:resize:live", "lambda resize:live"],
    ["arn:aws:states:us-east-1:000000000000:activity:review", "activity review"],
    ["baton:function:send_invoice", "function send_invoice"],
    ["baton:function:send_invoice.waitForTaskToken", "function send_invoice.waitForTaskToken"],
    ["baton:http", "HTTP request"],
    ["baton:approval", "approval"],
    ["baton:activity:pack", "activity pack"],
    ["baton:echo", "baton:echo"],
    ["https://example.test/hook", "https://example.test/hook"],
  ])("shortens %s to %s", (resource, short) => {
    expect(shortenResource(resource)).toBe(short);
  });

  it("is empty for a missing resource", () => {
    expect(shortenResource(undefined)).toBe("");
  });
});

describe("summarize", () => {
  it.each([
    [{ Type: "Wait", Seconds: 5 }, "5 s"],
    [{ Type: "Wait", Timestamp: "2026-01-01T00:00:00Z" }, "until 2026-01-01T00:00:00Z"],
    [{ Type: "Wait", SecondsPath: "$.x" }, "SecondsPath $.x"],
    [{ Type: "Wait", TimestampPath: "$.at" }, "TimestampPath $.at"],
    [
      { Type: "Wait", Seconds: "{%  $states.input.delay  %}" },
      "Seconds: {% $states.input.delay %}",
    ],
    [{ Type: "Choice", Choices: [{}, {}, {}] }, "3 rules"],
    [{ Type: "Choice", Choices: [{}] }, "1 rule"],
    [{ Type: "Parallel", Branches: [{}, {}] }, "2 branches"],
    [{ Type: "Parallel", Branches: [{}] }, "1 branch"],
    [
      { Type: "Map", ItemsPath: "$.orders", MaxConcurrency: 5 },
      "items $.orders · max concurrency 5",
    ],
    [{ Type: "Map", Items: "{% $states.input.rows %}" }, "items {% $states.input.rows %}"],
    [
      {
        Type: "Map",
        ItemReader: { Resource: "arn:aws:states:::s3:getObject" },
        ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED" } },
      },
      "items from s3:getObject · distributed",
    ],
    [{ Type: "Fail", Error: "Order.Invalid" }, "Order.Invalid"],
    [{ Type: "Fail", ErrorPath: "$.error" }, "ErrorPath $.error"],
    [{ Type: "Pass", Result: { a: 1 } }, "result"],
    [{ Type: "Pass" }, ""],
    [{ Type: "Succeed" }, ""],
    [{ Type: "Task", Resource: "baton:approval" }, "approval"],
    [{ Type: "Teleport" }, "unsupported type"],
    [{}, "unsupported type"],
  ])("summarizes %j as %j", (state, text) => {
    expect(summarize(state)).toBe(text);
  });
});
