"""The form of a `baton:approval` task: its field definitions and the checking of the values a
decision submits (JSON from the API, or strings from an HTML form)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

FIELD_TYPES = ("text", "textarea", "number", "choice", "multichoice", "boolean", "date")
BOUNDED_TYPES = ("number", "text", "textarea", "date")
CHOICE_TYPES = ("choice", "multichoice")
TRUE_STRINGS = ("true", "on")
FALSE_STRINGS = ("false",)
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
NOT_A_FIELD = "is not a field of this form"


@dataclass(frozen=True)
class FormField:
    """One field of an approval form. `min`/`max` bound a number's value, a text's length or a
    date (as "YYYY-MM-DD"); `default` is None when the field has none."""

    name: str
    type: str
    label: str
    required: bool = False
    default: Any = None
    min: int | float | str | None = None
    max: int | float | str | None = None
    choices: tuple[str, ...] = ()


def is_number(value: Any) -> bool:
    """A finite JSON number (Python's bool is an int, JSON's true is not)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def parse_date(value: Any) -> date | None:
    """The date written as "YYYY-MM-DD", or None when `value` is not one."""
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def value_problem(field: FormField, value: Any) -> str | None:
    """Why `value` (already JSON-typed) is not a valid value of `field`, or None when it is."""
    return _VALUE_CHECKS[field.type](field, value)


def _text_problem(field: FormField, value: Any) -> str | None:
    if not isinstance(value, str):
        return f"{field.label} must be text"
    if field.min is not None and len(value) < int(field.min):
        return f"{field.label} must be at least {field.min} characters long"
    if field.max is not None and len(value) > int(field.max):
        return f"{field.label} must be at most {field.max} characters long"
    return None


def _number_problem(field: FormField, value: Any) -> str | None:
    if not is_number(value):
        return f"{field.label} must be a number"
    if field.min is not None and value < field.min:
        return f"{field.label} must be at least {field.min}"
    if field.max is not None and value > field.max:
        return f"{field.label} must be at most {field.max}"
    return None


def _date_problem(field: FormField, value: Any) -> str | None:
    day = parse_date(value)
    if day is None:
        return f"{field.label} must be a date written as YYYY-MM-DD"
    if field.min is not None and day < date.fromisoformat(str(field.min)):
        return f"{field.label} must be on or after {field.min}"
    if field.max is not None and day > date.fromisoformat(str(field.max)):
        return f"{field.label} must be on or before {field.max}"
    return None


def _boolean_problem(field: FormField, value: Any) -> str | None:
    return None if isinstance(value, bool) else f"{field.label} must be true or false"


def _choice_problem(field: FormField, value: Any) -> str | None:
    if isinstance(value, str) and value in field.choices:
        return None
    return f"{field.label} must be one of: {', '.join(field.choices)}"


def _multichoice_problem(field: FormField, value: Any) -> str | None:
    if not isinstance(value, list):
        return f"{field.label} must be a list of choices"
    if any(not isinstance(item, str) or item not in field.choices for item in value):
        return f"{field.label} may only hold: {', '.join(field.choices)}"
    if len(set(value)) != len(value):
        return f"{field.label} lists a choice twice"
    return None


_VALUE_CHECKS = {
    "text": _text_problem,
    "textarea": _text_problem,
    "number": _number_problem,
    "date": _date_problem,
    "boolean": _boolean_problem,
    "choice": _choice_problem,
    "multichoice": _multichoice_problem,
}


def clean_form_data(
    fields: tuple[FormField, ...], data: Any
) -> tuple[dict[str, Any], dict[str, str]]:
    """Check the values a decision submits against the form: (cleaned values, errors by name).

    Empty values count as absent; an absent field takes its default, or is left out (an absent
    boolean is false, as an unticked HTML checkbox sends nothing). A required boolean must be true.
    """
    if not isinstance(data, dict):
        return {}, {"__all__": "Form data must be an object"}
    known = {field.name for field in fields}
    errors = {str(key): NOT_A_FIELD for key in data if key not in known}
    cleaned: dict[str, Any] = {}
    for field in fields:
        value, error = _clean_field(field, data.get(field.name))
        if error:
            errors[field.name] = error
        elif value is not None:
            cleaned[field.name] = value
    return cleaned, errors


def _clean_field(field: FormField, raw: Any) -> tuple[Any, str | None]:
    """(the cleaned value or None when absent, an error message or None)."""
    if field.type == "boolean":
        return _clean_boolean(field, raw)
    if _is_empty(raw):
        return (None, f"{field.label} is required") if field.required else (field.default, None)
    value = _coerce_number(raw) if field.type == "number" else raw
    error = value_problem(field, value)
    return (None, error) if error else (value, None)


def _clean_boolean(field: FormField, raw: Any) -> tuple[Any, str | None]:
    value = False if _is_empty(raw) else _coerce_boolean(raw)
    error = value_problem(field, value)
    if error is None and field.required and value is not True:
        error = f"{field.label} must be checked"
    return (None, error) if error else (value, None)


def _is_empty(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _coerce_number(value: Any) -> Any:
    """An HTML form's "12" or "2.5" as a number; anything else is returned unchanged."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            continue
    return value


def _coerce_boolean(value: Any) -> Any:
    """An HTML form's "on", "true" or "false" as a bool; anything else is returned unchanged."""
    if isinstance(value, str) and value.strip().lower() in TRUE_STRINGS:
        return True
    if isinstance(value, str) and value.strip().lower() in FALSE_STRINGS:
        return False
    return value
