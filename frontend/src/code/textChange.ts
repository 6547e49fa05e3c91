/** The smallest single replacement that turns one text into another (keeps the caret and scroll). */

export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

/** Null when the texts are equal. Never splits a UTF-16 surrogate pair. */
export function changeBetween(current: string, next: string): TextChange | null {
  if (current === next) return null;
  const limit = Math.min(current.length, next.length);
  let start = 0;
  while (start < limit && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  let end = 0;
  while (
    end < limit - start &&
    current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)
  ) {
    end++;
  }
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--;
  return { from: start, to: current.length - end, insert: next.slice(start, next.length - end) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
