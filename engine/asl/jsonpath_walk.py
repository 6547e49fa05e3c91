"""Walking a parsed Path over a JSON value: one node for a definite path, all matches otherwise.

Missing values raise PathNotFound with Jayway JsonPath's wording, which AWS shows to users.
Indefinite walks are iterative (no recursion, however deep the input) and bounded by a Budget:
`$..a..a..a` over a deep input would otherwise visit millions of nodes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from engine.asl.jsonpath_steps import Path, PathNotFound, Step
from engine.asl.limits import MAX_VALUE_CHARS, estimate_size

# Nodes one path evaluation may visit, filters included: a deep scan of the largest input
# (256 KiB, at most ~130,000 nodes) fits many times over.
MAX_PATH_VISITS = 1_000_000


class PathTooCostly(Exception):
    """A path evaluation that would visit too much or select too large a result."""


class Budget:
    """What one path evaluation may still spend: node visits, and characters of result."""

    def __init__(self, visits: int = MAX_PATH_VISITS, chars: int = MAX_VALUE_CHARS) -> None:
        self.visits = visits
        self.chars = chars

    def visit(self, count: int = 1) -> None:
        self.visits -= count
        if self.visits < 0:
            raise PathTooCostly(f"it would visit more than {MAX_PATH_VISITS} nodes")

    def select(self, value: Any) -> None:
        """Charge a selected value by its size (a node repeated in the results counts again)."""
        size = estimate_size(value, self.chars)
        if size > self.chars:
            raise PathTooCostly(f"its results would be larger than {MAX_VALUE_CHARS} characters")
        self.chars -= size


_BUDGET: ContextVar[Budget | None] = ContextVar("jsonpath_budget", default=None)


@contextmanager
def budgeted() -> Iterator[Budget]:
    """One evaluation's budget, shared by the filters evaluated inside it."""
    outer = _BUDGET.get()
    if outer is not None:  # a filter's path inside an evaluation: the same budget
        yield outer
        return
    budget = Budget()
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


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


def read_all(steps: tuple[Step, ...], node: Any) -> list[Any]:
    """Every node `steps` match inside `node`, in document order; [] when none match.

    Depth first over (step, node) pairs with an explicit stack, which keeps Jayway's order:
    all matches below a node's first child before those below its second.
    """
    with budgeted() as budget:
        matches: list[Any] = []
        stack: list[tuple[int, Any]] = [(0, node)]
        while stack:
            index, current = stack.pop()
            if index == len(steps):
                matches.append(current)
                continue
            step = steps[index]
            sources = _descendants(current, budget) if step.deep else (current,)
            children = [child for source in sources for child in _apply(step, source, budget)]
            budget.visit(len(children))
            stack.extend((index + 1, child) for child in reversed(children))
        return matches


def select_all(steps: tuple[Step, ...], node: Any) -> list[Any]:
    """read_all for a path's own result: also bounded in size, since it may be serialised."""
    with budgeted() as budget:
        matches = read_all(steps, node)
        for match in matches:
            budget.select(match)
        return matches


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


def _descendants(node: Any, budget: Budget) -> Iterator[Any]:
    """`node` and everything below it, in document order (pre-order), without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        budget.visit()
        yield current
        if isinstance(current, dict):
            stack.extend(reversed(current.values()))
        elif isinstance(current, list):
            stack.extend(reversed(current))


def _apply(step: Step, node: Any, budget: Budget) -> Iterator[Any]:
    if isinstance(node, dict):
        yield from _apply_to_object(step, node, budget)
    elif isinstance(node, list):
        yield from _apply_to_array(step, node, budget)


def _apply_to_object(step: Step, node: dict[str, Any], budget: Budget) -> Iterator[Any]:
    names = (step.arg,) if step.kind == "name" else step.arg if step.kind == "names" else ()
    yield from (node[name] for name in names if name in node)
    if step.kind == "wildcard":
        yield from node.values()
    elif step.kind == "filter" and _test(step, node, budget):
        yield node


def _apply_to_array(step: Step, node: list[Any], budget: Budget) -> Iterator[Any]:
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
        yield from (item for item in node if _test(step, item, budget))


def _test(step: Step, item: Any, budget: Budget) -> bool:
    """Apply a filter, charging it by its size: a long filter over many items is work too."""
    budget.visit(getattr(step.arg, "cost", 1))
    return bool(step.arg(item))


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
