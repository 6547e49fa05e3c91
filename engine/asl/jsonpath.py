"""ASL paths (JSONPath flavour): Reference Paths, wider JSONPath reads, and ResultPath writes.

AWS evaluates paths with Jayway JsonPath, so missing values are reported with Jayway's wording
("No results for path: $['a']", "Missing property in path $['a']"). `$` reads the state input,
`$$` the context object and `$name` the variable `name` (ASL Variables). This module reads paths
against a Scope and is the import point for the rest: parsing lives in jsonpath_parse, filters in
jsonpath_filters, walking in jsonpath_walk and ResultPath in jsonpath_write.
"""

from __future__ import annotations

from typing import Any

from engine.asl.errors import RUNTIME, StatesError
from engine.asl.jsonpath_parse import is_reference_path, parse, parse_filter, syntax_error
from engine.asl.jsonpath_steps import Path, PathNotFound, PathSyntaxError, Predicate, Step
from engine.asl.jsonpath_walk import PathTooCostly, compact_json, read_definite, select_all
from engine.asl.jsonpath_write import put_result
from engine.asl.scope import Scope

__all__ = [
    "Path",
    "PathNotFound",
    "PathSyntaxError",
    "Predicate",
    "Step",
    "compact_json",
    "find",
    "is_reference_path",
    "parse",
    "parse_filter",
    "put_result",
    "select",
    "syntax_error",
]


def select(path: str, scope: Scope) -> Any:
    """The value at `path`: one value for a definite path, a list for an indefinite one."""
    try:
        return _evaluate(parse(path), scope)
    except (PathNotFound, PathSyntaxError) as error:
        raise StatesError(RUNTIME, f"Invalid path '{path}' : {error}") from None
    except PathTooCostly as error:
        raise _too_costly(path, error) from None


def find(path: str, scope: Scope) -> tuple[bool, Any]:
    """(True, value) when `path` matches, else (False, None); never raises for a missing value.

    Indefinite paths always "match" (possibly an empty list), as Jayway returns [] for them.
    A path that would cost too much is still an error (States.Runtime), not a missing value.
    """
    try:
        return True, _evaluate(parse(path), scope)
    except (PathNotFound, PathSyntaxError):
        return False, None
    except PathTooCostly as error:
        raise _too_costly(path, error) from None


def _too_costly(path: str, error: PathTooCostly) -> StatesError:
    return StatesError(RUNTIME, f"The path '{path}' cannot be evaluated: {error}.")


def _evaluate(path: Path, scope: Scope) -> Any:
    root = _root_value(path, scope)
    if path.is_definite:
        return read_definite(path, root)
    return select_all(path.steps, root)


def _root_value(path: Path, scope: Scope) -> Any:
    if path.root == "context":
        return scope.context
    if path.root == "variable":
        if path.variable not in scope.variables:
            raise PathNotFound(f"The variable '{path.variable}' is not defined")
        return scope.variables[path.variable]
    return scope.input
