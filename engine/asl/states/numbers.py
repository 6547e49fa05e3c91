"""Numeric fields of Task and Map states, given as a literal, through `<field>Path` or as JSONata.

Each value is type-checked here, before any arithmetic, so a string, a huge number or an object
fails the state with a StatesError instead of a TypeError or OverflowError further on: a path
to a non-number is States.Runtime (AWS's wording), a JSONata result that is not a number is
States.QueryEvaluationError. Ranges are the caller's, since their wordings differ.
"""

from __future__ import annotations

import json
from typing import Any

from .. import errors, jsonata, jsonpath
from ..errors import StatesError
from ..limits import is_finite_number
from .base import StateRun


def read(run: StateRun, value: Any, node: Any, field: str, kind: str) -> Any:
    """The field's number, or None when neither `field` nor `<field>Path` is given.

    `kind` ("integer" or "float") words the path error; the value is returned as found.
    """
    if field in node:
        number = node[field]
        if run.is_jsonata and jsonata.is_expression(number):
            number = run.evaluate(number, field)
            expression = jsonata.expression_text(node[field])
            if not is_finite_number(number):
                jsonata.expect_type(number, "number", expression, field)
        return number
    path = node.get(f"{field}Path")
    if path is None:
        return None
    found = jsonpath.select(path, run.scope(value))
    if not is_finite_number(found):
        shown = found if isinstance(found, str) else compact(found)
        raise StatesError(
            errors.RUNTIME,
            f'The {field}Path field refers to value "{shown}" which is not a valid {kind}: {path}',
        )
    return found


def out_of_range(run: StateRun, node: Any, field: str, number: Any, expected: str) -> StatesError:
    """The failure for a number outside its range: where it came from, what was expected."""
    shown = compact(number)
    if run.is_jsonata and jsonata.is_expression(node.get(field)):
        expression = jsonata.expression_text(node[field])
        cause = (
            f"The JSONata expression '{expression}' specified for the field '{field}' "
            f"returned {shown}, which is not {expected}."
        )
        return StatesError(errors.QUERY_EVALUATION_ERROR, cause)
    if field in node:
        cause = f"The {field} field is {shown}, which is not {expected}."
        return StatesError(errors.RUNTIME, cause)
    path = node[f"{field}Path"]
    return StatesError(
        errors.RUNTIME,
        f"The {field}Path field refers to value {shown} which is not {expected}: {path}",
    )


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))
