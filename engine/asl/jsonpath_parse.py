"""Parsing path text ("$.a[0]", "$$.Execution.Id", "$var.x") into a Path, and syntax checks.

Names in brackets may hold escapes (`$['a\\'b']`), read as jsonpath_escapes says. Filter
bodies ([?(...)]) are compiled by jsonpath_filters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from engine.asl import jsonpath_filters
from engine.asl.jsonpath_escapes import closing_quote, unescape
from engine.asl.jsonpath_steps import Path, PathSyntaxError, Predicate, Step

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NAME_STOP = set(".[]()'\" \t\n")
_INTEGER = re.compile(r"\s*-?\d+\s*")
_SLICE = re.compile(r"\s*(-?\d+)?\s*:\s*(-?\d+)?\s*")
_QUOTED_NAME = re.compile(r"\s*(?:'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\")\s*(,|$)", re.DOTALL)


@lru_cache(maxsize=1024)
def parse(text: str) -> Path:
    """Parse a path; raise PathSyntaxError when it is not one."""
    if not isinstance(text, str) or not text.startswith("$"):
        raise PathSyntaxError("a path must start with '$'")
    root, variable, pos = _parse_root(text)
    steps: list[Step] = []
    while pos < len(text):
        step, pos = _parse_step(text, pos)
        steps.append(step)
    return Path(text, root, variable, tuple(steps))


def parse_filter(text: str) -> Predicate:
    """Compile a filter body such as `@.price > 10 && @.tag == 'x'` into a predicate."""
    return jsonpath_filters.compile_filter(text, parse)


def syntax_error(path: str) -> str | None:
    """Why `path` is not a valid JSONPath, or None when it is (used by the validator)."""
    try:
        parse(path)
    except PathSyntaxError as error:
        return str(error)
    return None


def is_reference_path(path: str) -> bool:
    """A Reference Path: valid and definite (one node), as ResultPath and friends require."""
    try:
        return parse(path).is_definite
    except PathSyntaxError:
        return False


def _parse_root(text: str) -> tuple[str, str | None, int]:
    if text.startswith("$$"):
        return "context", None, 2
    match = _VARIABLE.match(text, 1)
    if match:
        return "variable", match.group(), match.end()
    return "input", None, 1


def _parse_step(text: str, pos: int) -> tuple[Step, int]:
    deep = text.startswith("..", pos)
    if deep:
        pos += 2
    elif text[pos] == ".":
        pos += 1
    elif text[pos] != "[":
        raise PathSyntaxError(f"unexpected {text[pos]!r} at position {pos}")
    if pos < len(text) and text[pos] == "[":
        step, pos = _parse_bracket(text, pos)
    elif text.startswith("*", pos):
        step, pos = Step("wildcard"), pos + 1
    else:
        step, pos = _parse_name(text, pos)
    return Step(step.kind, step.arg, deep), pos


def _parse_name(text: str, pos: int) -> tuple[Step, int]:
    end = pos
    while end < len(text) and text[end] not in _NAME_STOP:
        end += 1
    if end == pos:
        raise PathSyntaxError(f"expected a property name at position {pos}")
    return Step("name", text[pos:end]), end


def _parse_bracket(text: str, pos: int) -> tuple[Step, int]:
    close = _find_bracket_end(text, pos)
    body = text[pos + 1 : close].strip()
    if body == "*":
        return Step("wildcard"), close + 1
    if body.startswith("?"):
        return Step("filter", _parse_filter_body(body[1:].strip())), close + 1
    if body[:1] in ("'", '"'):
        names = _parse_quoted_names(body)
        step = Step("name", names[0]) if len(names) == 1 else Step("names", tuple(names))
        return step, close + 1
    return _parse_indexes(body), close + 1


def _find_bracket_end(text: str, pos: int) -> int:
    """The `]` closing the `[` at `pos`; brackets inside quoted names (escapes and all) and
    nested filters do not count."""
    depth, index = 0, pos
    while index < len(text):
        char = text[index]
        if char in ("'", '"'):
            index = closing_quote(text, index)
            if index < 0:
                break
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise PathSyntaxError(f"unclosed '[' at position {pos}")


def _parse_filter_body(body: str) -> Predicate:
    if not (body.startswith("(") and body.endswith(")")):
        raise PathSyntaxError("a filter must look like [?(...)]")
    try:
        return parse_filter(body[1:-1])
    except ValueError as error:
        raise PathSyntaxError(str(error)) from None


def _parse_quoted_names(body: str) -> list[str]:
    names, pos = [], 0
    while pos < len(body):
        match = _QUOTED_NAME.match(body, pos)
        if not match:
            raise PathSyntaxError(f"bad property list [{body}]")
        raw = match.group(1) if match.group(1) is not None else match.group(2)
        names.append(unescape(raw))
        pos = match.end()
    return names


def _parse_indexes(body: str) -> Step:
    if ":" in body:
        match = _SLICE.fullmatch(body)
        if not match:
            raise PathSyntaxError(f"bad array slice [{body}]")
        start, stop = (None if part is None else int(part) for part in match.groups())
        return Step("slice", (start, stop))
    parts = body.split(",")
    if not body or not all(_INTEGER.fullmatch(part) for part in parts):
        raise PathSyntaxError(f"bad array index [{body}]")
    indexes = tuple(int(part) for part in parts)
    return Step("index", indexes[0]) if len(indexes) == 1 else Step("indexes", indexes)
