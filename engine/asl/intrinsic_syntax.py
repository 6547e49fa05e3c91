"""Parsing intrinsic calls ("States.Format('{}', $.name)") into Call trees, with arity checks.

The table of what each function does is in intrinsic_functions; here is only its shape.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from engine.asl import jsonpath

_CALL_START = re.compile(r"\s*States\.([A-Za-z0-9]+)\s*\(")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
_WORDS = {"null": None, "true": True, "false": False}
MAX_NESTING = 10

# (fewest, most) arguments of every function; None means no upper bound.
ARITY: dict[str, tuple[int, int | None]] = {
    "Format": (1, None),
    "StringToJson": (1, 1),
    "JsonToString": (1, 1),
    "Array": (0, None),
    "ArrayPartition": (2, 2),
    "ArrayContains": (2, 2),
    "ArrayRange": (3, 3),
    "ArrayGetItem": (2, 2),
    "ArrayLength": (1, 1),
    "ArrayUnique": (1, 1),
    "Base64Encode": (1, 1),
    "Base64Decode": (1, 1),
    "Hash": (2, 2),
    "JsonMerge": (3, 3),
    "MathRandom": (2, 3),
    "MathAdd": (2, 2),
    "StringSplit": (2, 2),
    "UUID": (0, 0),
}


class IntrinsicSyntaxError(ValueError):
    """An intrinsic function call that cannot be parsed (bad syntax, unknown name, arity)."""


@dataclass(frozen=True)
class Literal:
    value: Any
    raw: str | None = None  # a string literal's text with its escapes, for States.Format


@dataclass(frozen=True)
class PathArg:
    path: str


@dataclass(frozen=True)
class Call:
    name: str  # without the "States." prefix
    args: tuple[Literal | PathArg | Call, ...]


def is_intrinsic(text: Any) -> bool:
    """True when `text` looks like an intrinsic call: "States.Name(...)"."""
    return isinstance(text, str) and bool(_CALL_START.match(text)) and text.rstrip().endswith(")")


def parse(text: str) -> Call:
    """Parse an intrinsic call; raise IntrinsicSyntaxError with the reason when it is not one."""
    parser = _Parser(text)
    call = parser.call(depth=1)
    parser.skip_spaces()
    if parser.pos != len(text):
        raise IntrinsicSyntaxError(f"unexpected text after the call: {text[parser.pos :]!r}")
    return call


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def call(self, depth: int) -> Call:
        match = _CALL_START.match(self.text, self.pos)
        if not match:
            raise IntrinsicSyntaxError(f"expected States.<Function>( at position {self.pos}")
        if depth > MAX_NESTING:
            raise IntrinsicSyntaxError(f"intrinsic functions nest at most {MAX_NESTING} deep")
        name = match.group(1)
        if name not in ARITY:
            raise IntrinsicSyntaxError(f"unknown intrinsic function States.{name}")
        self.pos = match.end()
        args = self.arguments(depth)
        _check_arity(name, len(args))
        return Call(name, tuple(args))

    def arguments(self, depth: int) -> list[Literal | PathArg | Call]:
        args: list[Literal | PathArg | Call] = []
        self.skip_spaces()
        if self.peek() == ")":
            self.pos += 1
            return args
        while True:
            args.append(self.argument(depth))
            self.skip_spaces()
            char = self.peek()
            self.pos += 1
            if char == ")":
                return args
            if char != ",":
                raise IntrinsicSyntaxError(f"expected ',' or ')' at position {self.pos - 1}")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def argument(self, depth: int) -> Literal | PathArg | Call:
        self.skip_spaces()
        char = self.peek()
        if char == "'":
            return self.string()
        if char == "$":
            return self.path()
        if self.text.startswith("States.", self.pos):
            return self.call(depth + 1)
        return self.word_or_number()

    def string(self) -> Literal:
        start, chars = self.pos, []
        self.pos += 1
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\" and self.pos + 1 < len(self.text):
                chars.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            self.pos += 1
            if char == "'":
                return Literal("".join(chars), raw=self.text[start + 1 : self.pos - 1])
            chars.append(char)
        raise IntrinsicSyntaxError(f"unterminated string starting at position {start}")

    def path(self) -> PathArg:
        start, depth, quote = self.pos, 0, ""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if quote:
                if char == "\\":  # an escaped character inside a quoted name ($['a\\'b'])
                    self.pos += 1
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char in "[(":
                depth += 1
            elif char in "])" and depth:
                depth -= 1
            elif char in ",)" or char.isspace():
                break
            self.pos += 1
        text = self.text[start : self.pos]
        problem = jsonpath.syntax_error(text)
        if problem:
            raise IntrinsicSyntaxError(f"invalid path {text!r}: {problem}")
        return PathArg(text)

    def word_or_number(self) -> Literal:
        for word, value in _WORDS.items():
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return Literal(value)
        match = _NUMBER.match(self.text, self.pos)
        if not match:
            raise IntrinsicSyntaxError(f"unexpected argument at position {self.pos}")
        self.pos = match.end()
        return Literal(json.loads(match.group()))


def _check_arity(name: str, count: int) -> None:
    low, high = ARITY[name]
    if count < low or (high is not None and count > high):
        expected = str(low) if low == high else f"{low} to {high}" if high else f"at least {low}"
        raise IntrinsicSyntaxError(
            f"States.{name} takes {expected} argument{'s' if expected != '1' else ''}, got {count}"
        )
