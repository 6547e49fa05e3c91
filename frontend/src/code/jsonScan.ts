/**
 * A small strict JSON scanner (RFC 8259, as JSON.parse reads it) over the raw text: it validates,
 * says in plain words where and why the text stops being JSON, and finds the range of a value.
 * Positions are UTF-16 offsets, as in JavaScript strings and CodeMirror documents.
 */

export class JsonScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const HEX = /^[0-9a-fA-F]{4}$/;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

export class JsonScanner {
  pos = 0;

  constructor(readonly text: string) {}

  /** Validates the whole text as one JSON value; throws JsonScanError where it breaks. */
  document(): void {
    this.skipSpace();
    this.value();
    this.skipSpace();
    if (this.pos < this.text.length) this.fail("Unexpected text after the end of the JSON value");
  }

  skipSpace(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (ch !== " " && ch !== "\t" && ch !== "\n" && ch !== "\r") return;
      this.pos++;
    }
  }

  /** Reads one value starting at pos (no leading space); pos ends just after it. */
  value(): void {
    const ch = this.peek();
    if (ch === "{") this.object(() => this.value());
    else if (ch === "[") this.array(() => this.value());
    else if (ch === '"') this.string();
    else if (ch === "-" || isDigit(ch)) this.number();
    else if (ch === "t") this.literal("true");
    else if (ch === "f") this.literal("false");
    else if (ch === "n") this.literal("null");
    else
      this.fail(
        ch === undefined ? "Unexpected end of input" : `Expected a value, found ${show(ch)}`,
      );
  }

  /** Reads an object; `member` is called with pos at each member's value and must read it. */
  object(member: (key: string) => void): void {
    this.pos++; // {
    this.skipSpace();
    if (this.peek() === "}") {
      this.pos++;
      return;
    }
    let first = true;
    for (;;) {
      if (this.peek() !== '"') {
        this.fail(
          first
            ? "Expected a property name in double quotes or '}'"
            : "Expected a property name in double quotes",
        );
      }
      first = false;
      const key = this.string();
      this.skipSpace();
      if (this.peek() !== ":") this.fail("Expected ':' after a property name");
      this.pos++;
      this.skipSpace();
      member(key);
      this.skipSpace();
      const next = this.peek();
      if (next === "}") {
        this.pos++;
        return;
      }
      if (next !== ",") this.fail("Expected ',' or '}' after a property value");
      this.pos++;
      this.skipSpace();
    }
  }

  /** Reads an array; `element` is called with pos at each element and must read it. */
  array(element: (index: number) => void): void {
    this.pos++; // [
    this.skipSpace();
    if (this.peek() === "]") {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      element(index);
      this.skipSpace();
      const next = this.peek();
      if (next === "]") {
        this.pos++;
        return;
      }
      if (next !== ",") this.fail("Expected ',' or ']' after an array element");
      this.pos++;
      this.skipSpace();
    }
  }

  /** Reads a string (pos at its opening quote) and returns its decoded value. */
  string(): string {
    const text = this.text;
    let out = "";
    this.pos++; // "
    for (;;) {
      const ch = text[this.pos];
      if (ch === undefined) this.fail("Unterminated string");
      if (ch === '"') {
        this.pos++;
        return out;
      }
      if (ch < " ") this.fail("Control character in a string (write it as an escape, e.g. \\n)");
      if (ch !== "\\") {
        out += ch;
        this.pos++;
        continue;
      }
      out += this.escape();
    }
  }

  private escape(): string {
    const text = this.text;
    this.pos++; // backslash
    const ch = text[this.pos];
    if (ch === undefined) this.fail("Unterminated string");
    if (ch === "u") {
      const hex = text.slice(this.pos + 1, this.pos + 5);
      if (!HEX.test(hex)) {
        const bad = [...hex].findIndex((c) => !/[0-9a-fA-F]/.test(c));
        this.pos += 1 + (bad < 0 ? hex.length : bad);
        this.fail("Invalid \\u escape in a string (it needs four hex digits)");
      }
      this.pos += 5;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if (!ESCAPES.has(ch)) this.fail(`Invalid escape ${show("\\" + ch)} in a string`);
    this.pos++;
    return JSON.parse(`"\\${ch}"`) as string;
  }

  private number(): void {
    if (this.peek() === "-") {
      this.pos++;
      if (!isDigit(this.peek())) this.fail("No digits after the minus sign");
    }
    if (this.peek() === "0") {
      this.pos++;
      if (isDigit(this.peek())) this.fail("A number cannot have a leading zero");
    } else this.digits();
    if (this.peek() === ".") {
      this.pos++;
      if (!isDigit(this.peek())) this.fail("No digits after the decimal point");
      this.digits();
    }
    const e = this.peek();
    if (e === "e" || e === "E") {
      this.pos++;
      const sign = this.peek();
      if (sign === "+" || sign === "-") this.pos++;
      if (!isDigit(this.peek())) this.fail("No digits in the exponent");
      this.digits();
    }
  }

  private digits(): void {
    while (isDigit(this.peek())) this.pos++;
  }

  private literal(word: string): void {
    for (let i = 0; i < word.length; i++) {
      const ch = this.text[this.pos];
      if (ch !== word[i]) {
        this.fail(
          ch === undefined ? "Unexpected end of input" : `Expected ${word}, found ${show(ch)}`,
        );
      }
      this.pos++;
    }
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  fail(message: string): never {
    throw new JsonScanError(message, this.pos);
  }
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

function show(ch: string): string {
  return ch === "'" ? `"'"` : `'${ch}'`;
}
