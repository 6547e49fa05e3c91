"""engine.asl.approval_spec: parsing a `baton:approval` specification, its problems (code and
location), and the static mode used on unevaluated definitions. Form data: test_approval_form.py."""

from __future__ import annotations

from typing import Any

import pytest

from engine.asl.approval_spec import (
    PRIORITIES,
    ApprovalSpec,
    Escalation,
    FormField,
    Reminder,
    SpecProblem,
    parse_approval_spec,
    priority_rank,
    problems_in,
)


def spec(**fields: Any) -> dict[str, Any]:
    """A valid specification (bob approves) with `fields` added or replaced."""
    return {"Assignees": ["bob"], **fields}


def form(*fields: dict[str, Any]) -> dict[str, Any]:
    return spec(Form=list(fields))


def found(value: Any, *, static: bool = False) -> list[tuple[str, str]]:
    return [(problem.code, problem.location) for problem in problems_in(value, static=static)]


FULL: dict[str, Any] = {
    "Title": "Approve the purchase",
    "Description": "**Laptop** for the new hire",
    "Assignees": ["bob", "dave"],
    "Groups": ["finance"],
    "Form": [
        {
            "name": "amount",
            "type": "number",
            "label": "Amount",
            "required": True,
            "min": 1,
            "max": 5000,
            "default": 100,
        },
        {"name": "reason", "type": "textarea", "min": 0, "max": 500},
        {"name": "vendor", "type": "choice", "choices": ["Acme", "Globex"], "default": "Acme"},
        {"name": "tags", "type": "multichoice", "choices": ["it", "hr"]},
        {"name": "urgent", "type": "boolean", "default": False},
        {"name": "deliver_by", "type": "date", "min": "2024-01-01", "max": "2024-12-31"},
        {"name": "note", "type": "text"},
    ],
    "RequiredApprovals": 2,
    "AllowSelfApproval": True,
    "Reminder": {"AfterSeconds": 3600, "EverySeconds": 600, "MaxCount": 3},
    "Escalation": {"AfterSeconds": 86400, "To": {"Users": ["carol"], "Groups": ["managers"]}},
    "Priority": "high",
    "DueSeconds": 172800,
    "OnTimeout": "Reject",
}


# --- parsing


def test_a_minimal_spec_takes_every_default() -> None:
    assert parse_approval_spec({"Groups": ["finance"]}) == ApprovalSpec(
        title=None,
        description="",
        assignees=(),
        groups=("finance",),
        form=(),
        required_approvals=1,
        allow_self_approval=False,
        reminder=None,
        escalation=None,
        priority="normal",
        due_seconds=None,
        on_timeout="Fail",
    )


def test_every_field_is_parsed_into_frozen_dataclasses() -> None:
    parsed = parse_approval_spec(FULL)
    assert (parsed.title, parsed.description) == ("Approve the purchase", FULL["Description"])
    assert (parsed.assignees, parsed.groups) == (("bob", "dave"), ("finance",))
    assert (parsed.required_approvals, parsed.allow_self_approval) == (2, True)
    assert parsed.reminder == Reminder(after_seconds=3600, every_seconds=600, max_count=3)
    assert parsed.escalation == Escalation(86400, to_users=("carol",), to_groups=("managers",))
    assert (parsed.priority, parsed.due_seconds, parsed.on_timeout) == ("high", 172800, "Reject")
    with pytest.raises(AttributeError):
        parsed.title = "changed"  # type: ignore[misc]


def test_form_fields_keep_their_settings_and_default_label_and_required() -> None:
    amount, reason, vendor, tags, *_ = parse_approval_spec(FULL).form
    assert amount == FormField("amount", "number", "Amount", True, 100, 1, 5000)
    assert reason == FormField("reason", "textarea", "reason", False, None, 0, 500)
    assert vendor.choices == ("Acme", "Globex") and vendor.default == "Acme"
    assert tags.choices == ("it", "hr") and tags.label == "tags"


def test_a_reminder_without_every_seconds_is_sent_once() -> None:
    parsed = parse_approval_spec(spec(Reminder={"AfterSeconds": 60}))
    assert parsed.reminder == Reminder(after_seconds=60, every_seconds=None, max_count=1)


def test_a_repeating_reminder_without_max_count_has_no_limit() -> None:
    parsed = parse_approval_spec(spec(Reminder={"AfterSeconds": 60, "EverySeconds": 30}))
    assert parsed.reminder == Reminder(after_seconds=60, every_seconds=30, max_count=None)


def test_an_escalation_may_name_groups_only() -> None:
    parsed = parse_approval_spec(spec(Escalation={"AfterSeconds": 5, "To": {"Groups": ["x"]}}))
    assert parsed.escalation == Escalation(5, to_users=(), to_groups=("x",))


def test_parse_raises_the_first_problem_with_code_message_and_location() -> None:
    with pytest.raises(SpecProblem) as raised:
        parse_approval_spec(spec(RequiredApprovals=0, Priority="meh"))
    assert raised.value.code == "invalid_value"
    assert raised.value.location == "/RequiredApprovals"
    assert raised.value.message == "'RequiredApprovals' must be at least 1, not 0"
    assert str(raised.value) == raised.value.message


def test_problems_in_lists_every_problem_without_raising() -> None:
    assert found(spec(RequiredApprovals=0, Priority="meh")) == [
        ("invalid_value", "/RequiredApprovals"),
        ("invalid_value", "/Priority"),
    ]


def test_a_valid_spec_has_no_problems() -> None:
    assert problems_in(FULL) == []


def test_priorities_rank_from_low_to_urgent() -> None:
    assert PRIORITIES == ("low", "normal", "high", "urgent")
    assert [priority_rank(p) for p in PRIORITIES] == [0, 1, 2, 3]
    with pytest.raises(ValueError):
        priority_rank("critical")


# --- problems, each with its code and location


def field(**settings: Any) -> dict[str, Any]:
    return form({"name": "f", "type": "text", **settings})


# fmt: off
INVALID: list[tuple[str, Any, str, str]] = [
    ("not an object", ["bob"], "not_an_object", ""),
    ("unknown top-level field", spec(Colour="red"), "unknown_field", "/Colour"),
    ("empty Title", spec(Title=" "), "invalid_value", "/Title"),
    ("Title not a string", spec(Title=3), "invalid_type", "/Title"),
    ("Description not a string", spec(Description=["a"]), "invalid_type", "/Description"),
    ("nobody to approve", {}, "approval_needs_assignee", ""),
    ("empty Assignees and Groups", {"Assignees": [], "Groups": []},
     "approval_needs_assignee", ""),
    ("Assignees not a list", {"Assignees": "bob", "Groups": ["g"]}, "invalid_type",
     "/Assignees"),
    ("empty user name", spec(Assignees=["bob", ""]), "invalid_value", "/Assignees/1"),
    ("group name not a string", spec(Groups=[7]), "invalid_type", "/Groups/0"),
    ("RequiredApprovals 0", spec(RequiredApprovals=0), "invalid_value", "/RequiredApprovals"),
    ("RequiredApprovals as text", spec(RequiredApprovals="2"), "invalid_type",
     "/RequiredApprovals"),
    ("RequiredApprovals true", spec(RequiredApprovals=True), "invalid_type",
     "/RequiredApprovals"),
    ("more approvals than assignees", spec(Assignees=["bob", "bob"], RequiredApprovals=2),
     "too_few_assignees", "/RequiredApprovals"),
    ("AllowSelfApproval as text", spec(AllowSelfApproval="yes"), "invalid_type",
     "/AllowSelfApproval"),
    ("unknown Priority", spec(Priority="critical"), "invalid_value", "/Priority"),
    ("DueSeconds 0", spec(DueSeconds=0), "invalid_value", "/DueSeconds"),
    ("DueSeconds a float", spec(DueSeconds=1.5), "invalid_type", "/DueSeconds"),
    ("unknown OnTimeout", spec(OnTimeout="Retry"), "invalid_value", "/OnTimeout"),
    # --- Form
    ("Form not a list", spec(Form={"name": "a"}), "invalid_type", "/Form"),
    ("form field not an object", form("amount"), "invalid_type", "/Form/0"),
    ("field without name", form({"type": "text"}), "missing_field", "/Form/0/name"),
    ("field name not a string", form({"name": 1, "type": "text"}), "invalid_type",
     "/Form/0/name"),
    ("field name starts with a digit", form({"name": "2nd", "type": "text"}),
     "invalid_field_name", "/Form/0/name"),
    ("field name with a dash", form({"name": "due-date", "type": "date"}),
     "invalid_field_name", "/Form/0/name"),
    ("field name with a newline", form({"name": "a\n", "type": "text"}),
     "invalid_field_name", "/Form/0/name"),
    ("duplicate field name",
     form({"name": "a", "type": "text"}, {"name": "b", "type": "text"},
          {"name": "a", "type": "number"}), "duplicate_field_name", "/Form/2/name"),
    ("field without type", form({"name": "a"}), "missing_field", "/Form/0/type"),
    ("unknown field type", form({"name": "a", "type": "slider"}), "unknown_field_type",
     "/Form/0/type"),
    ("unknown key in a field", field(colour="red"), "unknown_field", "/Form/0/colour"),
    ("label not a string", field(label=5), "invalid_type", "/Form/0/label"),
    ("required as text", field(required="yes"), "invalid_type", "/Form/0/required"),
    ("min on a boolean", form({"name": "b", "type": "boolean", "min": 0}), "invalid_bounds",
     "/Form/0/min"),
    ("max on a choice", form({"name": "c", "type": "choice", "choices": ["x"], "max": 1}),
     "invalid_bounds", "/Form/0/max"),
    ("number min as text", form({"name": "n", "type": "number", "min": "1"}),
     "invalid_bounds", "/Form/0/min"),
    ("negative text length", field(min=-1), "invalid_bounds", "/Form/0/min"),
    ("fractional text length", form({"name": "t", "type": "textarea", "max": 2.5}),
     "invalid_bounds", "/Form/0/max"),
    ("date bound not a date", form({"name": "d", "type": "date", "min": "2024-02-30"}),
     "invalid_bounds", "/Form/0/min"),
    ("number min above max", form({"name": "n", "type": "number", "min": 5, "max": 1}),
     "invalid_bounds", "/Form/0/max"),
    ("date min after max",
     form({"name": "d", "type": "date", "min": "2024-06-01", "max": "2024-01-01"}),
     "invalid_bounds", "/Form/0/max"),
    ("choice without choices", form({"name": "c", "type": "choice"}), "missing_field",
     "/Form/0/choices"),
    ("empty choices", form({"name": "c", "type": "multichoice", "choices": []}),
     "invalid_choices", "/Form/0/choices"),
    ("choices not a list", form({"name": "c", "type": "choice", "choices": "a,b"}),
     "invalid_choices", "/Form/0/choices"),
    ("choice not a string", form({"name": "c", "type": "choice", "choices": ["a", 2]}),
     "invalid_choices", "/Form/0/choices/1"),
    ("repeated choice", form({"name": "c", "type": "choice", "choices": ["a", "b", "a"]}),
     "invalid_choices", "/Form/0/choices/2"),
    ("choices on a text field", field(choices=["a"]), "invalid_choices", "/Form/0/choices"),
    ("number default out of bounds",
     form({"name": "n", "type": "number", "max": 10, "default": 11}), "invalid_default",
     "/Form/0/default"),
    ("number default as text", form({"name": "n", "type": "number", "default": "3"}),
     "invalid_default", "/Form/0/default"),
    ("text default too long", field(max=3, default="abcd"), "invalid_default",
     "/Form/0/default"),
    ("null default", field(default=None), "invalid_default", "/Form/0/default"),
    ("choice default not a choice",
     form({"name": "c", "type": "choice", "choices": ["a"], "default": "b"}),
     "invalid_default", "/Form/0/default"),
    ("multichoice default not a list",
     form({"name": "c", "type": "multichoice", "choices": ["a"], "default": "a"}),
     "invalid_default", "/Form/0/default"),
    ("boolean default as text", form({"name": "b", "type": "boolean", "default": "true"}),
     "invalid_default", "/Form/0/default"),
    ("date default before min",
     form({"name": "d", "type": "date", "min": "2024-01-01", "default": "2023-12-31"}),
     "invalid_default", "/Form/0/default"),
    # --- Reminder
    ("Reminder not an object", spec(Reminder=60), "invalid_type", "/Reminder"),
    ("Reminder without AfterSeconds", spec(Reminder={"EverySeconds": 60}), "missing_field",
     "/Reminder/AfterSeconds"),
    ("Reminder AfterSeconds 0", spec(Reminder={"AfterSeconds": 0}), "invalid_value",
     "/Reminder/AfterSeconds"),
    ("negative EverySeconds", spec(Reminder={"AfterSeconds": 1, "EverySeconds": -5}),
     "invalid_value", "/Reminder/EverySeconds"),
    ("MaxCount 0", spec(Reminder={"AfterSeconds": 1, "EverySeconds": 5, "MaxCount": 0}),
     "invalid_value", "/Reminder/MaxCount"),
    ("MaxCount above 1 without EverySeconds", spec(Reminder={"AfterSeconds": 1, "MaxCount": 3}),
     "invalid_value", "/Reminder/MaxCount"),
    ("unknown Reminder field", spec(Reminder={"AfterSeconds": 1, "Every": 5}),
     "unknown_field", "/Reminder/Every"),
    # --- Escalation
    ("Escalation not an object", spec(Escalation=["carol"]), "invalid_type", "/Escalation"),
    ("Escalation without AfterSeconds", spec(Escalation={"To": {"Users": ["carol"]}}),
     "missing_field", "/Escalation/AfterSeconds"),
    ("Escalation without To", spec(Escalation={"AfterSeconds": 60}),
     "escalation_needs_target", "/Escalation/To"),
    ("Escalation to nobody", spec(Escalation={"AfterSeconds": 60, "To": {"Users": []}}),
     "escalation_needs_target", "/Escalation/To"),
    ("Escalation To not an object", spec(Escalation={"AfterSeconds": 60, "To": ["carol"]}),
     "invalid_type", "/Escalation/To"),
    ("Escalation Users not a list",
     spec(Escalation={"AfterSeconds": 60, "To": {"Users": "carol"}}), "invalid_type",
     "/Escalation/To/Users"),
    ("unknown To field",
     spec(Escalation={"AfterSeconds": 60, "To": {"Users": ["c"], "Roles": ["boss"]}}),
     "unknown_field", "/Escalation/To/Roles"),
    ("unknown Escalation field",
     spec(Escalation={"AfterSeconds": 60, "To": {"Users": ["c"]}, "Via": "email"}),
     "unknown_field", "/Escalation/Via"),
]
# fmt: on


@pytest.mark.parametrize(
    ("value", "code", "location"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_each_problem_has_its_code_at_its_location(value: Any, code: str, location: str) -> None:
    assert found(value) == [(code, location)]


@pytest.mark.parametrize("value", [case[1] for case in INVALID], ids=[c[0] for c in INVALID])
def test_parse_refuses_every_invalid_spec(value: Any) -> None:
    with pytest.raises(SpecProblem):
        parse_approval_spec(value)


def test_an_unknown_field_message_names_it_and_lists_the_known_ones() -> None:
    [problem] = problems_in(form({"name": "a", "type": "text", "colour": "red"}))
    assert "'colour'" in problem.message and "Form[0]" in problem.message
    assert "name, type, label, required, default, min, max, choices" in problem.message
    [top] = problems_in(spec(Colour="red"))
    assert "'Colour'" in top.message and "RequiredApprovals" in top.message


def test_a_location_escapes_slash_and_tilde_in_keys() -> None:
    assert found(spec(**{"a/b~c": 1})) == [("unknown_field", "/a~1b~0c")]


def test_messages_say_where_the_problem_is_as_people_write_it() -> None:
    [problem] = problems_in(form({"name": "c", "type": "choice", "choices": ["a", "a"]}))
    assert problem.message == "'Form[0].choices[1]' repeats 'a'"


def test_a_default_message_reads_like_a_form_error() -> None:
    [problem] = problems_in(form({"name": "n", "type": "number", "max": 10, "default": 11}))
    assert problem.message == "'Form[0].default' must be at most 10"


def test_enough_assignees_is_not_checked_when_groups_may_add_people() -> None:
    assert problems_in(spec(Groups=["finance"], RequiredApprovals=3)) == []


def test_keys_ending_in_dollar_are_unknown_fields_once_evaluated() -> None:
    assert found({"Assignees.$": "$.approvers"}) == [
        ("unknown_field", "/Assignees.$"),
        ("approval_needs_assignee", ""),
    ]


# --- static mode: unevaluated Parameters and Arguments


def test_a_dollar_key_stands_for_its_field_in_static_mode() -> None:
    assert found({"Assignees.$": "$.approvers"}, static=True) == []


def test_an_unknown_dollar_key_is_reported_under_its_own_name() -> None:
    assert found(spec(**{"Colour.$": "$.c"}), static=True) == [("unknown_field", "/Colour.$")]


def test_a_field_given_both_as_value_and_as_path_is_reported() -> None:
    value = {"Assignees": ["bob"], "Assignees.$": "$.approvers"}
    assert found(value, static=True) == [("duplicate_field", "/Assignees.$")]


def test_a_nested_object_given_as_a_path_is_skipped() -> None:
    value = spec(**{"Form.$": "$.form", "Reminder.$": "$.r", "Escalation.$": "$.e"})
    assert found(value, static=True) == []


def test_dollar_keys_inside_nested_objects_are_unknown_values() -> None:
    choice = {"name": "c", "type": "choice", "choices.$": "$.options", "default": "x"}
    escalation = {"AfterSeconds.$": "$.after", "To": {"Users.$": "$.bosses"}}
    value = spec(Form=[choice], Escalation=escalation)
    assert found(value, static=True) == []


def test_jsonata_strings_are_unknown_values_in_static_mode() -> None:
    value = {
        "Assignees": "{% $states.input.approvers %}",
        "RequiredApprovals": "{% $count($states.input.approvers) %}",
        "Form": ["{% $states.input.extra %}", {"name": "{% $n %}", "type": "text"}],
        "Reminder": {"AfterSeconds": "{% $after %}"},
        "Escalation": "{% $escalation %}",
        "Priority": "{% $states.input.priority %}",
    }
    assert found(value, static=True) == []


def test_a_jsonata_string_in_a_list_does_not_hide_its_neighbours() -> None:
    assert found(spec(Assignees=["{% $a %}", 3]), static=True) == [("invalid_type", "/Assignees/1")]


def test_static_mode_still_reports_what_is_known() -> None:
    value = {"Assignees.$": "$.approvers", "RequiredApprovals": 0, "Form": [{"type": "text"}]}
    assert found(value, static=True) == [
        ("invalid_value", "/RequiredApprovals"),
        ("missing_field", "/Form/0/name"),
    ]


def test_enough_assignees_is_skipped_when_assignees_are_unknown() -> None:
    assert found({"Assignees.$": "$.a", "RequiredApprovals": 3}, static=True) == []
    assert found({"Assignees": ["{% $a %}"], "RequiredApprovals": 3}, static=True) == []


def test_a_whole_spec_given_as_jsonata_is_unknown_in_static_mode() -> None:
    assert found("{% $states.input.spec %}", static=True) == []


def test_jsonata_strings_are_plain_values_outside_static_mode() -> None:
    assert found(spec(RequiredApprovals="{% 2 %}")) == [("invalid_type", "/RequiredApprovals")]
