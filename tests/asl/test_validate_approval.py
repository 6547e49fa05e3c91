"""engine.asl.validate on `baton:approval` Tasks: problems of the specification in Parameters
(JSONPath) or Arguments (JSONata) come back at their place in the whole definition."""

from __future__ import annotations

from typing import Any

import pytest

from engine.asl.validate import validate


def approve(spec: Any = None, **fields: Any) -> dict[str, Any]:
    """A machine whose Approve state is a baton:approval Task holding `spec` as Parameters."""
    state = {"Type": "Task", "Resource": "baton:approval", "Next": "Done", **fields}
    if spec is not None:
        state["Parameters"] = spec
    return {"StartAt": "Approve", "States": {"Approve": state, "Done": {"Type": "Succeed"}}}


def jsonata(definition: dict[str, Any]) -> dict[str, Any]:
    return {"QueryLanguage": "JSONata", **definition}


def approve_jsonata(arguments: Any) -> dict[str, Any]:
    return jsonata(approve(Arguments=arguments))


def found(definition: Any) -> list[tuple[str, str]]:
    return [(d.code, d.location) for d in validate(definition)]


FULL: dict[str, Any] = {
    "Title": "Approve the purchase",
    "Description": "A **laptop** for the new hire",
    "Assignees": ["bob"],
    "Groups": ["finance"],
    "Form": [
        {"name": "amount", "type": "number", "required": True, "min": 1, "max": 5000},
        {"name": "vendor", "type": "choice", "choices": ["Acme", "Globex"], "default": "Acme"},
        {"name": "comment", "type": "textarea", "max": 500},
        {"name": "deliver_by", "type": "date", "min": "2024-01-01"},
    ],
    "RequiredApprovals": 2,
    "AllowSelfApproval": False,
    "Reminder": {"AfterSeconds": 3600, "EverySeconds": 1800, "MaxCount": 4},
    "Escalation": {"AfterSeconds": 86400, "To": {"Groups": ["managers"]}},
    "Priority": "urgent",
    "DueSeconds": 172800,
    "OnTimeout": "Reject",
}

# fmt: off
INVALID: list[tuple[str, Any, str, str]] = [
    ("form field without a name", approve({"Assignees": ["bob"], "Form": [{"type": "text"}]}),
     "missing_field", "/States/Approve/Parameters/Form/0/name"),
    ("RequiredApprovals 0", approve({"Assignees": ["bob"], "RequiredApprovals": 0}),
     "invalid_value", "/States/Approve/Parameters/RequiredApprovals"),
    ("escalation without a target",
     approve({"Assignees": ["bob"], "Escalation": {"AfterSeconds": 60}}),
     "escalation_needs_target", "/States/Approve/Parameters/Escalation/To"),
    ("escalation to nobody",
     approve({"Assignees": ["bob"], "Escalation": {"AfterSeconds": 60, "To": {"Users": []}}}),
     "escalation_needs_target", "/States/Approve/Parameters/Escalation/To"),
    ("unknown field", approve({"Assignees": ["bob"], "Colour": "red"}), "unknown_field",
     "/States/Approve/Parameters/Colour"),
    ("unknown path field", approve({"Assignees": ["bob"], "Colour.$": "$.colour"}),
     "unknown_field", "/States/Approve/Parameters/Colour.$"),
    ("nobody to approve", approve({"Title": "Sign off"}), "approval_needs_assignee",
     "/States/Approve/Parameters"),
    ("repeated choice",
     approve({"Groups": ["g"], "Form": [{"name": "c", "type": "choice",
                                         "choices": ["a", "b", "a"]}]}),
     "invalid_choices", "/States/Approve/Parameters/Form/0/choices/2"),
    ("Parameters not an object", approve(["bob"]), "not_an_object",
     "/States/Approve/Parameters"),
    ("no Parameters", approve(), "approval_needs_parameters", "/States/Approve"),
    ("no Arguments in a JSONata state", jsonata(approve()),
     "approval_needs_parameters", "/States/Approve"),
    ("JSONata Arguments", approve_jsonata({"Groups": ["g"], "Priority": "asap"}),
     "invalid_value", "/States/Approve/Arguments/Priority"),
    ("key with a slash", approve({"Groups": ["g"], "a/b": 1}), "unknown_field",
     "/States/Approve/Parameters/a~1b"),
]
# fmt: on


@pytest.mark.parametrize(
    ("definition", "code", "location"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_each_spec_problem_is_reported_at_its_place_in_the_definition(
    definition: dict[str, Any], code: str, location: str
) -> None:
    assert found(definition) == [(code, location)]


def test_a_valid_full_example_yields_no_diagnostics() -> None:
    assert validate(approve(FULL, TimeoutSeconds=604800)) == []


def test_messages_name_the_state_and_the_field() -> None:
    [diagnostic] = validate(approve({"Assignees": ["bob"], "RequiredApprovals": 0}))
    assert diagnostic.message == ("State 'Approve': 'RequiredApprovals' must be at least 1, not 0")


def test_every_problem_of_one_spec_is_reported() -> None:
    spec = {"Assignees": ["bob"], "Priority": "asap", "Form": [{"name": "x"}], "DueSeconds": 0}
    assert found(approve(spec)) == [
        ("invalid_value", "/States/Approve/Parameters/Priority"),
        ("missing_field", "/States/Approve/Parameters/Form/0/type"),
        ("invalid_value", "/States/Approve/Parameters/DueSeconds"),
    ]


def test_path_values_are_accepted_where_the_spec_is_evaluated_at_run_time() -> None:
    spec = {
        "Title.$": "States.Format('Approve {}', $.order)",
        "Assignees.$": "$.approvers",
        "Form.$": "$.form",
        "Escalation": {"AfterSeconds": 60, "To": {"Users.$": "$.managers"}},
    }
    assert validate(approve(spec)) == []


def test_a_path_value_is_still_checked_as_a_path() -> None:
    assert found(approve({"Assignees.$": "approvers"})) == [
        ("invalid_path", "/States/Approve/Parameters/Assignees.$")
    ]


def test_jsonata_values_are_accepted_in_a_jsonata_state() -> None:
    arguments = {
        "Title": "{% 'Approve ' & $states.input.order %}",
        "Assignees": "{% $states.input.approvers %}",
        "RequiredApprovals": "{% $count($states.input.approvers) %}",
    }
    assert validate(approve_jsonata(arguments)) == []


def test_arguments_given_as_one_jsonata_expression_are_not_checked() -> None:
    assert validate(approve_jsonata("{% $states.input.approval %}")) == []


def test_other_resources_are_not_checked_as_approvals() -> None:
    definition = approve({"Anything": 1})
    definition["States"]["Approve"]["Resource"] = "baton:echo"
    assert validate(definition) == []


def test_an_approval_inside_a_parallel_branch_is_located_in_its_branch() -> None:
    branch = approve({"Assignees": ["bob"], "OnTimeout": "Wait"})
    parallel = {"Type": "Parallel", "Branches": [branch], "End": True}
    definition = {"StartAt": "Fan", "States": {"Fan": parallel}}
    assert found(definition) == [
        ("invalid_value", "/States/Fan/Branches/0/States/Approve/Parameters/OnTimeout")
    ]


def test_json_text_definitions_are_checked_too() -> None:
    text = (
        '{"StartAt": "Approve", "States": {"Approve": {"Type": "Task", '
        '"Resource": "baton:approval", "Parameters": {"Groups": []}, "End": true}}}'
    )
    assert found(text) == [("approval_needs_assignee", "/States/Approve/Parameters")]
