"""Filter expressions inside paths ([?(@.price > 10 && @.tag == 'x')]) compiled to predicates.

Comparisons follow Jayway: values of different JSON types are never equal or ordered.
Parentheses and `!` nest at most MAX_FILTER_NESTING deep, so parsing never runs out of stack.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from engine.asl.jsonpath_escapes import unescape
from engine.asl.jsonpath_steps import Path, PathNotFound, Predicate
from engine.asl.jsonpath_walk import read_all, read_definite

_FILTER_TOKEN = re.compile(
    r"\s*(?:(?P<op>==|!=|<=|>=|<|>|&&|\|\||!|\(|\))|(?P<str>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?P<word>true|false|null)"
    r"|(?P<path>[@$](?:[^\s=!<>&|()'\"]|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")*))",
    re.DOTALL,
)
_MISSING = object()
MAX_FILTER_NESTING = 50
Expression = Callable[[Any], Any]
Tokens = list[tuple[str, str]]


class _Filter:
    """A compiled filter; `cost` (its token count) is what one application is charged."""

    def __init__(self, expression: Expression, cost: int) -> None:
        self.expression = expression
        self.cost = cost

    def __call__(self, item: Any) -> bool:
        return _truthy(self.expression(item))


def compile_filter(text: str, parse_path: Callable[[str], Path]) -> Predicate:
    """Compile a filter body into a predicate; `parse_path` parses the @-paths inside it.

    The path parser is passed in because it calls back here for nested filters.
    """
    tokens = _tokenize_filter(text)
    expression, rest = _FilterParser(parse_path).parse_or(tokens)
    if rest:
        raise ValueError(f"unexpected {rest[0][1]!r} in filter")
    return _Filter(expression, len(tokens))


def _tokenize_filter(text: str) -> Tokens:
    tokens, pos = [], 0
    while pos < len(text.rstrip()):
        match = _FILTER_TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ValueError(f"bad filter expression at {text[pos:]!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


class _FilterParser:
    """Recursive descent over the tokens: || binds loosest, then &&, then comparisons."""

    def __init__(self, parse_path: Callable[[str], Path]) -> None:
        self.parse_path = parse_path
        self.depth = 0

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_FILTER_NESTING:
            raise ValueError(f"a filter nests at most {MAX_FILTER_NESTING} levels deep")

    def parse_or(self, tokens: Tokens) -> tuple[Expression, Tokens]:
        left, tokens = self.parse_and(tokens)
        while tokens and tokens[0][1] == "||":
            right, tokens = self.parse_and(tokens[1:])
            left = (lambda a, b: lambda item: _truthy(a(item)) or _truthy(b(item)))(left, right)
        return left, tokens

    def parse_and(self, tokens: Tokens) -> tuple[Expression, Tokens]:
        left, tokens = self.parse_comparison(tokens)
        while tokens and tokens[0][1] == "&&":
            right, tokens = self.parse_comparison(tokens[1:])
            left = (lambda a, b: lambda item: _truthy(a(item)) and _truthy(b(item)))(left, right)
        return left, tokens

    def parse_comparison(self, tokens: Tokens) -> tuple[Expression, Tokens]:
        left, tokens = self.parse_operand(tokens)
        if tokens and tokens[0][1] in _COMPARISONS:
            compare = _COMPARISONS[tokens[0][1]]
            right, tokens = self.parse_operand(tokens[1:])
            compared = (lambda a, b: lambda item: _compare(compare, a(item), b(item)))(left, right)
            return compared, tokens
        return left, tokens

    def parse_operand(self, tokens: Tokens) -> tuple[Expression, Tokens]:
        if not tokens:
            raise ValueError("filter expression ends too early")
        (kind, text), rest = tokens[0], tokens[1:]
        if text == "(":
            self.nested()
            inner, rest = self.parse_or(rest)
            self.depth -= 1
            if not rest or rest[0][1] != ")":
                raise ValueError("unbalanced '(' in filter")
            return inner, rest[1:]
        if text == "!":
            self.nested()
            inner, rest = self.parse_operand(rest)
            self.depth -= 1
            return (lambda a: lambda item: not _truthy(a(item)))(inner), rest
        if kind == "path":
            return self.filter_path(text), rest
        if kind in ("str", "num", "word"):
            value = unescape(text[1:-1]) if kind == "str" else json.loads(text)
            return (lambda item: value), rest
        raise ValueError(f"unexpected {text!r} in filter")

    def filter_path(self, text: str) -> Expression:
        path = self.parse_path("$" + text[1:])
        is_relative = text.startswith("@")

        def read(item: Any) -> Any:
            if not is_relative:
                return _MISSING  # document-rooted paths inside filters are not supported
            if path.is_definite:
                try:
                    return read_definite(path, item)
                except PathNotFound:
                    return _MISSING
            return list(read_all(path.steps, item))

        return read


def _compare(compare: Callable[[Any, Any], bool], left: Any, right: Any) -> bool:
    if left is _MISSING or right is _MISSING:
        return False
    try:
        return compare(left, right)
    except TypeError:
        return False


def _truthy(value: Any) -> bool:
    return value is not _MISSING and value is not False and value is not None


def _equal(left: Any, right: Any) -> bool:
    return left == right and (type(left) is type(right) or _both_numbers(left, right))


def _both_numbers(left: Any, right: Any) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in (left, right))


def _ordered(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def check(left: Any, right: Any) -> bool:
        same_kind = _both_numbers(left, right) or isinstance(left, str) and isinstance(right, str)
        return same_kind and compare(left, right)

    return check


_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "==": _equal,
    "!=": lambda left, right: not _equal(left, right),
    "<": _ordered(lambda left, right: left < right),
    "<=": _ordered(lambda left, right: left <= right),
    ">": _ordered(lambda left, right: left > right),
    ">=": _ordered(lambda left, right: left >= right),
}
