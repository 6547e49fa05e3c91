"""Checks of the Form of a `baton:approval` specification: each field definition's name, type,
bounds, choices and default (the values a decision submits are checked by approval_form)."""

from __future__ import annotations

import re
from typing import Any

from .approval_checker import (
    UNKNOWN,
    Checker,
    Where,
    check_boolean,
    check_text,
    describe,
    is_int,
    require,
)
from .approval_form import (
    BOUNDED_TYPES,
    CHOICE_TYPES,
    FIELD_TYPES,
    FormField,
    is_number,
    parse_date,
    value_problem,
)

FORM_FIELD_KEYS = ("name", "type", "label", "required", "default", "min", "max", "choices")
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_form(c: Checker, value: Any, where: Where) -> None:
    if not isinstance(value, list):
        c.invalid_type(where, "a list of field objects")
        return
    seen: set[str] = set()
    for index, item in enumerate(value):
        name = _check_form_field(c, item, (*where, index))
        if name is not None and name in seen:
            message = f"'{describe((*where, index, 'name'))}': another field is named '{name}'"
            c.report("duplicate_field_name", message, (*where, index, "name"))
        if name is not None:
            seen.add(name)


def _check_form_field(c: Checker, item: Any, where: Where) -> str | None:
    """Check one form field; its name when that is known and valid."""
    fields = c.object_fields(item, where, FORM_FIELD_KEYS)
    if fields is None:
        return None
    name = _check_field_name(c, fields, where)
    kind = _check_field_type(c, fields, where)
    if "label" in fields:
        check_text(c, fields["label"], (*where, "label"), non_empty=True)
    if "required" in fields:
        check_boolean(c, fields["required"], (*where, "required"))
    if kind is not None:
        _check_field_values(c, fields, where, kind)
    return name


def _check_field_name(c: Checker, fields: dict[str, Any], where: Where) -> str | None:
    if not require(c, fields, where, "name"):
        return None
    name, here = fields["name"], (*where, "name")
    if not check_text(c, name, here):
        return None
    if not FIELD_NAME.fullmatch(name):
        message = (
            f"'{describe(here)}' must start with a letter or '_' and hold only letters, "
            f"digits and '_', not {name!r}"
        )
        c.report("invalid_field_name", message, here)
        return None
    return str(name)


def _check_field_type(c: Checker, fields: dict[str, Any], where: Where) -> str | None:
    if not require(c, fields, where, "type"):
        return None
    kind, here = fields["type"], (*where, "type")
    if not check_text(c, kind, here):
        return None
    if kind not in FIELD_TYPES:
        message = f"'{describe(here)}' must be one of {', '.join(FIELD_TYPES)}, not {kind!r}"
        c.report("unknown_field_type", message, here)
        return None
    return str(kind)


def _check_field_values(c: Checker, fields: dict[str, Any], where: Where, kind: str) -> None:
    """min/max, choices, and the default when those are known and valid."""
    bounds_ok = _check_bounds(c, fields, where, kind)
    choices_ok = _check_choices(c, fields, where, kind)
    if "default" in fields and bounds_ok and choices_ok:
        _check_default(c, fields, where, kind)


def _check_bounds(c: Checker, fields: dict[str, Any], where: Where, kind: str) -> bool:
    present = [key for key in ("min", "max") if key in fields]
    if present and kind not in BOUNDED_TYPES:
        for key in present:
            message = f"'{describe((*where, key))}' applies only to {', '.join(BOUNDED_TYPES)}"
            c.report("invalid_bounds", message, (*where, key))
        return False
    ok = all([_check_bound(c, fields[key], (*where, key), kind) for key in present])
    if ok and len(present) == 2 and fields["min"] > fields["max"]:
        message = f"'{describe(where)}' has min {fields['min']} above max {fields['max']}"
        c.report("invalid_bounds", message, (*where, "max"))
        return False
    return ok


def _check_bound(c: Checker, value: Any, where: Where, kind: str) -> bool:
    """A value bound for numbers, an ISO date for dates, a length for text."""
    if value is UNKNOWN:
        return False
    if kind == "number":
        ok, expected = is_number(value), "a number"
    elif kind == "date":
        ok, expected = parse_date(value) is not None, "a date written as YYYY-MM-DD"
    else:
        ok, expected = is_int(value) and value >= 0, "a length (an integer, 0 or more)"
    if not ok:
        c.report("invalid_bounds", f"'{describe(where)}' must be {expected}", where)
    return ok


def _check_choices(c: Checker, fields: dict[str, Any], where: Where, kind: str) -> bool:
    here = (*where, "choices")
    if kind not in CHOICE_TYPES:
        if "choices" in fields:
            message = f"'{describe(here)}' applies only to choice and multichoice fields"
            c.report("invalid_choices", message, here)
        return "choices" not in fields
    if not require(c, fields, where, "choices") or fields["choices"] is UNKNOWN:
        return False
    choices = fields["choices"]
    if not isinstance(choices, list) or not choices:
        c.report("invalid_choices", f"'{describe(here)}' must be a non-empty list", here)
        return False
    return _check_choice_items(c, choices, here)


def _check_choice_items(c: Checker, choices: list[Any], where: Where) -> bool:
    seen: set[str] = set()
    ok = True
    for index, item in enumerate(map(c.known, choices)):
        here = (*where, index)
        if item is UNKNOWN:
            ok = False
        elif not isinstance(item, str) or not item:
            c.report("invalid_choices", f"'{describe(here)}' must be a non-empty string", here)
            ok = False
        elif item in seen:
            c.report("invalid_choices", f"'{describe(here)}' repeats {item!r}", here)
            ok = False
        else:
            seen.add(item)
    return ok


def _check_default(c: Checker, fields: dict[str, Any], where: Where, kind: str) -> None:
    value, here = fields["default"], (*where, "default")
    if value is UNKNOWN:
        return
    form_field = FormField(
        name="default",
        type=kind,
        label=f"'{describe(here)}'",
        min=fields.get("min"),
        max=fields.get("max"),
        choices=tuple(fields.get("choices", ())),
    )
    problem = value_problem(form_field, value)
    if problem:
        c.report("invalid_default", problem, here)
