/** RFC 6901 JSON pointers: the ids of graph nodes, so names never collide across branches. */

export function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function join(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((token) => "/" + escapeToken(String(token))).join("");
}

/** The unescaped tokens of a pointer: "" -> [], "/States/a~1b" -> ["States", "a/b"]. */
export function split(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new SyntaxError(`Not a JSON pointer: ${pointer}`);
  return pointer.slice(1).split("/").map(unescapeToken);
}
