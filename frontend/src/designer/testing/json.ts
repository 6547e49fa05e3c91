/** Reading the JSON the user types, pure: what it holds, or why it is not JSON. */

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export function pretty(value: unknown): string {
  return value === undefined ? "(none)" : JSON.stringify(value, null, 2);
}
