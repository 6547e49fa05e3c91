"""A task's Form on its page: the fields as the template draws them, and the values a posted
decision carries. Checking the values is decisions.decide's (engine/asl/approval_form.py), so
the page and the API refuse the same things with the same words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

INPUT_TYPES = {"text": "text", "number": "number", "date": "date"}


@dataclass(frozen=True)
class Field:
    """One field ready to draw: `value` is what the input shows (the default, or what the
    person typed before an error), `chosen` the ticked choices of a multichoice."""

    name: str
    type: str
    label: str
    required: bool
    input_type: str  # the <input type> of text, number and date
    value: Any
    chosen: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    min: Any = None
    max: Any = None
    error: str = ""
    help: str = field(default="")

    @property
    def id(self) -> str:
        return f"field-{self.name}"


def fields_of(
    form: list[dict[str, Any]],
    posted: QueryDict | None = None,
    errors: dict[str, str] | None = None,
) -> list[Field]:
    """The task's fields, filled with `posted` (after an error) or their defaults."""
    return [_field(spec, posted, (errors or {}).get(spec["name"], "")) for spec in form]


def _field(spec: dict[str, Any], posted: QueryDict | None, error: str) -> Field:
    kind, name = spec["type"], spec["name"]
    default = spec.get("default")
    if posted is not None:
        value: Any = posted.get(name, "")
        chosen = tuple(posted.getlist(name))
        if kind == "boolean":
            value = name in posted
    else:
        value = "" if default is None else default
        chosen = tuple(default) if kind == "multichoice" and isinstance(default, list) else ()
    if kind == "boolean" and posted is None:
        value = default is True
    return Field(
        name=name,
        type=kind,
        label=spec.get("label") or name,
        required=bool(spec.get("required")),
        input_type=INPUT_TYPES.get(kind, "text"),
        value=value,
        chosen=chosen,
        choices=tuple(spec.get("choices") or ()),
        min=spec.get("min"),
        max=spec.get("max"),
        error=error,
    )


def decision_data(form: list[dict[str, Any]], posted: QueryDict) -> dict[str, Any]:
    """The form's values from a posted page, as strings (and lists for a multichoice), which
    decisions.decide checks and converts; an unticked checkbox sends nothing, which is false."""
    data: dict[str, Any] = {}
    for spec in form:
        name = spec["name"]
        if spec["type"] == "multichoice":
            data[name] = posted.getlist(name)
        elif name in posted:
            data[name] = posted.get(name, "")
    return data
