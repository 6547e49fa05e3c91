import { describe, expect, it } from "vitest";
import {
  conditionKind,
  convertValue,
  groupMembers,
  OPERATORS,
  operatorOf,
  setComparisonValue,
  setConditionKind,
  setGroupMembers,
  setOperator,
  valueKind,
} from "../src/designer/inspector/rules";
import { deepFreeze } from "./editing";

describe("the operator list", () => {
  it("holds every ASL comparison operator once", () => {
    const expected = [
      ...["String", "Numeric", "Timestamp"].flatMap((kind) =>
        ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"].flatMap(
          (relation) => [kind + relation, `${kind}${relation}Path`],
        ),
      ),
      "StringMatches",
      "BooleanEquals",
      "BooleanEqualsPath",
      "IsNull",
      "IsPresent",
      "IsNumeric",
      "IsString",
      "IsBoolean",
      "IsTimestamp",
    ];
    expect([...OPERATORS].sort()).toEqual(expected.sort());
    expect(new Set(OPERATORS).size).toBe(OPERATORS.length);
  });

  it("types each operator's value: numbers, booleans, paths, strings", () => {
    expect(valueKind("NumericLessThan")).toBe("number");
    expect(valueKind("NumericLessThanPath")).toBe("path");
    expect(valueKind("BooleanEquals")).toBe("boolean");
    expect(valueKind("IsPresent")).toBe("boolean");
    expect(valueKind("StringMatches")).toBe("string");
    expect(valueKind("TimestampEquals")).toBe("timestamp");
  });
});

describe("changing a rule's operator", () => {
  it("from NumericEquals to StringEquals keeps Variable and Next and makes the value a string", () => {
    const rule = deepFreeze({ Variable: "$.n", NumericEquals: 5, Next: "Big" });
    const next = setOperator(rule, "StringEquals");
    expect(next).toEqual({ Variable: "$.n", StringEquals: "5", Next: "Big" });
    expect(Object.keys(next)).toEqual(["Variable", "StringEquals", "Next"]);
  });

  it("to a numeric one turns a numeric string into a number and anything else into 0", () => {
    expect(setOperator({ Variable: "$.n", StringEquals: "42" }, "NumericGreaterThan")).toEqual({
      Variable: "$.n",
      NumericGreaterThan: 42,
    });
    expect(setOperator({ Variable: "$.n", StringEquals: "many" }, "NumericEquals")).toEqual({
      Variable: "$.n",
      NumericEquals: 0,
    });
  });

  it("to a type test makes the value true, and to a *Path one makes it a path", () => {
    expect(setOperator({ Variable: "$.a", StringEquals: "x" }, "IsNull")).toEqual({
      Variable: "$.a",
      IsNull: true,
    });
    expect(setOperator({ Variable: "$.a", NumericEquals: 3 }, "NumericEqualsPath")).toEqual({
      Variable: "$.a",
      NumericEqualsPath: "$",
    });
    expect(convertValue("$.limit", "path")).toBe("$.limit");
    expect(convertValue(false, "boolean")).toBe(false);
  });

  it("keeps a rule's Comment, Assign and Output", () => {
    const rule = { Variable: "$.a", IsPresent: true, Comment: "c", Assign: { x: 1 }, Next: "N" };
    expect(setOperator(rule, "IsString")).toEqual({
      ...rule,
      IsPresent: undefined,
      IsString: true,
    });
  });
});

describe("typing a comparison's value", () => {
  it("stores numbers for Numeric*, booleans for Boolean*/Is*, text otherwise", () => {
    expect(setComparisonValue({ Variable: "$", NumericEquals: 1 }, "2.5").NumericEquals).toBe(2.5);
    expect(setComparisonValue({ Variable: "$", BooleanEquals: true }, "false").BooleanEquals).toBe(
      false,
    );
    expect(setComparisonValue({ Variable: "$", StringEquals: "a" }, "12").StringEquals).toBe("12");
  });
});

describe("groups", () => {
  it("wrapping a comparison in And keeps it as the first member and keeps Next on the rule", () => {
    const rule = deepFreeze({ Variable: "$.a", IsPresent: true, Next: "Go" });
    const next = setConditionKind(rule, "And");
    expect(next).toEqual({ And: [{ Variable: "$.a", IsPresent: true }], Next: "Go" });
    expect(conditionKind(next)).toBe("And");
  });

  it("switching And to Or keeps every member; to Not keeps the first", () => {
    const members = [
      { Variable: "$.a", IsPresent: true },
      { Variable: "$.b", StringEquals: "x" },
    ];
    const rule = deepFreeze({ And: members, Next: "Go" });
    expect(setConditionKind(rule, "Or")).toEqual({ Or: members, Next: "Go" });
    expect(setConditionKind(rule, "Not")).toEqual({ Not: members[0], Next: "Go" });
    expect(setConditionKind(rule, "comparison")).toEqual({ ...members[0], Next: "Go" });
  });

  it("a Not holds exactly one condition", () => {
    const rule = { Not: { Variable: "$.a", IsNull: true } };
    expect(groupMembers(rule)).toEqual([{ Variable: "$.a", IsNull: true }]);
    const replaced = setGroupMembers(rule, [{ Variable: "$.b", IsNull: false }, { Variable: "$" }]);
    expect(replaced).toEqual({ Not: { Variable: "$.b", IsNull: false } });
  });

  it("reads the operator of a comparison and the kind of anything", () => {
    expect(operatorOf({ Variable: "$", Next: "x", TimestampLessThan: "2020" })).toBe(
      "TimestampLessThan",
    );
    expect(conditionKind({ Condition: "{% true %}" })).toBe("jsonata");
    expect(conditionKind("nope")).toBe("unknown");
  });
});
