"""Walking a parsed Path over a JSON value: one node for a definite path, all matches otherwise.

Missing values raise PathNotFound with Jayway JsonPath's wording, which AWS shows to users.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from engine.asl.jsonpath_steps import Path, PathNotFound, Step


def read_definite(path: Path, node: Any) -> Any:
    """The single node a definite `path` names inside `node`; PathNotFound when absent."""
    for position, step in enumerate(path.steps):
        trail = path.normalized(path.steps[:position])
        is_leaf = position == len(path.steps) - 1
        if step.kind == "name":
            node = _read_property(path, node, step, trail, is_leaf)
        else:
            node = _read_index(path, node, step, trail)
    return node


def read_all(steps: tuple[Step, ...], node: Any) -> Iterator[Any]:
    """Every node `steps` match inside `node`, in document order; nothing when none match."""
    if not steps:
        yield node
        return
    step, rest = steps[0], steps[1:]
    sources = _descendants(node) if step.deep else iter((node,))
    for source in sources:
        for child in _apply(step, source):
            yield from read_all(rest, child)


def compact_json(value: Any) -> str:
    """JSON text without spaces, as AWS prints values inside messages."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


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
