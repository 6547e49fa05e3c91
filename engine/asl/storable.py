"""Values Postgres cannot store: a NUL character or a lone surrogate anywhere in a JSON value.

jsonb refuses `\\u0000` and unpaired surrogates, and text columns refuse both as well, so a state
output, task input, variable, error or cause holding one fails its state with States.Runtime
(interpreter.py) instead of failing the transaction that would store it.
"""

from __future__ import annotations

import re
from typing import Any

# What json.dumps (ensure_ascii) writes for them; a cheap scan of text that is dumped anyway.
# "\\ud" also matches a valid pair (an emoji), and "\\u0000" an escaped backslash before
# "u0000": both only lead to the exact walk below.
_SUSPECTS = ("\\u0000", "\\ud")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def problem_in_dump(dumped: str, value: Any) -> str | None:
    """What in `value` Postgres cannot store, given `dumped = json.dumps(value)`; None if fine."""
    if not any(suspect in dumped for suspect in _SUSPECTS):
        return None
    return problem(value)


def problem(value: Any) -> str | None:
    """Describe the first NUL or lone surrogate in a string (or key) of `value`; None if none."""
    stack = [value]
    while stack:  # iterative: values can be nested deeper than Python's recursion limit
        item = stack.pop()
        if isinstance(item, str):
            found = _UNSTORABLE.search(item)
            if found:
                return _describe(found.group())
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _describe(character: str) -> str:
    if character == "\x00":
        return "a NUL character (\\u0000)"
    return f"an unpaired surrogate (\\u{ord(character):04x})"


def clean_text(text: str) -> str:
    """`text` with every NUL and lone surrogate replaced by U+FFFD, for our own messages."""
    return _UNSTORABLE.sub("\ufffd", text)
