import { describe, expect, it } from "vitest";
import { describeRule } from "../src/asl/conditions";

describe("describeRule", () => {
  it.each([
    [{ Variable: "$.x", NumericEquals: 5 }, "$.x == 5"],
    [{ Variable: "$.s", StringEquals: "a" }, '$.s == "a"'],
    [{ Variable: "$.s", StringMatches: "a*" }, '$.s matches "a*"'],
    [{ Variable: "$.t", IsPresent: true }, "$.t is present"],
    [{ Variable: "$.t", IsPresent: false }, "$.t is not present"],
    [{ Variable: "$.n", NumericGreaterThanEquals: 3 }, "$.n ≥ 3"],
    [{ Variable: "$.n", NumericLessThanEquals: 3 }, "$.n ≤ 3"],
    [{ Variable: "$.n", NumericLessThan: 3 }, "$.n < 3"],
    [{ Variable: "$.n", NumericGreaterThanPath: "$.limit" }, "$.n > $.limit"],
    [
      { Variable: "$.at", TimestampLessThan: "2026-01-01T00:00:00Z" },
      '$.at < "2026-01-01T00:00:00Z"',
    ],
    [{ Variable: "$.b", BooleanEquals: false }, "$.b == false"],
    [{ Variable: "$.v", IsNull: true }, "$.v is null"],
    [{ Variable: "$.v", Teleports: 1 }, "$.v ?"],
  ])("reads %j as %s", (rule, text) => {
    expect(describeRule(rule)).toBe(text);
  });

  it("nests And, Or and Not readably", () => {
    const rule = {
      And: [
        { Variable: "$.a", IsPresent: true },
        {
          Not: {
            Or: [
              { Variable: "$.b", NumericEquals: 1 },
              { Variable: "$.c", StringEquals: "x" },
            ],
          },
        },
      ],
    };
    expect(describeRule(rule)).toBe('And($.a is present, Not(Or($.b == 1, $.c == "x")))');
  });

  it("shows a JSONata condition's expression without its delimiters", () => {
    expect(describeRule({ Condition: "{% $states.input.total > 100 %}", Next: "Big" })).toBe(
      "$states.input.total > 100",
    );
  });

  it("never throws on junk", () => {
    expect(describeRule(null)).toBe("?");
    expect(describeRule({ And: [7] })).toBe("And(?)");
  });
});
