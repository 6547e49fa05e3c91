import { describe, expect, it } from "vitest";
import { deleteStates, renameState, updateState } from "../src/asl/edits";
import { exportsExactly, importDefinition, serialize } from "../src/asl/serialize";
import { sameDecimal } from "../src/asl/source";
import type { JsonObject } from "../src/asl/types";
import { large, nested, simple } from "./definitions";

const text = `{
  "StartAt": "Check",
  "States": {
    "Check": {
      "Type": "Choice",
      "Choices": [{ "Variable": "$.n", "NumericEquals": 1.0, "Next": "Big" }],
      "Default": "Done"
    },
    "Big": { "Type": "Pass", "Result": { "b": 12345678901234567890, "10": 1e3, "2": "caf\\u00e9" }, "Next": "Done" },
    "Done": { "Type": "Succeed" }
  }
}`;

describe("serialize", () => {
  it("is JSON.stringify with a 2-space indent when there is no source", () => {
    for (const definition of [
      simple,
      nested,
      large(120),
      { a: [], b: {}, c: [1, [2, {}]], d: null },
    ]) {
      expect(serialize(definition)).toBe(JSON.stringify(definition, null, 2));
    }
  });

  it("skips undefined members and writes undefined array items as null, like JSON.stringify", () => {
    expect(serialize({ a: undefined, b: [undefined, 1] })).toBe(
      JSON.stringify({ a: undefined, b: [undefined, 1] }, null, 2),
    );
  });
});

describe("importDefinition", () => {
  it("reads exactly what JSON.parse reads, key order included", () => {
    const imported = importDefinition(text);
    expect(JSON.stringify(imported.definition)).toBe(JSON.stringify(JSON.parse(text)));
    expect(() => importDefinition("{ nope }")).toThrow(SyntaxError);
  });

  it("reports every token JSON.parse would not give back: numbers, escapes, integer-like key order", () => {
    const { issues } = importDefinition(text);
    expect(issues).toEqual([
      {
        kind: "number",
        pointer: "/States/Check/Choices/0/NumericEquals",
        written: "1.0",
        read: "1",
        sameValue: true,
      },
      {
        kind: "number",
        pointer: "/States/Big/Result/b",
        written: "12345678901234567890",
        read: "12345678901234567000",
        sameValue: false,
      },
      {
        kind: "number",
        pointer: "/States/Big/Result/10",
        written: "1e3",
        read: "1000",
        sameValue: true,
      },
      {
        kind: "spelling",
        pointer: "/States/Big/Result/2",
        written: '"caf\\u00e9"',
        read: '"café"',
      },
      {
        kind: "key-order",
        pointer: "/States/Big/Result",
        written: ["b", "10", "2"],
        read: ["2", "10", "b"],
      },
    ]);
  });

  it("exports an untouched definition with the tokens it was written with", () => {
    const imported = importDefinition(text);
    const exported = serialize(imported.definition, imported.source);
    expect(exported).toContain('"NumericEquals": 1.0');
    expect(exported).toContain(
      '"b": 12345678901234567890,\n        "10": 1e3,\n        "2": "caf\\u00e9"',
    );
    expect(exported.replace(/\s+/g, "")).toBe(text.replace(/\s+/g, ""));
    expect(exportsExactly(imported)).toBe(true);
  });

  it("keeps the tokens of every object an edit did not replace", () => {
    const imported = importDefinition(text);
    const definition = imported.definition as JsonObject;
    const edited = updateState(definition, "/States/Done", { Comment: "end" });
    const renamed = renameState(edited, "/States/Done", "Finish");
    if (!renamed.ok) throw new Error(renamed.error.message);
    const exported = serialize(renamed.definition, imported.source);
    expect(exported).toContain('"NumericEquals": 1.0');
    expect(exported).toContain('"b": 12345678901234567890');
    const rewritten = serialize(
      updateState(definition, "/States/Big", { Comment: "x" }),
      imported.source,
    );
    expect(rewritten).toContain('"Result": {\n        "b": 12345678901234567890');
    const choice = updateState(definition, "/States/Check", (state) => ({
      ...state,
      Comment: "x",
    }));
    expect(serialize(choice, imported.source)).toContain('"NumericEquals": 1.0');
    const gone = deleteStates(definition, ["/States/Big"]);
    expect(serialize(gone, imported.source)).not.toContain("1e3");
  });

  it("writes an object an edit rebuilt the way JavaScript does", () => {
    const imported = importDefinition(
      '{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1.0,"End":true}}}',
    );
    const edited = updateState(imported.definition as JsonObject, "/States/W", { Comment: "c" });
    expect(serialize(edited, imported.source)).toContain('"Seconds": 1,');
  });

  it("reports a repeated key, whose first value no export can give back", () => {
    const imported = importDefinition('{"a": 1, "b": 2, "a": 3}');
    expect(imported.definition).toEqual({ a: 3, b: 2 });
    expect(Object.keys(imported.definition as object)).toEqual(
      Object.keys(JSON.parse('{"a": 1, "b": 2, "a": 3}')),
    );
    expect(imported.issues).toEqual([{ kind: "duplicate-key", pointer: "", key: "a" }]);
    expect(exportsExactly(imported)).toBe(false);
  });

  it("reads a state named __proto__ as an ordinary state", () => {
    const source = '{"StartAt":"__proto__","States":{"__proto__":{"Type":"Pass","End":true}}}';
    const { definition } = importDefinition(source);
    const states = (definition as JsonObject).States as JsonObject;
    expect(Object.keys(states)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(states)).toBe(Object.prototype);
    expect(serialize(definition).replace(/\s+/g, "")).toBe(source);
    const renamed = renameState(definition as JsonObject, "/States/__proto__", "Proto");
    expect(renamed.ok && Object.keys(renamed.definition.States as object)).toEqual(["Proto"]);
  });
});

describe("sameDecimal", () => {
  it("compares the decimal values of number tokens exactly", () => {
    expect(sameDecimal("1.0", "1")).toBe(true);
    expect(sameDecimal("1e3", "1000")).toBe(true);
    expect(sameDecimal("-0", "0")).toBe(true);
    expect(sameDecimal("0.10", "1e-1")).toBe(true);
    expect(sameDecimal("9007199254740993", "9007199254740992")).toBe(false);
    expect(sameDecimal("1e400", "null")).toBe(false);
  });
});
