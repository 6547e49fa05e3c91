"""engine.asl.approval_form: cleaning the data a person submits with a decision, per field type."""

from __future__ import annotations

from typing import Any

import pytest

from engine.asl.approval_spec import FormField, clean_form_data, parse_approval_spec
from tests.asl.test_approval_spec import FULL

AMOUNT = FormField("amount", "number", "Amount", required=True, min=1, max=1000)
NOTE = FormField("note", "text", "Note", min=2, max=5)
REASON = FormField("reason", "textarea", "Reason", required=True, max=10)
VENDOR = FormField("vendor", "choice", "Vendor", choices=("acme", "globex"), default="acme")
TAGS = FormField("tags", "multichoice", "Tags", choices=("it", "hr", "ops"))
URGENT = FormField("urgent", "boolean", "Urgent")
AGREED = FormField("agreed", "boolean", "I agree", required=True)
DUE = FormField("due", "date", "Due", min="2024-01-01", max="2024-12-31")

# fmt: off
CLEAN: list[tuple[FormField, Any, Any]] = [
    (AMOUNT, 12, 12),
    (AMOUNT, 2.5, 2.5),
    (AMOUNT, "12", 12),
    (AMOUNT, " 2.5 ", 2.5),
    (AMOUNT, 1000, 1000),
    (NOTE, "hi", "hi"),
    (NOTE, "hello", "hello"),
    (REASON, "line\nline", "line\nline"),
    (VENDOR, "globex", "globex"),
    (TAGS, ["it", "ops"], ["it", "ops"]),
    (URGENT, True, True),
    (URGENT, False, False),
    (URGENT, "on", True),
    (URGENT, "true", True),
    (URGENT, "false", False),
    (AGREED, "on", True),
    (DUE, "2024-03-01", "2024-03-01"),
    (DUE, "2024-12-31", "2024-12-31"),
]

ERRORS: list[tuple[FormField, Any, str]] = [
    (AMOUNT, 1001, "Amount must be at most 1000"),
    (AMOUNT, 0, "Amount must be at least 1"),
    (AMOUNT, "lots", "Amount must be a number"),
    (AMOUNT, "nan", "Amount must be a number"),
    (AMOUNT, True, "Amount must be a number"),
    (AMOUNT, [5], "Amount must be a number"),
    (NOTE, "a", "Note must be at least 2 characters long"),
    (NOTE, "toolong", "Note must be at most 5 characters long"),
    (NOTE, 42, "Note must be text"),
    (REASON, "x" * 11, "Reason must be at most 10 characters long"),
    (VENDOR, "initech", "Vendor must be one of: acme, globex"),
    (TAGS, ["it", "it"], "Tags lists a choice twice"),
    (TAGS, ["it", "sales"], "Tags may only hold: it, hr, ops"),
    (TAGS, "it", "Tags must be a list of choices"),
    (URGENT, "maybe", "Urgent must be true or false"),
    (URGENT, 1, "Urgent must be true or false"),
    (AGREED, False, "I agree must be checked"),
    (DUE, "01/03/2024", "Due must be a date written as YYYY-MM-DD"),
    (DUE, "2024-02-30", "Due must be a date written as YYYY-MM-DD"),
    (DUE, "2023-12-31", "Due must be on or after 2024-01-01"),
    (DUE, "2025-01-01", "Due must be on or before 2024-12-31"),
]
# fmt: on


@pytest.mark.parametrize(("field", "raw", "value"), CLEAN, ids=[repr(c[1:]) for c in CLEAN])
def test_a_valid_value_is_cleaned(field: FormField, raw: Any, value: Any) -> None:
    cleaned, errors = clean_form_data((field,), {field.name: raw})
    assert errors == {}
    assert cleaned == {field.name: value}
    assert type(cleaned[field.name]) is type(value)


@pytest.mark.parametrize(("field", "raw", "message"), ERRORS, ids=[repr(c[1]) for c in ERRORS])
def test_an_invalid_value_gets_a_message_under_its_name(
    field: FormField, raw: Any, message: str
) -> None:
    cleaned, errors = clean_form_data((field,), {field.name: raw})
    assert errors == {field.name: message}
    assert cleaned == {}


@pytest.mark.parametrize("empty", [None, "", "   ", []])
def test_a_required_field_must_be_present_and_not_empty(empty: Any) -> None:
    assert clean_form_data((AMOUNT, REASON), {"reason": empty}) == (
        {},
        {"amount": "Amount is required", "reason": "Reason is required"},
    )


def test_a_missing_optional_field_takes_its_default_or_is_left_out() -> None:
    assert clean_form_data((VENDOR, NOTE, TAGS, DUE), {"note": ""}) == ({"vendor": "acme"}, {})


def test_an_absent_boolean_is_false_and_a_required_one_must_be_checked() -> None:
    ticked = FormField("ticked", "boolean", "Ticked", default=True)
    assert clean_form_data((URGENT, ticked), {}) == ({"urgent": False, "ticked": False}, {})
    assert clean_form_data((AGREED,), {}) == ({}, {"agreed": "I agree must be checked"})


def test_each_unknown_key_is_reported_under_its_own_name() -> None:
    cleaned, errors = clean_form_data((NOTE,), {"note": "hey", "colour": "red", "size": 3})
    assert cleaned == {"note": "hey"}
    assert errors == {
        "colour": "is not a field of this form",
        "size": "is not a field of this form",
    }


def test_valid_values_are_kept_beside_the_errors_of_others() -> None:
    cleaned, errors = clean_form_data((AMOUNT, NOTE, URGENT), {"amount": "5000", "note": "ok"})
    assert cleaned == {"note": "ok", "urgent": False}
    assert errors == {"amount": "Amount must be at most 1000"}


def test_form_data_that_is_not_an_object_is_reported_for_the_whole_form() -> None:
    assert clean_form_data((NOTE,), ["note"]) == ({}, {"__all__": "Form data must be an object"})


def test_a_parsed_form_cleans_data_end_to_end() -> None:
    fields = parse_approval_spec(FULL).form
    cleaned, errors = clean_form_data(
        fields, {"amount": "250", "vendor": "Globex", "tags": ["hr"], "deliver_by": "2024-05-01"}
    )
    assert errors == {}
    assert cleaned == {
        "amount": 250,
        "vendor": "Globex",
        "tags": ["hr"],
        "urgent": False,
        "deliver_by": "2024-05-01",
    }
