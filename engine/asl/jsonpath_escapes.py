"""Backslash escapes in the quoted text of a JSONPath: bracketed names and filter strings.

AWS reads paths with Jayway JsonPath, which takes `$['a\\'b']` as the member `a'b`: `\\\\`, `\\'`
and `\\"` stand for themselves, `\\b \\f \\n \\r \\t` and `\\uXXXX` for those characters, any other
escaped character for itself (`\\/` is `/`), and a backslash that ends the text stays one.
Used by jsonpath_parse (names in brackets) and jsonpath_filters (string literals).
"""

from __future__ import annotations

import re

from engine.asl.jsonpath_steps import PathSyntaxError

_CONTROLS = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")


def unescape(text: str) -> str:
    """`text` (between its quotes) with each escape replaced by the character it stands for."""
    if "\\" not in text:
        return text
    chars: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char != "\\" or pos + 1 == len(text):
            chars.append(char)
            pos += 1
            continue
        code = text[pos + 1]
        if code == "u":
            chars.append(_unicode(text, pos))
            pos += 6
        else:
            chars.append(_CONTROLS.get(code, code))
            pos += 2
    return _join_surrogate_pairs("".join(chars))


def closing_quote(text: str, start: int) -> int:
    """Where the quoted text opening at `text[start]` ends (its closing quote), skipping
    escaped characters; -1 when it is never closed."""
    quote, pos = text[start], start + 1
    while pos < len(text):
        if text[pos] == "\\":
            pos += 2
            continue
        if text[pos] == quote:
            return pos
        pos += 1
    return -1


def _unicode(text: str, pos: int) -> str:
    digits = text[pos + 2 : pos + 6]
    if not _HEX4.fullmatch(digits):
        raise PathSyntaxError(f"bad unicode escape \\u{digits} at position {pos}")
    return chr(int(digits, 16))


def _join_surrogate_pairs(text: str) -> str:
    """`\\ud83d\\ude00` written as two escapes is one character, as in the JSON it matches."""
    if not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:  # a lone surrogate: no JSON member can have it anyway
        return text
