import { describe, expect, it } from "vitest";
import { changeBetween } from "../src/code/textChange";

function apply(text: string, next: string): string {
  const change = changeBetween(text, next);
  return change ? text.slice(0, change.from) + change.insert + text.slice(change.to) : text;
}

describe("changeBetween", () => {
  it("equal texts need no change", () => {
    expect(changeBetween('{"a": 1}', '{"a": 1}')).toBeNull();
  });

  it("an edit in the middle replaces only what differs", () => {
    expect(changeBetween('{"Next": "A"}', '{"Next": "B"}')).toEqual({
      from: 10,
      to: 11,
      insert: "B",
    });
  });

  it("repeated characters at the edges still give a valid replacement", () => {
    for (const [a, b] of [
      ["aaa", "aaaa"],
      ["aaaa", "aa"],
      ["abcabc", "abc"],
      ["", "x"],
      ["x", ""],
      ["ab", "ba"],
    ]) {
      expect(apply(a, b), `${a} -> ${b}`).toBe(b);
    }
  });

  it("never splits a surrogate pair", () => {
    const change = changeBetween("x\u{1F600}y", "x\u{1F601}y")!;
    expect(change).toEqual({ from: 1, to: 3, insert: "\u{1F601}" });
  });
});
