"""Numeric fields of Task and Map states, given as a literal, through `<field>Path` or as JSONata.

Each value is type-checked here, before any arithmetic, so a string, a huge number or an object
fails the state with a StatesError instead of a TypeError or OverflowError further on: a path
to a non-number is States.Runtime (AWS's wording), a JSONata result that is not a number is
States.QueryEvaluationError. The Map's paths also take a string holding a number, as Step
Functions does. Ranges are the caller's, since their wordings differ.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .. import errors, jsonata, jsonpath
from ..errors import StatesError
from ..limits import is_finite_number
from .base import StateRun

_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
_FLOAT_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# Longer text is no number a field could use; it also keeps int() far from Python's limit on
# the digits it converts (sys.get_int_max_str_digits, 4300).
_MAX_NUMBER_CHARS = 400


def read(
    run: StateRun, value: Any, node: Any, field: str, kind: str, *, from_text: bool = False
) -> Any:
    """The field's number, or None when neither `field` nor `<field>Path` is given.

    `kind` ("integer" or "float") words the path error. With `from_text` (the Map fields),
    a path may also select a string holding the number, as Step Functions reads "1" as 1,
    and an "integer" must be one (1.5 is refused, 1.0 is 1); otherwise the value is returned
    as found.
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
    number = parse_text(found, kind) if from_text and isinstance(found, str) else found
    if not is_finite_number(number) or (from_text and kind == "integer" and number % 1):
        shown = found if isinstance(found, str) else compact(found)
        raise StatesError(
            errors.RUNTIME,
            f'The {field}Path field refers to value "{shown}" which is not a valid {kind}: {path}',
        )
    return number


def parse_text(text: str, kind: str) -> int | float | None:
    """The number a string holds ("12", "-3", and for a float also "2.5" or "1e2"), or None.

    Only plain decimal text: no spaces, underscores, hexadecimal, NaN or Infinity, and no
    fraction or exponent in an integer. Too many digits, or a float beyond a double, is None.
    """
    pattern = _INTEGER_TEXT if kind == "integer" else _FLOAT_TEXT
    if len(text) > _MAX_NUMBER_CHARS or not pattern.fullmatch(text):
        return None
    if kind == "integer":
        return int(text)
    number = float(text)
    return number if math.isfinite(number) else None


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
