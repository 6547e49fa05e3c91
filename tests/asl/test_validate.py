"""engine.asl.validate: each invalid definition yields its code at its JSON-pointer location."""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.asl.validate import Diagnostic, validate

END: dict[str, Any] = {"Type": "Pass", "End": True}
SUCCEED: dict[str, Any] = {"Type": "Succeed"}


def machine(states: dict[str, Any], start: str | None = None, **top: Any) -> dict[str, Any]:
    return {"StartAt": start or next(iter(states)), "States": states, **top}


def one(state: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A machine whose only state is A."""
    return machine({"A": state}, **top)


def pass_(**fields: Any) -> dict[str, Any]:
    return {"Type": "Pass", "End": True, **fields}


def task(**fields: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": "baton:echo", "End": True, **fields}


def choice(*rules: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A machine: Choice state C with `rules` going to Done (the Default too)."""
    state = {"Type": "Choice", "Choices": list(rules), "Default": "Done", **fields}
    return machine({"C": state, "Done": SUCCEED})


def rule(**fields: Any) -> dict[str, Any]:
    return {"Variable": "$.x", "Next": "Done", **fields}


def wait(**fields: Any) -> dict[str, Any]:
    return one({"Type": "Wait", "End": True, **fields})


def map_(**fields: Any) -> dict[str, Any]:
    processor = {"StartAt": "X", "States": {"X": END}}
    return machine({"M": {"Type": "Map", "ItemProcessor": processor, "End": True, **fields}})


def parallel(*branches: dict[str, Any]) -> dict[str, Any]:
    return machine({"Fan": {"Type": "Parallel", "Branches": list(branches), "End": True}})


def jsonata(state: dict[str, Any]) -> dict[str, Any]:
    return one(state, QueryLanguage="JSONata")


LONG_NAME = "N" * 81

# fmt: off
INVALID: list[tuple[str, Any, str, str]] = [
    # --- the document itself
    ("json syntax", '{"StartAt": "A",', "invalid_json", ""),
    ("duplicate key", '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Type": "Succeed"}}}',
     "duplicate_key", "/States/A/Type"),
    ("not an object", ["StartAt"], "not_an_object", ""),
    ("number too large for a double", '{"StartAt": "A", "States": {"A": {"Type": "Pass", '
     '"Result": 1e400, "End": true}}}', "invalid_number", "/States/A/Result"),
    ("NaN", one(pass_(Parameters={"x": [float("nan")]})), "invalid_number",
     "/States/A/Parameters/x/0"),
    ("state not an object", machine({"A": 3}), "not_an_object", "/States/A"),
    ("no StartAt", {"States": {"A": END}}, "missing_field", ""),
    ("no States", {"StartAt": "A"}, "missing_field", ""),
    ("States is an array", {"StartAt": "A", "States": [END]}, "invalid_type", "/States"),
    ("unknown top-level field", one(END, Foo=1), "unknown_field", "/Foo"),
    ("top-level query language", one(END, QueryLanguage="XPath"), "invalid_query_language",
     "/QueryLanguage"),
    ("top-level timeout", one(END, TimeoutSeconds=0), "invalid_timeout", "/TimeoutSeconds"),
    # --- states and transitions
    ("no Type", one({"End": True}), "missing_field", "/States/A"),
    ("unknown Type", one({"Type": "Sleep", "End": True}), "unknown_state_type", "/States/A/Type"),
    ("no Next nor End", one({"Type": "Pass"}), "missing_field", "/States/A"),
    ("Next and End", machine({"A": {"Type": "Pass", "Next": "B", "End": True}, "B": END}),
     "next_and_end", "/States/A"),
    ("Next not a string", one({"Type": "Pass", "Next": 3}), "invalid_type", "/States/A/Next"),
    ("StartAt names nothing", machine({"A": END}, start="Go"), "start_at_missing_state",
     "/StartAt"),
    ("Next names nothing", one({"Type": "Pass", "Next": "Nowhere"}), "next_missing_state",
     "/States/A/Next"),
    ("Default names nothing", choice(rule(StringEquals="a"), Default="Nowhere"),
     "next_missing_state", "/States/C/Default"),
    ("Choice rule Next names nothing", choice(rule(StringEquals="a", Next="Nowhere")),
     "next_missing_state", "/States/C/Choices/0/Next"),
    ("Catch Next names nothing", one(task(Catch=[{"ErrorEquals": ["X"], "Next": "Nowhere"}])),
     "next_missing_state", "/States/A/Catch/0/Next"),
    ("unreachable state", machine({"A": END, "B": END}), "unreachable_state", "/States/B"),
    ("no terminal state",
     machine({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}),
     "no_terminal_state", "/States"),
    ("state name too long", machine({LONG_NAME: END}), "invalid_state_name",
     f"/States/{LONG_NAME}"),
    ("unknown state field", one(pass_(Resource="x")), "unknown_field", "/States/A/Resource"),
    ("Comment not a string", one(pass_(Comment=["a"])), "invalid_type", "/States/A/Comment"),
    ("End on a Choice", choice(rule(IsNull=True), End=True), "unknown_field", "/States/C/End"),
    ("Task without Resource", one({"Type": "Task", "End": True}), "missing_field", "/States/A"),
    ("Resource not a string", one(task(Resource=["arn"])), "invalid_type",
     "/States/A/Resource"),
    ("heartbeat not below timeout", one(task(TimeoutSeconds=10, HeartbeatSeconds=10)),
     "invalid_timeout", "/States/A/HeartbeatSeconds"),
    ("Error and ErrorPath", one({"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}),
     "exclusive_fields", "/States/A/ErrorPath"),
    # --- paths, templates, intrinsic functions
    ("InputPath without $", one(pass_(InputPath="input")), "invalid_path", "/States/A/InputPath"),
    ("ResultPath with a wildcard", one(pass_(ResultPath="$.a[*]")), "invalid_path",
     "/States/A/ResultPath"),
    ("ResultPath into the context", one(pass_(ResultPath="$$.Execution")), "invalid_path",
     "/States/A/ResultPath"),
    ("Parameters value not a path", one(pass_(Parameters={"x.$": "x"})), "invalid_path",
     "/States/A/Parameters/x.$"),
    ("nested ResultSelector path", one(task(ResultSelector={"a": {"b.$": "$.[1"}})),
     "invalid_path", "/States/A/ResultSelector/a/b.$"),
    ("unknown intrinsic", one(pass_(Parameters={"x.$": "States.Nope($.a)"})),
     "invalid_intrinsic", "/States/A/Parameters/x.$"),
    ("intrinsic arity", one(pass_(Parameters={"n.$": "States.ArrayLength($.a, $.b)"})),
     "invalid_intrinsic", "/States/A/Parameters/n.$"),
    ("intrinsic syntax", one(pass_(Assign={"v.$": "States.Format('{}', $.a"})),
     "invalid_intrinsic", "/States/A/Assign/v.$"),
    ("ErrorPath intrinsic", one({"Type": "Fail", "ErrorPath": "States.Format("}),
     "invalid_intrinsic", "/States/A/ErrorPath"),
    # --- query languages and JSONata
    ("JSONata syntax", jsonata(pass_(Output="{% 1 + %}")), "invalid_jsonata",
     "/States/A/Output"),
    ("JSONata syntax deep in Arguments",
     jsonata(task(Arguments={"list": [1, "{% $states.input. %}"]})), "invalid_jsonata",
     "/States/A/Arguments/list/1"),
    ("Output in a JSONPath state", one(pass_(Output={"a": 1})), "jsonata_field_in_jsonpath",
     "/States/A/Output"),
    ("Arguments in a JSONPath Task", one(task(Arguments={})), "jsonata_field_in_jsonpath",
     "/States/A/Arguments"),
    ("InputPath in a JSONata state", jsonata(pass_(InputPath="$.a")),
     "jsonpath_field_in_jsonata", "/States/A/InputPath"),
    ("Parameters in a JSONata Task", one(task(QueryLanguage="JSONata", Parameters={})),
     "jsonpath_field_in_jsonata", "/States/A/Parameters"),
    ("JSONPath state in a JSONata machine", jsonata(pass_(QueryLanguage="JSONPath")),
     "invalid_query_language", "/States/A/QueryLanguage"),
    ("state query language", one(pass_(QueryLanguage="jq")), "invalid_query_language",
     "/States/A/QueryLanguage"),
    # --- Choice rules
    ("two operators", choice(rule(StringEquals="a", StringMatches="a*")),
     "invalid_choice_rule", "/States/C/Choices/0"),
    ("no operator", choice(rule()), "invalid_choice_rule", "/States/C/Choices/0"),
    ("top-level rule without Next", choice({"Variable": "$.x", "IsNull": True}),
     "invalid_choice_rule", "/States/C/Choices/0"),
    ("Next inside a nested rule",
     choice({"Not": {"Variable": "$.x", "IsNull": True, "Next": "Done"}, "Next": "Done"}),
     "invalid_choice_rule", "/States/C/Choices/0/Not/Next"),
    ("numeric operand is a string", choice(rule(NumericEquals="1")), "invalid_choice_rule",
     "/States/C/Choices/0/NumericEquals"),
    ("empty And", choice({"And": [], "Next": "Done"}), "invalid_choice_rule",
     "/States/C/Choices/0/And"),
    ("bad path operand", choice(rule(StringEqualsPath="x")), "invalid_path",
     "/States/C/Choices/0/StringEqualsPath"),
    ("Condition in a JSONPath rule", choice({"Condition": True, "Next": "Done"}),
     "jsonata_field_in_jsonpath", "/States/C/Choices/0/Condition"),
    ("Variable in a JSONata rule",
     choice({"Condition": True, "Variable": "$.x", "Next": "Done"}, QueryLanguage="JSONata"),
     "jsonpath_field_in_jsonata", "/States/C/Choices/0/Variable"),
    ("choice timestamp operand", choice(rule(TimestampEquals="2024-13-01T00:00:00Z")),
     "invalid_timestamp", "/States/C/Choices/0/TimestampEquals"),
    # --- Retry and Catch
    ("States.ALL not last in Retry",
     one(task(Retry=[{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}])),
     "states_all_not_last", "/States/A/Retry/0/ErrorEquals"),
    ("States.ALL not alone in Catch",
     one(task(Catch=[{"ErrorEquals": ["States.ALL", "X"], "Next": "A"}])),
     "states_all_not_last", "/States/A/Catch/0/ErrorEquals"),
    ("empty ErrorEquals", one(task(Retry=[{"ErrorEquals": []}])), "invalid_type",
     "/States/A/Retry/0/ErrorEquals"),
    ("BackoffRate below 1", one(task(Retry=[{"ErrorEquals": ["X"], "BackoffRate": 0.5}])),
     "invalid_retry", "/States/A/Retry/0/BackoffRate"),
    ("negative IntervalSeconds",
     one(task(Retry=[{"ErrorEquals": ["X"], "IntervalSeconds": -1}])), "invalid_retry",
     "/States/A/Retry/0/IntervalSeconds"),
    ("negative MaxAttempts", one(task(Retry=[{"ErrorEquals": ["X"], "MaxAttempts": -1}])),
     "invalid_retry", "/States/A/Retry/0/MaxAttempts"),
    ("unknown JitterStrategy",
     one(task(Retry=[{"ErrorEquals": ["X"], "JitterStrategy": "SOME"}])), "invalid_retry",
     "/States/A/Retry/0/JitterStrategy"),
    ("unknown retrier field", one(task(Retry=[{"ErrorEquals": ["X"], "Next": "A"}])),
     "unknown_field", "/States/A/Retry/0/Next"),
    ("Catch without Next", one(task(Catch=[{"ErrorEquals": ["X"]}])), "missing_field",
     "/States/A/Catch/0"),
    # --- Wait
    ("Wait with nothing", wait(), "wait_needs_one_of", "/States/A"),
    ("Wait with two", wait(Seconds=1, Timestamp="2016-03-14T01:59:00Z"), "wait_needs_one_of",
     "/States/A"),
    ("Wait timestamp", wait(Timestamp="tomorrow at noon"), "invalid_timestamp",
     "/States/A/Timestamp"),
    ("negative Wait seconds", wait(Seconds=-1), "invalid_seconds", "/States/A/Seconds"),
    # --- Assign
    ("variable name starts with a digit", one(pass_(Assign={"1st": 1})),
     "invalid_variable_name", "/States/A/Assign/1st"),
    ("reserved variable name", jsonata(pass_(Assign={"states": 1})), "invalid_variable_name",
     "/States/A/Assign/states"),
    # --- Map and Parallel
    ("Map without processor", machine({"M": {"Type": "Map", "End": True}}), "missing_field",
     "/States/M"),
    ("tolerated percentage over 100", map_(ToleratedFailurePercentage=101),
     "invalid_tolerance", "/States/M/ToleratedFailurePercentage"),
    ("negative tolerated count", map_(ToleratedFailureCount=-1), "invalid_tolerance",
     "/States/M/ToleratedFailureCount"),
    ("negative MaxConcurrency", map_(MaxConcurrency=-1), "invalid_max_concurrency",
     "/States/M/MaxConcurrency"),
    ("ItemsPath not a reference path", map_(ItemsPath="$..items"), "invalid_path",
     "/States/M/ItemsPath"),
    ("Items in a JSONPath Map", map_(Items=[1]), "jsonata_field_in_jsonpath", "/States/M/Items"),
    ("Parallel without branches", machine({"P": {"Type": "Parallel", "End": True}}),
     "missing_field", "/States/P"),
]
# fmt: on


def map_mode(config: dict[str, Any]) -> dict[str, Any]:
    processor = {"ProcessorConfig": config, "StartAt": "X", "States": {"X": END}}
    return machine({"M": {"Type": "Map", "ItemProcessor": processor, "End": True}})


BRANCH_OK = {"StartAt": "Ok", "States": {"Ok": END}}

NESTED: list[tuple[str, Any, str, str]] = [
    (
        "unknown processor mode",
        map_mode({"Mode": "PARALLEL"}),
        "map_processor_mode",
        "/States/M/ItemProcessor/ProcessorConfig/Mode",
    ),
    (
        "distributed without execution type",
        map_mode({"Mode": "DISTRIBUTED"}),
        "map_processor_mode",
        "/States/M/ItemProcessor/ProcessorConfig",
    ),
    (
        "branch Next names a state outside the branch",
        machine(
            {
                "Fan": {
                    "Type": "Parallel",
                    "Branches": [
                        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "After"}}}
                    ],
                    "Next": "After",
                },
                "After": END,
            }
        ),
        "next_missing_state",
        "/States/Fan/Branches/0/States/A/Next",
    ),
    (
        "branch without a terminal state",
        parallel(BRANCH_OK, {"StartAt": "L", "States": {"L": {"Type": "Pass", "Next": "L"}}}),
        "no_terminal_state",
        "/States/Fan/Branches/1/States",
    ),
    (
        "branch unreachable state",
        parallel({"StartAt": "A", "States": {"A": END, "B": SUCCEED}}),
        "unreachable_state",
        "/States/Fan/Branches/0/States/B",
    ),
    (
        "branch Retry States.ALL",
        parallel(
            {
                "StartAt": "T",
                "States": {
                    "T": task(Retry=[{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}])
                },
            }
        ),
        "states_all_not_last",
        "/States/Fan/Branches/0/States/T/Retry/0/ErrorEquals",
    ),
    (
        "branch missing StartAt",
        parallel({"States": {"A": END}}),
        "missing_field",
        "/States/Fan/Branches/0",
    ),
    (
        "state names unique across branches",
        parallel(BRANCH_OK, BRANCH_OK),
        "duplicate_state_name",
        "/States/Fan/Branches/1/States/Ok",
    ),
    (
        "processor unknown state type",
        machine(
            {
                "M": {
                    "Type": "Map",
                    "End": True,
                    "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Nap"}}},
                }
            }
        ),
        "unknown_state_type",
        "/States/M/ItemProcessor/States/X/Type",
    ),
    (
        "legacy Iterator start missing",
        machine(
            {"M": {"Type": "Map", "End": True, "Iterator": {"StartAt": "Y", "States": {"X": END}}}}
        ),
        "start_at_missing_state",
        "/States/M/Iterator/StartAt",
    ),
    (
        "JSONata processor inherits the language",
        machine(
            {
                "M": {
                    "Type": "Map",
                    "End": True,
                    "QueryLanguage": "JSONata",
                    "ItemProcessor": {"StartAt": "X", "States": {"X": pass_(Parameters={})}},
                }
            }
        ),
        "jsonpath_field_in_jsonata",
        "/States/M/ItemProcessor/States/X/Parameters",
    ),
    (
        "nested Map inside a branch",
        parallel({"StartAt": "M", "States": {"M": map_(MaxConcurrency=-2)["States"]["M"]}}),
        "invalid_max_concurrency",
        "/States/Fan/Branches/0/States/M/MaxConcurrency",
    ),
    (
        "branch choice rule",
        parallel({"StartAt": "C", "States": choice(rule())["States"]}),
        "invalid_choice_rule",
        "/States/Fan/Branches/0/States/C/Choices/0",
    ),
    (
        "unknown branch field",
        parallel({**BRANCH_OK, "TimeoutSeconds": 3}),
        "unknown_field",
        "/States/Fan/Branches/0/TimeoutSeconds",
    ),
]


def errors(definition: Any) -> list[tuple[str, str]]:
    return [(d.code, d.location) for d in validate(definition) if d.severity == "error"]


@pytest.mark.parametrize(
    ("definition", "code", "location"),
    [pytest.param(*case[1:], id=case[0]) for case in INVALID + NESTED],
)
def test_invalid_definition_is_reported_with_code_and_location(
    definition: Any, code: str, location: str
) -> None:
    assert errors(definition) == [(code, location)]


VALID: list[tuple[str, Any]] = [
    ("one Pass state", one(END)),
    ("as JSON text", json.dumps(machine({"A": {"Type": "Pass", "Next": "B"}, "B": SUCCEED}))),
    (
        "JSONPath task with everything",
        one(
            task(
                InputPath="$.in",
                Parameters={
                    "a.$": "$.a",
                    "n.$": "States.MathAdd($.n, 1)",
                    "ctx.$": "$$.Execution.Id",
                    "v.$": "$var",
                },
                ResultSelector={"p.$": "$.Payload"},
                ResultPath="$.out",
                OutputPath="$",
                TimeoutSeconds=30,
                HeartbeatSeconds=10,
                Assign={"count.$": "$.n", "fixed": [1]},
                Retry=[
                    {
                        "ErrorEquals": ["X"],
                        "IntervalSeconds": 2,
                        "MaxAttempts": 0,
                        "BackoffRate": 1.5,
                        "MaxDelaySeconds": 5,
                        "JitterStrategy": "FULL",
                    },
                    {"ErrorEquals": ["States.ALL"]},
                ],
                Catch=[{"ErrorEquals": ["States.ALL"], "Next": "A", "ResultPath": "$.error"}],
            )
        ),
    ),
    (
        "JSONata machine",
        jsonata(
            task(
                Arguments={"x": "{% $states.input.x + 1 %}"},
                Output="{% $states.result %}",
                Assign={"total": "{% $sum($states.input.items) %}"},
                TimeoutSeconds="{% 3 %}",
                Catch=[
                    {
                        "ErrorEquals": ["States.ALL"],
                        "Next": "A",
                        "Output": "{% $states.errorOutput %}",
                    }
                ],
            )
        ),
    ),
    (
        "choice with combinators",
        choice(
            {
                "And": [
                    {"Variable": "$.x", "IsPresent": True},
                    {"Not": {"Variable": "$.y", "NumericGreaterThanPath": "$.z"}},
                ],
                "Next": "Done",
            },
            {
                "Or": [
                    {"Variable": "$.t", "TimestampLessThan": "2016-03-14T01:59:00.123Z"},
                    {"Variable": "$$.Execution.Name", "StringMatches": "run-*"},
                ],
                "Next": "Done",
                "Assign": {"hit": True},
            },
        ),
    ),
    (
        "Map and Parallel",
        machine(
            {
                "Fan": {"Type": "Parallel", "Next": "M", "Branches": [BRANCH_OK]},
                "M": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "MaxConcurrency": 2,
                    "ToleratedFailurePercentage": 12.5,
                    "ItemSelector": {"v.$": "$$.Map.Item.Value"},
                    "ItemProcessor": {
                        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                        "StartAt": "W",
                        "States": {"W": {"Type": "Wait", "Seconds": 1, "End": True}},
                    },
                    "End": True,
                },
            }
        ),
    ),
    (
        "JSONata state in a JSONPath machine",
        machine(
            {
                "A": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% 1 %}", "Next": "B"},
                "B": {"Type": "Wait", "TimestampPath": "$.at", "Next": "F"},
                "F": {"Type": "Fail", "Error": "Oops", "CausePath": "States.Format('n={}', $.n)"},
            }
        ),
    ),
]


@pytest.mark.parametrize("definition", [pytest.param(d, id=name) for name, d in VALID])
def test_valid_definition_has_no_diagnostics(definition: Any) -> None:
    assert validate(definition) == []


def test_every_problem_is_reported_not_just_the_first() -> None:
    definition = machine({"A": {"Type": "Pass", "Next": "Gone"}, "B": {"Type": "Nap"}})
    assert errors(definition) == [
        ("unknown_state_type", "/States/B/Type"),
        ("next_missing_state", "/States/A/Next"),
        ("unreachable_state", "/States/B"),
    ]


def test_invalid_json_message_gives_line_and_column() -> None:
    [diagnostic] = validate('{\n  "StartAt": "A",\n  "States": }')
    assert diagnostic.code == "invalid_json"
    assert "line 3, column 13" in diagnostic.message


def test_location_escapes_slash_and_tilde_in_state_names() -> None:
    definition = machine({"a/b~c": {"Type": "Pass", "Next": "x"}})
    assert ("next_missing_state", "/States/a~1b~0c/Next") in errors(definition)


def test_message_names_the_state_and_field() -> None:
    [diagnostic] = validate(one(task(Retry=[{"ErrorEquals": ["X"], "BackoffRate": 0.5}])))
    assert "State 'A'" in diagnostic.message
    assert "BackoffRate" in diagnostic.message


def test_choice_without_default_is_only_a_warning() -> None:
    definition = machine({"C": {"Type": "Choice", "Choices": [rule(IsNull=True)]}, "Done": SUCCEED})
    [diagnostic] = validate(definition)
    assert (diagnostic.code, diagnostic.severity) == ("choice_without_default", "warning")
    assert diagnostic.location == "/States/C"


def test_dollar_key_in_a_jsonata_state_is_only_a_warning() -> None:
    [diagnostic] = validate(jsonata(pass_(Output={"a.$": "$.a"})))
    assert (diagnostic.code, diagnostic.severity) == ("dollar_key_in_jsonata", "warning")
    assert diagnostic.location == "/States/A/Output/a.$"


def test_diagnostic_as_dict() -> None:
    diagnostic = Diagnostic("missing_field", "needs 'Type'", "/States/A")
    assert diagnostic.as_dict() == {
        "code": "missing_field",
        "message": "needs 'Type'",
        "location": "/States/A",
        "severity": "error",
    }
