"""Checks of the values that hold expressions: JSONPath paths, `.$` templates, intrinsic
functions, JSONata `{% %}` strings and Assign blocks."""

from __future__ import annotations

from typing import Any

from . import syntax
from .context import StateContext, is_jsonata_text

# Sub-machines are validated as machines of their own, never as part of the state holding them.
SUB_MACHINE_FIELDS = frozenset({"Branches", "ItemProcessor", "Iterator"})
MAX_VARIABLE_NAME = 80


def check_path_field(
    ctx: StateContext, key: str, *, nullable: bool = False, reference: bool = False
) -> None:
    """A field whose value is a JSONPath (InputPath, ItemsPath, SecondsPath, …)."""
    if key not in ctx.node or (nullable and ctx.node[key] is None):
        return
    check_path(ctx, ctx.node[key], f"'{key}'", key, reference=reference)


def check_path(
    ctx: StateContext, value: Any, what: str, *parts: str | int, reference: bool = False
) -> None:
    if not isinstance(value, str):
        ctx.error("invalid_type", f"{what} must be a JSONPath string", *parts)
        return
    problem = syntax.path_error(value)
    if problem is None and reference:
        problem = _reference_problem(value)
    if problem:
        ctx.error("invalid_path", f"{what} is not a valid path ({value!r}): {problem}", *parts)


def _reference_problem(path: str) -> str | None:
    if not syntax.is_reference_path(path):
        return "a Reference Path must select one node (no wildcards, filters, slices or '..')"
    return None


def check_result_path(ctx: StateContext, value: Any, *parts: str | int) -> None:
    """ResultPath writes into the state's input: null or a Reference Path rooted at '$'."""
    if value is None:
        return
    if isinstance(value, str) and (value.startswith("$$") or syntax.is_variable_path(value)):
        ctx.error("invalid_path", f"'ResultPath' must write into '$', not {value!r}", *parts)
        return
    check_path(ctx, value, "'ResultPath'", *parts, reference=True)


def check_dynamic_value(ctx: StateContext, value: Any, what: str, *parts: str | int) -> None:
    """A `.$` value, ErrorPath or CausePath: a path or an intrinsic function call."""
    if isinstance(value, str) and syntax.is_intrinsic(value):
        problem = syntax.intrinsic_error(value)
        if problem:
            ctx.error("invalid_intrinsic", f"{what} has a bad intrinsic call: {problem}", *parts)
        return
    check_path(ctx, value, what, *parts)


def check_payload_template(ctx: StateContext, value: Any, *parts: str | int) -> None:
    """Parameters, ResultSelector, ItemSelector (JSONPath): every `key.$` holds a path."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith(".$"):
                check_dynamic_value(ctx, item, f"'{key}'", *parts, key)
            else:
                check_payload_template(ctx, item, *parts, key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_payload_template(ctx, item, *parts, index)


def check_jsonata_strings(ctx: StateContext, value: Any, *parts: str | int) -> None:
    """Every `{% %}` string anywhere in a JSONata state must parse as JSONata."""
    if is_jsonata_text(value):
        problem = syntax.jsonata_error(value)
        if problem:
            ctx.error("invalid_jsonata", f"bad JSONata {value!r}: {problem}", *parts)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key.endswith(".$"):
                ctx.warning(
                    "dollar_key_in_jsonata",
                    f"in JSONata, '{key}' is a literal key and its value is not evaluated; "
                    "use a {% %} value instead",
                    *parts,
                    key,
                )
            if key != "Comment" and not (not parts and key in SUB_MACHINE_FIELDS):
                check_jsonata_strings(ctx, item, *parts, key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_jsonata_strings(ctx, item, *parts, index)


def is_variable_name(name: str) -> bool:
    """ASL variable names: Unicode identifiers of at most 80 characters; `states` is reserved."""
    return name.isidentifier() and len(name) <= MAX_VARIABLE_NAME and name != "states"


def check_assign(ctx: StateContext, assign: Any, *parts: str | int) -> None:
    """Assign of a state, Choice rule or Catcher: variable names; in JSONPath, `.$` values."""
    if not isinstance(assign, dict):
        ctx.error("invalid_type", "'Assign' must be an object of variable names", *parts)
        return
    for key, value in assign.items():
        is_dynamic = not ctx.is_jsonata and key.endswith(".$")
        name = key[:-2] if is_dynamic else key
        if not is_variable_name(name):
            ctx.error(
                "invalid_variable_name",
                f"{name!r} is not a valid variable name "
                "(an identifier of at most 80 characters, not 'states')",
                *parts,
                key,
            )
        elif is_dynamic:
            check_dynamic_value(ctx, value, f"'Assign/{key}'", *parts, key)
        elif not ctx.is_jsonata:
            check_payload_template(ctx, value, *parts, key)
