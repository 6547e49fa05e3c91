import { describe, expect, it, vi } from "vitest";
import { JsonScanError, JsonScanner } from "../src/code/jsonScan";
import { lineAndColumn, locateParseError } from "../src/code/parseError";

function scannerOffset(text: string): number | null {
  try {
    new JsonScanner(text).document();
    return null;
  } catch (error) {
    if (error instanceof JsonScanError) return error.offset;
    throw error;
  }
}

const BROKEN = [
  "",
  "{",
  '{"a":1,}',
  '{"a": 1\n "b": 2}',
  "[1 2]",
  "[1,]",
  '{"a" 1}',
  "{a:1}",
  '"abc',
  '"a\u0001"',
  '"\\x"',
  '"\\u12"',
  "-",
  "1e",
  "1.",
  "[01]",
  "{} x",
  "tru",
  '{"a":tru}',
  "{'a':1}",
  '{"a":1',
  '{"a":[1,2}',
  "]",
  '{"a":1,"b":}',
];

describe("locateParseError", () => {
  it("is null for text JSON.parse accepts", () => {
    expect(locateParseError('{\n  "StartAt": "A",\n  "States": {}\n}')).toBeNull();
    expect(locateParseError(' [1, -2.5e3, "\\u00e9", true, null] ')).toBeNull();
  });

  it("a missing comma after a property is located at the next key", () => {
    const text = '{\n  "StartAt": "A"\n  "States": {}\n}';
    const error = locateParseError(text)!;
    expect(error.offset).toBe(text.indexOf('"States"'));
    expect(error.line).toBe(3);
    expect(error.column).toBe(3);
    expect(error.message).toBe("Expected ',' or '}' after a property value (line 3, column 3)");
  });

  it("a trailing comma in an object is located at the closing brace", () => {
    const text = '{"a": 1,\n}';
    expect(locateParseError(text)).toMatchObject({ offset: 9, line: 2, column: 1 });
    expect(locateParseError(text)!.message).toMatch(/^Expected a property name in double quotes/);
  });

  it("a trailing comma in an array, which V8 gives no position for, is located by the scanner", () => {
    const text = "[1, 2,]";
    expect(locateParseError(text)).toMatchObject({ offset: 6, line: 1, column: 7 });
    expect(locateParseError(text)!.message).toBe("Expected a value, found ']' (line 1, column 7)");
  });

  it("text that ends too early is located at its end", () => {
    for (const text of ['{"a": {"b": [1, ', "", "   ", "tru", '{"a": "open']) {
      expect(locateParseError(text)?.offset, JSON.stringify(text)).toBe(text.length);
    }
  });

  it("an unquoted key is located at the key", () => {
    const text = '{\n  StartAt: "A"\n}';
    expect(locateParseError(text)).toMatchObject({ offset: 4, line: 2, column: 3 });
  });

  it("a raw newline inside a string is located at the newline", () => {
    const text = '{"Comment": "one\ntwo"}';
    expect(locateParseError(text)).toMatchObject({ offset: 16, line: 1, column: 17 });
    expect(locateParseError(text)!.message).toMatch(/^Control character in a string/);
  });

  it("text after the value is located where it starts", () => {
    expect(locateParseError('{"a": 1}\n}')).toMatchObject({ offset: 9, line: 2, column: 1 });
  });

  it("the scanner agrees with V8 wherever V8 gives a position", () => {
    for (const text of BROKEN) {
      let message = "";
      try {
        JSON.parse(text);
      } catch (error) {
        message = (error as Error).message;
      }
      const position = /at position (\d+)/.exec(message);
      const offset = scannerOffset(text);
      expect(offset, JSON.stringify(text)).not.toBeNull();
      if (position) expect(offset, `${JSON.stringify(text)}: ${message}`).toBe(Number(position[1]));
    }
  });

  it("the scanner accepts everything JSON.parse accepts", () => {
    const valid = [
      '{"a":[1,{"b":null}],"c":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9"}',
      "-0",
      "0.5e-3",
      "1E+2",
      '"\\ud800"',
      "[]",
      "{}",
    ];
    for (const text of valid) expect(scannerOffset(text), text).toBeNull();
  });

  it("with an engine message that has no position (Safari, Firefox), the scanner locates it", () => {
    const text = '{\n  "StartAt": "A"\n  "States": {}\n}';
    const parse = vi.spyOn(JSON, "parse").mockImplementation(() => {
      throw new SyntaxError("JSON Parse error: Expected '}'");
    });
    try {
      expect(locateParseError(text)).toMatchObject({ offset: text.indexOf('"States"'), line: 3 });
    } finally {
      parse.mockRestore();
    }
  });

  it("where the engine and the scanner disagree, the engine's position and words are used", () => {
    const parse = vi.spyOn(JSON, "parse").mockImplementation(() => {
      throw new SyntaxError("Unexpected token in JSON at position 2 (line 1 column 3)");
    });
    try {
      expect(locateParseError("[1 2]")).toEqual({
        message: "Unexpected token (line 1, column 3)",
        offset: 2,
        line: 1,
        column: 3,
      });
    } finally {
      parse.mockRestore();
    }
  });

  it("counts CRLF and a lone CR as one line break each", () => {
    expect(lineAndColumn("a\r\nb\rc", 5)).toEqual({ line: 3, column: 1 });
    expect(lineAndColumn("a\r\nb", 2)).toEqual({ line: 1, column: 3 });
  });
});
