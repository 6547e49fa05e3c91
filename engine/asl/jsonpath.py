"""ASL paths (JSONPath flavour): Reference Paths, wider JSONPath reads, and ResultPath writes.

AWS evaluates paths with Jayway JsonPath, so missing values are reported with Jayway's wording
("No results for path: $['a']", "Missing property in path $['a']"). `$` reads the state input,
`$$` the context object and `$name` the variable `name` (ASL Variables).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from engine.asl.errors import RESULT_PATH_MATCH_FAILURE, RUNTIME, StatesError
from engine.asl.scope import Scope

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NAME_STOP = set(".[]()'\" \t\n")
_INTEGER = re.compile(r"\s*-?\d+\s*")
_SLICE = re.compile(r"\s*(-?\d+)?\s*:\s*(-?\d+)?\s*")
_FILTER_TOKEN = re.compile(
    r"\s*(?:(?P<op>==|!=|<=|>=|<|>|&&|\|\||!|\(|\))|(?P<str>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?P<word>true|false|null)"
    r"|(?P<path>[@$][^\s=!<>&|()]*))"
)
_MISSING = object()
Predicate = Callable[[Any], bool]


class PathSyntaxError(ValueError):
    """A path that is not valid JSONPath; the message says where."""


class PathNotFound(LookupError):
    """A definite path that matched nothing; the message is Jayway's."""


@dataclass(frozen=True)
class Step:
    kind: str  # "name", "names", "index", "indexes", "wildcard", "slice", "filter"
    arg: Any = None
    deep: bool = False

    @property
    def is_definite(self) -> bool:
        return not self.deep and self.kind in ("name", "index")

    def fragment(self) -> str:
        """The step as Jayway prints it in messages: ['a'], [0], [*], [1:2]."""
        if self.kind == "name":
            return f"['{self.arg}']"
        if self.kind == "index":
            return f"[{self.arg}]"
        if self.kind == "names":
            return "[" + ",".join(f"'{name}'" for name in self.arg) + "]"
        if self.kind == "indexes":
            return "[" + ",".join(str(index) for index in self.arg) + "]"
        if self.kind == "slice":
            start, stop = self.arg
            return f"[{'' if start is None else start}:{'' if stop is None else stop}]"
        return "[*]" if self.kind == "wildcard" else "[?]"


@dataclass(frozen=True)
class Path:
    text: str
    root: str  # "input", "context" or "variable"
    variable: str | None
    steps: tuple[Step, ...]

    @property
    def is_definite(self) -> bool:
        return all(step.is_definite for step in self.steps)

    def normalized(self, steps: tuple[Step, ...] | None = None) -> str:
        steps = self.steps if steps is None else steps
        return "$" + "".join((".." if step.deep else "") + step.fragment() for step in steps)


# --- parsing -------------------------------------------------------------------------------------


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
    depth, quote = 0, ""
    for index in range(pos, len(text)):
        char = text[index]
        if quote:
            quote = "" if char == quote and text[index - 1] != "\\" else quote
        elif char in ("'", '"'):
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
    raise PathSyntaxError(f"unclosed '[' at position {pos}")


def _parse_filter_body(body: str) -> Predicate:
    if not (body.startswith("(") and body.endswith(")")):
        raise PathSyntaxError("a filter must look like [?(...)]")
    try:
        return parse_filter(body[1:-1])
    except ValueError as error:
        raise PathSyntaxError(str(error)) from None


def _parse_quoted_names(body: str) -> list[str]:
    pattern = re.compile(r"\s*(?:'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\")\s*(,|$)")
    names, pos = [], 0
    while pos < len(body):
        match = pattern.match(body, pos)
        if not match:
            raise PathSyntaxError(f"bad property list [{body}]")
        raw = match.group(1) if match.group(1) is not None else match.group(2)
        names.append(re.sub(r"\\(.)", r"\1", raw))
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


# --- filters ([?(...)]) ---------------------------------------------------------------------------


def parse_filter(text: str) -> Predicate:
    """Compile a filter body such as `@.price > 10 && @.tag == 'x'` into a predicate."""
    tokens = _tokenize_filter(text)
    expression, rest = _parse_or(tokens)
    if rest:
        raise ValueError(f"unexpected {rest[0][1]!r} in filter")
    return lambda item: _truthy(expression(item))


def _tokenize_filter(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    while pos < len(text.rstrip()):
        match = _FILTER_TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ValueError(f"bad filter expression at {text[pos:]!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


Expression = Callable[[Any], Any]
Tokens = list[tuple[str, str]]


def _parse_or(tokens: Tokens) -> tuple[Expression, Tokens]:
    left, tokens = _parse_and(tokens)
    while tokens and tokens[0][1] == "||":
        right, tokens = _parse_and(tokens[1:])
        left = (lambda a, b: lambda item: _truthy(a(item)) or _truthy(b(item)))(left, right)
    return left, tokens


def _parse_and(tokens: Tokens) -> tuple[Expression, Tokens]:
    left, tokens = _parse_comparison(tokens)
    while tokens and tokens[0][1] == "&&":
        right, tokens = _parse_comparison(tokens[1:])
        left = (lambda a, b: lambda item: _truthy(a(item)) and _truthy(b(item)))(left, right)
    return left, tokens


def _parse_comparison(tokens: Tokens) -> tuple[Expression, Tokens]:
    left, tokens = _parse_operand(tokens)
    if tokens and tokens[0][1] in _COMPARISONS:
        compare = _COMPARISONS[tokens[0][1]]
        right, tokens = _parse_operand(tokens[1:])
        return (lambda a, b: lambda item: _compare(compare, a(item), b(item)))(left, right), tokens
    return left, tokens


def _parse_operand(tokens: Tokens) -> tuple[Expression, Tokens]:
    if not tokens:
        raise ValueError("filter expression ends too early")
    (kind, text), rest = tokens[0], tokens[1:]
    if text == "(":
        inner, rest = _parse_or(rest)
        if not rest or rest[0][1] != ")":
            raise ValueError("unbalanced '(' in filter")
        return inner, rest[1:]
    if text == "!":
        inner, rest = _parse_operand(rest)
        return (lambda a: lambda item: not _truthy(a(item)))(inner), rest
    if kind == "path":
        return _filter_path(text), rest
    if kind in ("str", "num", "word"):
        value = json.loads(_json_string(text) if kind == "str" else text)
        return (lambda item: value), rest
    raise ValueError(f"unexpected {text!r} in filter")


def _filter_path(text: str) -> Expression:
    path = parse("$" + text[1:])
    is_relative = text.startswith("@")

    def read(item: Any) -> Any:
        if not is_relative:
            return _MISSING  # document-rooted paths inside filters are not supported
        if path.is_definite:
            try:
                return _read_definite(path, item)
            except PathNotFound:
                return _MISSING
        return list(_read_all(path.steps, item))

    return read


def _json_string(text: str) -> str:
    body = text[1:-1]
    if text[0] == "'":
        body = body.replace("\\'", "'").replace('"', '\\"')
    return f'"{body}"'


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


# --- reading -------------------------------------------------------------------------------------


def select(path: str, scope: Scope) -> Any:
    """The value at `path`: one value for a definite path, a list for an indefinite one."""
    try:
        return _evaluate(parse(path), scope)
    except (PathNotFound, PathSyntaxError) as error:
        raise StatesError(RUNTIME, f"Invalid path '{path}' : {error}") from None


def find(path: str, scope: Scope) -> tuple[bool, Any]:
    """(True, value) when `path` matches, else (False, None); never raises for a missing value.

    Indefinite paths always "match" (possibly an empty list), as Jayway returns [] for them.
    """
    try:
        return True, _evaluate(parse(path), scope)
    except (PathNotFound, PathSyntaxError):
        return False, None


def _evaluate(path: Path, scope: Scope) -> Any:
    root = _root_value(path, scope)
    if path.is_definite:
        return _read_definite(path, root)
    return list(_read_all(path.steps, root))


def _root_value(path: Path, scope: Scope) -> Any:
    if path.root == "context":
        return scope.context
    if path.root == "variable":
        if path.variable not in scope.variables:
            raise PathNotFound(f"The variable '{path.variable}' is not defined")
        return scope.variables[path.variable]
    return scope.input


def _read_definite(path: Path, node: Any) -> Any:
    for position, step in enumerate(path.steps):
        trail = path.normalized(path.steps[:position])
        is_leaf = position == len(path.steps) - 1
        if step.kind == "name":
            node = _read_property(path, node, step, trail, is_leaf)
        else:
            node = _read_index(path, node, step, trail)
    return node


def _read_property(path: Path, node: Any, step: Step, trail: str, is_leaf: bool) -> Any:
    if not isinstance(node, dict):
        raise PathNotFound(
            f"Expected to find an object with property {step.fragment()} in path {trail} "
            f"but found '{_java_type(node)}'. This is not a json object according to the "
            "JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonProvider'."
        )
    if step.arg in node:
        return node[step.arg]
    if is_leaf:
        raise PathNotFound(f"No results for path: {path.normalized()}")
    raise PathNotFound(f"Missing property in path {trail}{step.fragment()}")


def _read_index(path: Path, node: Any, step: Step, trail: str) -> Any:
    if node is None:
        raise PathNotFound(f"The path {trail} is null")
    if not isinstance(node, list):
        raise PathNotFound(
            f"Filter: {step.fragment()} can only be applied to arrays. "
            f"Current context is: {compact_json(node)}"
        )
    index = step.arg + len(node) if step.arg < 0 else step.arg
    if not 0 <= index < len(node):
        raise PathNotFound(f"No results for path: {path.normalized()}")
    return node[index]


def _read_all(steps: tuple[Step, ...], node: Any) -> Iterator[Any]:
    if not steps:
        yield node
        return
    step, rest = steps[0], steps[1:]
    sources = _descendants(node) if step.deep else iter((node,))
    for source in sources:
        for child in _apply(step, source):
            yield from _read_all(rest, child)


def _descendants(node: Any) -> Iterator[Any]:
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    for child in children:
        yield from _descendants(child)


def _apply(step: Step, node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        yield from _apply_to_object(step, node)
    elif isinstance(node, list):
        yield from _apply_to_array(step, node)


def _apply_to_object(step: Step, node: dict[str, Any]) -> Iterator[Any]:
    names = (step.arg,) if step.kind == "name" else step.arg if step.kind == "names" else ()
    yield from (node[name] for name in names if name in node)
    if step.kind == "wildcard":
        yield from node.values()
    elif step.kind == "filter" and step.arg(node):
        yield node


def _apply_to_array(step: Step, node: list[Any]) -> Iterator[Any]:
    if step.kind in ("index", "indexes"):
        indexes = (step.arg,) if step.kind == "index" else step.arg
        for index in indexes:
            if -len(node) <= index < len(node):
                yield node[index]
    elif step.kind == "wildcard":
        yield from node
    elif step.kind == "slice":
        yield from node[slice(*step.arg)]
    elif step.kind == "filter":
        yield from (item for item in node if step.arg(item))


def _java_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "java.lang.Boolean"
    if isinstance(value, int):
        return "java.lang.Integer"
    if isinstance(value, float):
        return "java.lang.Double"
    if isinstance(value, str):
        return "java.lang.String"
    return "java.util.ArrayList"


def compact_json(value: Any) -> str:
    """JSON text without spaces, as AWS prints values inside messages."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# --- writing (ResultPath) ------------------------------------------------------------------------


def put_result(document: Any, result_path: str | None, result: Any) -> Any:
    """Apply ResultPath: None keeps `document`, "$" replaces it, "$.a.b" sets into a copy."""
    if result_path is None:
        return document
    path = parse(result_path)
    if not path.steps:
        return result
    if path.root != "input" or not path.is_definite:
        raise StatesError(RESULT_PATH_MATCH_FAILURE, _result_path_cause(result_path, document))
    return _write(document, path.steps, result, result_path, document)


def _write(node: Any, steps: tuple[Step, ...], result: Any, text: str, document: Any) -> Any:
    """A copy of `node` with `result` at `steps`; only containers on the path are copied.

    Values are never changed in place anywhere in the interpreter, so the rest is shared.
    """
    if not steps:
        return result
    step, rest = steps[0], steps[1:]
    if step.kind == "name" and isinstance(node, dict):
        child = node.get(step.arg)
        if rest and not isinstance(child, dict | list):
            child = {}
        return {**node, step.arg: _write(child, rest, result, text, document)}
    if step.kind == "index" and isinstance(node, list) and -len(node) <= step.arg < len(node):
        copied = list(node)
        copied[step.arg] = _write(node[step.arg], rest, result, text, document)
        return copied
    raise StatesError(RESULT_PATH_MATCH_FAILURE, _result_path_cause(text, document))


def _result_path_cause(result_path: str, document: Any) -> str:
    return f"Unable to apply ResultPath '{result_path}' to input '{compact_json(document)}'"
