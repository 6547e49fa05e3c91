"""Adapters over the parsers the interpreter owns: JSONPath, intrinsic functions, JSONata,
timestamps and the Choice operator names. The validator never parses these itself."""

from __future__ import annotations

from engine.asl import intrinsics, jsonata, jsonpath, timestamps
from engine.asl.choice_rules import OPERATORS as OPERATORS  # re-exported for choice.py


def path_error(path: str) -> str | None:
    return jsonpath.syntax_error(path)


def is_reference_path(path: str) -> bool:
    return jsonpath.is_reference_path(path)


def is_variable_path(path: str) -> bool:
    """`$name…` reads the variable `name` (not the input `$.…`/`$[…]`, not the context `$$`)."""
    return len(path) > 1 and path[0] == "$" and path[1] not in ".[$"


def is_intrinsic(text: str) -> bool:
    """Also true for a broken call ("States.Format('x'"), so it is reported as one."""
    return intrinsics.is_intrinsic(text) or text.lstrip().startswith("States.")


def intrinsic_error(text: str) -> str | None:
    try:
        intrinsics.parse(text)
    except intrinsics.IntrinsicSyntaxError as exc:
        return str(exc)
    return None


def jsonata_error(value: str) -> str | None:
    """`value` is the whole "{% ... %}" string."""
    return jsonata.syntax_error(jsonata.expression_text(value))


def is_timestamp(text: object) -> bool:
    return timestamps.parse(text) is not None
