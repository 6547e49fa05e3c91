import { describe, expect, it } from "vitest";
import { offsetOfPointer } from "../src/code/parseError";

const TEXT = `{
  "StartAt": "A",
  "States": {
    "A": { "Type": "Pass", "Next": "a/b" },
    "a/b": { "Type": "Parallel", "Branches": [
      { "StartAt": "X", "States": { "X": { "Type": "Succeed" } } },
      { "StartAt": "Y", "States": { "Y": { "Type": "Fail" } } }
    ], "End": true },
    "m~n": { "Type": "Pass", "End": true }
  }
}`;

function slice(pointer: string): string | null {
  const range = offsetOfPointer(TEXT, pointer);
  return range ? TEXT.slice(range.from, range.to) : null;
}

describe("offsetOfPointer", () => {
  it("finds a state's object, from its brace to its brace", () => {
    expect(slice("/States/A")).toBe('{ "Type": "Pass", "Next": "a/b" }');
  });

  it("the empty pointer is the whole value", () => {
    expect(offsetOfPointer(`  ${TEXT}\n`, "")).toEqual({ from: 2, to: TEXT.length + 2 });
  });

  it("a pointer with ~1 escapes finds the key a/b", () => {
    expect(slice("/States/a~1b")).toMatch(/^\{ "Type": "Parallel"/);
  });

  it("a pointer with ~0 escapes finds the key m~n", () => {
    expect(slice("/States/m~0n")).toBe('{ "Type": "Pass", "End": true }');
  });

  it("walks into arrays by index, through nested levels", () => {
    expect(slice("/States/a~1b/Branches/1/States/Y")).toBe('{ "Type": "Fail" }');
    expect(slice("/States/a~1b/Branches/0/StartAt")).toBe('"X"');
  });

  it("finds scalars, strings with their quotes", () => {
    expect(slice("/StartAt")).toBe('"A"');
    expect(slice("/States/a~1b/End")).toBe("true");
  });

  it("names nothing: a missing key, an index out of range, a bad index, a malformed pointer", () => {
    for (const pointer of [
      "/States/Z",
      "/States/a~1b/Branches/2",
      "/States/a~1b/Branches/01",
      "States",
      "/States/a~2b",
      "/StartAt/0",
    ]) {
      expect(offsetOfPointer(TEXT, pointer), pointer).toBeNull();
    }
  });

  it("a repeated key resolves to its last occurrence, as JSON.parse keeps", () => {
    const text = '{"A": 1, "A": 22}';
    expect(offsetOfPointer(text, "/A")).toEqual({ from: 14, to: 16 });
  });

  it("a key written with escapes matches its decoded name", () => {
    const text = '{"States": {"\\u00e9t\\u00e9": {"Type": "Pass"}}}';
    const range = offsetOfPointer(text, "/States/été")!;
    expect(text.slice(range.from, range.to)).toBe('{"Type": "Pass"}');
  });

  it("still finds a value when the text breaks later, and not when it breaks inside the value", () => {
    const text = '{"States": {"A": {"Type": "Pass"}, "B": {"Type" "Pass"}}}';
    expect(offsetOfPointer(text, "/States/A")).not.toBeNull();
    expect(offsetOfPointer(text, "/States/B")).toBeNull();
  });
});
